# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts; sourced, not run.

HARNESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$HARNESS_DIR")

# Output root (O=DIR on make's command line), default build/ here. Each
# base gets its own directory under it (below); O_TOP stays the root.
# Made only once the base's directory is known to be allowed (below).
O_TOP=$(realpath -m "${O_TOP:-${O:-$PROJECT_DIR/build}}")
export O_TOP

# Download cache, kept outside O= so that "make clean" does not drop it.
CACHE_DIR=${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iommu-probe-kunit}

# Compiler cache (Debian's ccache; CCACHE=0 turns it off), beside the
# downloads: every build directory and every clone shares it. Paths under
# the output directory are hashed relative to it, so a clean clone
# elsewhere still hits what another clone compiled. The compilers the
# builds call by name (gcc for UML and x86_64, aarch64-linux-gnu-gcc for
# arm64) are found first in a directory of links to ccache.
if [ "${CCACHE:-1}" != 0 ] && command -v ccache >/dev/null 2>&1; then
	export CCACHE_DIR=${CCACHE_DIR:-$CACHE_DIR/ccache}
	export CCACHE_BASEDIR=$O_TOP CCACHE_NOHASHDIR=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-12G}
	if [ ! -x "$CACHE_DIR/ccache-bin/gcc" ]; then
		mkdir -p "$CACHE_DIR/ccache-bin"
		for c in gcc cc x86_64-linux-gnu-gcc aarch64-linux-gnu-gcc; do
			ln -sf "$(command -v ccache)" "$CACHE_DIR/ccache-bin/$c"
		done
	fi
	case :$PATH: in *":$CACHE_DIR/ccache-bin:"*) ;; *) export PATH=$CACHE_DIR/ccache-bin:$PATH ;; esac
fi

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_kernel_tree() {
	[ -f "$1/Makefile" ] && grep -q '^PATCHLEVEL = ' "$1/Makefile" &&
		[ -f "$1/Kconfig" ] && [ -f "$1/drivers/iommu/iommu.c" ] &&
		[ -x "$1/tools/testing/kunit/kunit.py" ]
}

# The kernel version a tree's Makefile gives: 7.3.4, 7.3.0-rc7.
kernel_version() {
	awk '/^VERSION = /{v=$3} /^PATCHLEVEL = /{p=$3} /^SUBLEVEL = /{s=$3}
	     /^EXTRAVERSION = /{e=$3} END{print v "." p "." s e}' "$1/Makefile"
}

# The base, decided here and nowhere else, and exported for the scripts
# this one runs:
#   BASE         the kernel's major.minor: the tree's own with KERNEL_SRC,
#                else BASE from the command line, else 7.3;
#   SERIES_BASE  the patches/<base>/ whose series is applied: BASE's own,
#                or for a KERNEL_SRC of a version without one, the primary
#                7.3 series, applied three-way (harness/assemble.sh);
#   O            the base's output directory: $O_TOP/<base> for the
#                project's bases, $O_TOP/<version> for a KERNEL_SRC tree.
PRIMARY_BASE=7.3
if [ -n "${KERNEL_SRC:-}" ]; then
	KERNEL_SRC=$(cd "$KERNEL_SRC" 2>/dev/null && pwd -P) || die "KERNEL_SRC=$KERNEL_SRC: no such directory"
	is_kernel_tree "$KERNEL_SRC" ||
		die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree (no Makefile with PATCHLEVEL, Kconfig, drivers/iommu/iommu.c and tools/testing/kunit/kunit.py); nothing was written there"
	TREE_VERSION=$(kernel_version "$KERNEL_SRC")
	tree_base=${TREE_VERSION%%-*}
	tree_base=${tree_base%.*}
	[ -z "${BASE:-}" ] || [ "$BASE" = "$tree_base" ] ||
		die "BASE=$BASE, but KERNEL_SRC=$KERNEL_SRC is Linux $TREE_VERSION: leave BASE out"
	BASE=$tree_base
	O=$O_TOP/$TREE_VERSION
	# The tree's output directory is rebuilt at will: it must not hold the
	# tree, nor lie inside it.
	case $KERNEL_SRC/ in "$O"/*) die "KERNEL_SRC=$KERNEL_SRC lies inside its output directory $O" ;; esac
	case $O/ in "$KERNEL_SRC"/*) die "the output directory $O lies inside KERNEL_SRC=$KERNEL_SRC, which is never written to" ;; esac
	export KERNEL_SRC TREE_VERSION
else
	BASE=${BASE:-$PRIMARY_BASE}
	O=$O_TOP/$BASE
fi
SERIES_BASE=$BASE
[ -r "$PROJECT_DIR/patches/$BASE/series" ] || SERIES_BASE=$PRIMARY_BASE
[ -n "${KERNEL_SRC:-}" ] || [ "$SERIES_BASE" = "$BASE" ] ||
	die "no base Linux $BASE here: the project's bases are $(cd "$PROJECT_DIR/patches" && ls -d [0-9]* | tr '\n' ' ')(KERNEL_SRC=<tree> runs the suite on a tree of another version)"
BASE_CONF=$PROJECT_DIR/patches/$SERIES_BASE/base.conf
mkdir -p "$O"
export BASE SERIES_BASE O

# unpack_source_deb DEB DIR: the kernel tree of a Debian linux-source
# package (its /usr/src/<package>.tar.xz) into DIR, which must exist.
unpack_source_deb() {
	dpkg-deb --fsys-tarfile "$1" |
		tar -xO "./usr/src/$(dpkg-deb -f "$1" Package).tar.xz" |
		tar -xJ --strip-components=1 -C "$2"
}

# The assembled tree. With ASSEMBLED=1 the tree at $O/tree is taken as it
# is, without reassembling: make mutants runs with a mutant applied there.
assembled_tree() {
	if [ -n "${ASSEMBLED:-}" ]; then
		echo "$O/tree"
	else
		"$HARNESS_DIR/assemble.sh"
	fi
}

# The line of harness/matrix.conf for configuration $1, its fields trimmed
# and separated by "|", with $H replaced by the harness directory.
matrix_row() {
	awk -F'|' -v name="$1" -v h="$HARNESS_DIR" '
		/^[[:space:]]*(#|$)/ { next }
		{
			for (i = 1; i <= NF; i++) {
				gsub(/^[[:space:]]+|[[:space:]]+$/, "", $i)
				gsub(/\$H/, h, $i)
			}
			if ($1 == name) { print $1 "|" $2 "|" $3 "|" $4 "|" $5; found = 1; exit }
		}
		END { exit !found }' "$HARNESS_DIR/matrix.conf"
}

# The names of all configurations, in the table's order.
matrix_names() {
	awk -F'|' '/^[[:space:]]*(#|$)/ { next } { gsub(/[[:space:]]/, "", $1); print $1 }' \
		"$HARNESS_DIR/matrix.conf"
}

# make_initramfs KBUILD CPIO INIT [FILE PATH MODE]...: a busybox initramfs
# whose /init is INIT, with each FILE at PATH, packed by KBUILD's
# gen_init_cpio into CPIO (its list beside it).
make_initramfs() {
	local kbuild=$1 cpio=$2 init=$3
	shift 3
	{
		printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' \
			'dir /proc 0755 0 0' 'dir /sys 0755 0 0' 'dir /bin 0755 0 0'
		echo "file /bin/busybox $(command -v busybox) 0755 0 0"
		echo "file /init $init 0755 0 0"
		while [ $# -ge 3 ]; do
			echo "file $2 $1 $3 0 0"
			shift 3
		done
	} >"$cpio.list"
	"$kbuild/usr/gen_init_cpio" "$cpio.list" >"$cpio"
}

# Kernel log lines that fail a run that is scanned (harness/matrix.conf):
# sanitizer, lockdep, WARN, BUG and panic reports.
REPORTS='BUG:|WARNING:|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|scheduling while atomic|list_(add|del) corruption|Kernel panic|Oops'
