# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Shared definitions of the harness scripts; sourced, not run. Sourcing
# defines functions and variables and does nothing else: a script calls
# base_setup and ccache_setup itself when it needs them.

HARNESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$HARNESS_DIR")
PLAN=$HARNESS_DIR/plan.conf

# Output root (make O=DIR), default build/ in the project; each base gets a
# directory under it. The download cache and the compiler cache live apart
# from it, so that "make clean" keeps them.
O_TOP=$(realpath -m "${O_TOP:-${O:-$PROJECT_DIR/build}}")
CACHE_DIR=${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iommu-probe-kunit}

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The plan (harness/plan.conf): "|"-separated fields, trimmed.
plan_lines() {
	awk -F'|' -v kind="$1" '
		/^[[:space:]]*(#|$)/ { next }
		{
			for (i = 1; i <= NF; i++) gsub(/^[[:space:]]+|[[:space:]]+$/, "", $i)
			if ($1 != kind) next
			out = $2
			for (i = 3; i <= NF; i++) out = out "|" $i
			print out
		}' "$PLAN"
}
# The bases, the primary one first.
plan_bases() { plan_lines base | cut -d'|' -f1; }
plan_primary() { plan_bases | head -n 1; }
# "name|build dir|how|bases|kunit.py options|what it proves" of a configuration.
plan_config() { plan_lines config | awk -F'|' -v n="$1" '$1 == n { print; found = 1 } END { exit !found }'; }
plan_configs() { plan_lines config | cut -d'|' -f1; }
# The configurations make test runs on base $1, in the plan's order.
plan_configs_on() { plan_lines config | awk -F'|' -v b="$1" '(" " $4 " ") ~ (" " b " ") { print $1 }'; }
# Whether make test runs step $1 (each-patch, mutants, coverage, base-oops) on base $2.
plan_step_on() { plan_lines step | awk -F'|' -v s="$1" -v b="$2" '$1 == s && (" " $2 " ") ~ (" " b " ") { f = 1 } END { exit !f }'; }

is_kernel_tree() {
	[ -f "$1/Makefile" ] && grep -q '^PATCHLEVEL = ' "$1/Makefile" &&
		[ -f "$1/Kconfig" ] && [ -f "$1/drivers/iommu/iommu.c" ] &&
		[ -x "$1/tools/testing/kunit/kunit.py" ]
}

# The version a tree's Makefile gives: VERSION.PATCHLEVEL.SUBLEVEL plus EXTRAVERSION.
kernel_version() {
	awk '/^VERSION = /{v=$3} /^PATCHLEVEL = /{p=$3} /^SUBLEVEL = /{s=$3}
	     /^EXTRAVERSION = /{e=$3} END{print v "." p "." s e}' "$1/Makefile"
}

# base_setup: decide the base, once, from KERNEL_SRC or BASE, and set
#   BASE         major.minor: the tree's own with KERNEL_SRC, else BASE,
#                else the plan's primary base;
#   SERIES_BASE  whose patches/<base>/ apply: BASE's own, or for a tree of
#                another version the primary base's, three-way;
#   O            the base's output directory: $O_TOP/<base>, or
#                $O_TOP/<version> for a KERNEL_SRC tree;
#   BASE_CONF    patches/<SERIES_BASE>/base.conf.
base_setup() {
	local tree_base primary
	primary=$(plan_primary)
	if [ -n "${KERNEL_SRC:-}" ]; then
		KERNEL_SRC=$(cd "$KERNEL_SRC" 2>/dev/null && pwd -P) ||
			die "KERNEL_SRC=$KERNEL_SRC: no such directory"
		is_kernel_tree "$KERNEL_SRC" ||
			die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree (no Makefile with PATCHLEVEL, Kconfig, drivers/iommu/iommu.c and tools/testing/kunit/kunit.py); nothing was written there"
		TREE_VERSION=$(kernel_version "$KERNEL_SRC")
		tree_base=${TREE_VERSION%%-*}
		tree_base=${tree_base%.*}
		[ -z "${BASE:-}" ] || [ "$BASE" = "$tree_base" ] ||
			die "BASE=$BASE, but KERNEL_SRC=$KERNEL_SRC is Linux $TREE_VERSION: leave BASE out"
		BASE=$tree_base
		O=$O_TOP/$TREE_VERSION
		case $KERNEL_SRC/ in "$O"/*) die "KERNEL_SRC=$KERNEL_SRC lies inside its output directory $O" ;; esac
		case $O/ in "$KERNEL_SRC"/*) die "the output directory $O lies inside KERNEL_SRC=$KERNEL_SRC, which is never written to" ;; esac
		export KERNEL_SRC TREE_VERSION
	else
		BASE=${BASE:-$primary}
		O=$O_TOP/$BASE
	fi
	SERIES_BASE=$BASE
	[ -r "$PROJECT_DIR/patches/$BASE/base.conf" ] || SERIES_BASE=$primary
	[ -n "${KERNEL_SRC:-}" ] || [ "$SERIES_BASE" = "$BASE" ] ||
		die "no base Linux $BASE here: the project's bases are $(plan_bases | tr '\n' ' ')(KERNEL_SRC=<tree> runs the suite on a tree of another version)"
	BASE_CONF=$PROJECT_DIR/patches/$SERIES_BASE/base.conf
	export BASE SERIES_BASE O BASE_CONF O_TOP CACHE_DIR
	mkdir -p "$O"
}

# ccache_setup: Debian's ccache for every build (CCACHE=0 turns it off),
# shared by every build directory and every clone: paths under $O_TOP are
# hashed relative to it. The compilers the builds call by name are found
# first in a directory of links to ccache.
ccache_setup() {
	[ "${CCACHE:-1}" != 0 ] && command -v ccache >/dev/null 2>&1 || return 0
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
}

# unpack_source_deb DEB DIR: the kernel tree of a Debian linux-source
# package (its /usr/src/<package>.tar.xz) into DIR, which must exist.
unpack_source_deb() {
	dpkg-deb --fsys-tarfile "$1" |
		tar -xO "./usr/src/$(dpkg-deb -f "$1" Package).tar.xz" |
		tar -xJ --strip-components=1 -C "$2"
}

# worktree NAME REV: a worktree of the assembled tree at REV, for a variant
# that changes what it builds (a mutant, an earlier patch): $O/wt/NAME/tree,
# created once and moved to REV, with every local change dropped. Prints
# its path. The assembled tree itself is never changed by a variant. A
# variant's build directories go beside its worktree ($O/wt/NAME/<dir>), as
# the tree's go beside the tree: the paths the compiler sees are then the
# same, and ccache serves every file the variant did not change.
worktree() {
	local tree=$O/tree wt=$O/wt/$1/tree rev
	# REV as the assembled tree names it: in the worktree, HEAD is its own.
	rev=$(git -C "$tree" rev-parse --verify -q "$2^{commit}") || die "no $2 in $tree"
	set -- "$1" "$rev"
	git -C "$tree" worktree prune
	# A directory without its own .git would find the project's repository
	# above it: only a worktree whose top is $wt itself is reused.
	if [ "$(git -C "$wt" rev-parse --show-toplevel 2>/dev/null)" != "$(realpath -m "$wt")" ]; then
		rm -rf "$wt"
		mkdir -p "$(dirname "$wt")"
		git -C "$tree" worktree add -q --detach "$wt" "$2" >&2 || die "could not add a worktree of $tree at $wt"
	fi
	git -C "$wt" reset -q --hard "$2" && git -C "$wt" clean -q -fdx -e '.config' >/dev/null ||
		die "could not move the worktree $wt to $2"
	echo "$wt"
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
