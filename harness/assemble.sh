#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the kernel tree the suite runs in, at $O/tree, and print its path:
#   - a git repository whose first commit is the base kernel (tag "base"):
#     Debian's linux-source package of patches/<base>/base.conf, or a copy
#     or clone of KERNEL_SRC, which is never written to;
#   - then each patch of patches/<base>/, applied with git am (tag "suite"
#     at the one that adds the suite, "series-a" after the last), then each
#     of patches/<base>/rfc/ (HEAD).
# On a KERNEL_SRC tree the patches are applied three-way; a patch before the
# suite's that does not apply is left out, and the series stops at one after
# it that does not: the suite's own patch must apply. SUITE_ONLY=1 stops at
# the suite's patch, as a tree without the fixes has it.
# Nothing changes when the patches did not; a tree with local changes or
# commits of its own is not overwritten (make patches keeps the commits).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
base_setup
# --adopt: the tree's commits are what the patches say (make patches just
# wrote them from the tree): record that, and apply nothing.
adopt=
[ "${1:-}" != --adopt ] || adopt=1

tree=$O/tree
git_tree() { git -C "$tree" "$@"; }
suite_file=drivers/iommu/iommu_probe_kunit.c

# Debian's linux-source trees end their top-level .gitignore with "/*"
# (ignore everything at the top level), so a plain "git add -A" there adds
# nothing: force it for such trees, and check the result.
commit_whole_tree() {
	local dir=$1 msg=$2 force= n
	grep -qx '/\*' "$dir/.gitignore" 2>/dev/null && force=-f
	git -C "$dir" init -q
	git -C "$dir" add -A $force
	n=$(git -C "$dir" ls-files | wc -l)
	[ "$n" -gt 1000 ] && git -C "$dir" ls-files --error-unmatch Makefile drivers/iommu/iommu.c >/dev/null 2>&1 ||
		die "committing the base tree in $dir went wrong: only $n files tracked"
	git -C "$dir" commit -q -m "$msg"
}

# 1. The base.
if [ -n "${KERNEL_SRC:-}" ]; then
	src=$KERNEL_SRC
	if git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1 &&
		[ "$(git -C "$src" rev-parse --show-toplevel)" = "$src" ]; then
		head=$(git -C "$src" rev-parse HEAD)
		key="git $src $head"
		[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
			say "warning: KERNEL_SRC has uncommitted changes; only its HEAD ($head) is used"
	else
		key="dir $src"
	fi
else
	deb=$("$HARNESS_DIR/fetch-base.sh")
	key="deb $(basename "$deb")"
fi

if [ "$(cat "$O/base.key" 2>/dev/null)" != "$key" ] || ! git_tree rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	say "assemble: new base tree at $tree ($key)"
	# A build made from another base is of no use: start afresh.
	{ if [ -d "$tree/.git" ]; then git_tree worktree list --porcelain; fi; } 2>/dev/null | sed -n 's/^worktree //p' | tail -n +2 |
		while read -r wt; do rm -rf "$wt"; done
	rm -rf "$tree" "$tree.tmp" "$O"/base.key "$O"/assembled.* "$O"/kunit* "$O/wt"
	mkdir -p "$tree.tmp"
	case $key in
	deb*)
		say "assemble: unpacking $(basename "$deb")"
		unpack_source_deb "$deb" "$tree.tmp" ||
			die "could not unpack the kernel tarball of $deb"
		commit_whole_tree "$tree.tmp" "Linux $(kernel_version "$tree.tmp") from Debian $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
		;;
	git*)
		# A clone, never a worktree: nothing is written into the user's repository.
		rmdir "$tree.tmp"
		git clone -q --no-checkout "$src" "$tree.tmp"
		git -C "$tree.tmp" checkout -q --detach "$head"
		;;
	dir*)
		cp -a "$src/." "$tree.tmp/"
		commit_whole_tree "$tree.tmp" "Linux $TREE_VERSION from $src"
		;;
	esac
	git -C "$tree.tmp" config user.name "iommu-probe-kunit"
	git -C "$tree.tmp" config user.email "iommu-probe-kunit@localhost"
	git -C "$tree.tmp" tag -f base >/dev/null
	mv "$tree.tmp" "$tree"
	echo "$key" >"$O/base.key"
fi

# 2. The series.
dir=$PROJECT_DIR/patches/$SERIES_BASE
mapfile -t a < <(ls "$dir"/*.patch 2>/dev/null)
mapfile -t rfc < <(ls "$dir"/rfc/*.patch 2>/dev/null)
[ ${#a[@]} -gt 0 ] || die "no patches in $dir"
stamp=$({ cat "$0"; cat "${a[@]}" "${rfc[@]}"; echo "$key ${SUITE_ONLY:-}"; } | sha256sum | cut -d' ' -f1)
head=$(git_tree rev-parse HEAD)
if [ -n "$adopt" ]; then
	echo "$stamp" >"$O/assembled.stamp"
	echo "$head" >"$O/assembled.head"
	echo "$tree"
	exit 0
fi
if [ -f "$O/assembled.head" ] && [ "$head" != "$(cat "$O/assembled.head")" ]; then
	die "$tree has commits of its own (HEAD $head is not what was assembled): keep them with
  make patches${BASE:+ BASE=$BASE}
or drop them with
  git -C $tree reset --hard $(cat "$O/assembled.head")"
fi
dirty=$(git_tree status --porcelain --untracked-files=no)
[ -z "$dirty" ] || die "$tree has local changes, which assembling would overwrite:
$dirty
(commit them and run make patches, or drop them with: git -C $tree reset --hard)"
if [ "$(cat "$O/assembled.stamp" 2>/dev/null)" = "$stamp" ]; then
	say "assemble: $tree is up to date"
	echo "$tree"
	exit 0
fi

threeway=
[ -z "${KERNEL_SRC:-}" ] || threeway=--3way
git_tree checkout -q --detach base
git_tree tag -d suite series-a >/dev/null 2>&1 || true
log=$O/assemble.log
: >"$log"
what= left= stopped=
for p in "${a[@]}" "${rfc[@]}"; do
	name=${p#"$dir"/}
	case " ${rfc[*]} " in *" $p "*) [ -n "$(git_tree tag -l series-a)" ] || git_tree tag series-a ;; esac
	if [ -n "$stopped" ]; then
		continue
	fi
	if git_tree am -q $threeway "$p" >>"$log" 2>&1; then
		say "assemble: $(git_tree log -1 --format=%s)"
		if [ -z "$(git_tree tag -l suite)" ] && git_tree diff --quiet HEAD~ HEAD -- "$suite_file" 2>/dev/null; then
			:
		elif [ -z "$(git_tree tag -l suite)" ]; then
			git_tree tag suite
			[ -z "${SUITE_ONLY:-}" ] || stopped="SUITE_ONLY=1"
		fi
		continue
	fi
	git_tree am --abort >/dev/null 2>&1 || true
	[ -n "${KERNEL_SRC:-}" ] || die "$name does not apply to $(git_tree log -1 --format=%s base) (log: $log)"
	if [ -z "$(git_tree tag -l suite)" ] && ! grep -q "^+++ b/$suite_file" "$p"; then
		say "assemble: $name does not apply to Linux $TREE_VERSION; left out (log: $log)"
		left="$left $name"
	elif [ -z "$(git_tree tag -l suite)" ]; then
		die "the suite's patch $name does not apply to Linux $TREE_VERSION (log: $log); nothing was written to $KERNEL_SRC"
	else
		say "assemble: $name does not apply to Linux $TREE_VERSION; the series stops before it (log: $log)"
		stopped="$name does not apply"
	fi
done
[ -n "$(git_tree tag -l series-a)" ] || git_tree tag series-a
[ -n "$(git_tree tag -l suite)" ] || die "no patch of $dir adds $suite_file"
n=$(git_tree rev-list --count base..HEAD)
what="$n of $((${#a[@]} + ${#rfc[@]})) patches of patches/$SERIES_BASE${threeway:+ (git am --3way)}"
[ -z "$left" ] || what="$what; left out:$left"
[ -z "$stopped" ] || what="$what; stopped: $stopped"
echo "$what" >"$O/assembled.what"
echo "$stamp" >"$O/assembled.stamp"
git_tree rev-parse HEAD >"$O/assembled.head"
echo "$tree"
