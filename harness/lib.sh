# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts; sourced, not run.

HARNESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$HARNESS_DIR")

# Output directory (O=DIR on make's command line), default build/ here.
O=${O:-$PROJECT_DIR/build}
mkdir -p "$O"
O=$(cd "$O" && pwd)

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
	export CCACHE_BASEDIR=$O CCACHE_NOHASHDIR=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-12G}
	if [ ! -x "$CACHE_DIR/ccache-bin/gcc" ]; then
		mkdir -p "$CACHE_DIR/ccache-bin"
		for c in gcc cc x86_64-linux-gnu-gcc aarch64-linux-gnu-gcc; do
			ln -sf "$(command -v ccache)" "$CACHE_DIR/ccache-bin/$c"
		done
	fi
	case :$PATH: in *":$CACHE_DIR/ccache-bin:"*) ;; *) export PATH=$CACHE_DIR/ccache-bin:$PATH ;; esac
fi

# Which base the project builds on when no KERNEL_SRC is given. Every base
# but the primary one gets a directory of its own under the output
# directory, so that switching bases rebuilds nothing.
BASE=${BASE:-7.3}
if [ "$BASE" != 7.3 ] && [ "${O##*/}" != "linux-$BASE" ]; then
	O=$O/linux-$BASE
	mkdir -p "$O"
fi

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

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
