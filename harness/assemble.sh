#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the kernel tree the suite runs in, at $O/tree:
#   - a git repository whose base commit is the pristine base kernel (tagged),
#   - then one commit per line of patches/<base>/series: the patch, plus the
#     project's own kernel files that line names (new files such as the
#     suite live in this repository at their kernel paths).
# Rerunning with nothing changed does nothing. When the series or the
# kernel files change, the commits are rebuilt with git plumbing and the
# tree is moved to them with "git reset --hard", which rewrites only the
# files whose content changed, so kbuild rebuilds only what depends on them.
# Prints the tree's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$O/tree
git_tree() { git -C "$tree" "$@"; }

# Debian's linux-source trees end their top-level .gitignore with "/*"
# (ignore everything at the top level), so a plain "git add -A" there adds
# nothing: force it for such trees, and check the result.
commit_whole_tree() {
	local dir=$1 msg=$2 force=
	grep -qx '/\*' "$dir/.gitignore" 2>/dev/null && force=-f
	git -C "$dir" init -q
	git -C "$dir" add -A $force
	local n
	n=$(git -C "$dir" ls-files | wc -l)
	[ "$n" -gt 1000 ] && git -C "$dir" ls-files --error-unmatch Makefile drivers/iommu/iommu.c >/dev/null 2>&1 ||
		die "committing the base tree in $dir went wrong: only $n files tracked"
	git -C "$dir" commit -q -m "$msg"
}

setup_identity() {
	git -C "$1" config user.name "iommu-probe-kunit"
	git -C "$1" config user.email "iommu-probe-kunit@localhost"
}

# 1. The base: which source, and is the tree at $O/tree built from it?
if [ -n "${KERNEL_SRC:-}" ]; then
	src=$KERNEL_SRC version=$TREE_VERSION
	if git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1 &&
		[ "$(git -C "$src" rev-parse --show-toplevel)" = "$src" ]; then
		head=$(git -C "$src" rev-parse HEAD)
		key="git $src $head"
		[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
			say "warning: KERNEL_SRC has uncommitted changes; only its HEAD ($head) is used"
	else
		key="dir $src"
	fi
	tag=base
else
	deb=$("$HARNESS_DIR/fetch-base.sh")
	debver=$(dpkg-deb -f "$deb" Version)
	pkg=$(dpkg-deb -f "$deb" Package)
	key="deb $(basename "$deb")"
	# git refs cannot hold "~" or ":"; DEP-14 maps them to "_" and "%".
	tag=debian/$(printf '%s' "$debver" | tr '~:' '_%')
fi

series_dir=$PROJECT_DIR/patches/$SERIES_BASE

if [ "$(cat "$O/base.key" 2>/dev/null)" != "$key" ] || ! git_tree rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1; then
	say "assemble: new base tree at $tree ($key)"
	# A build made from another base is of no use: start both afresh.
	rm -rf "$tree" "$tree.tmp" "$O/base.key" "$O/assembled.stamp" "$O/kunit"
	mkdir -p "$tree.tmp"
	case $key in
	deb*)
		say "assemble: unpacking $(basename "$deb")"
		unpack_source_deb "$deb" "$tree.tmp" ||
			die "could not unpack /usr/src/$pkg.tar.xz from $deb"
		commit_whole_tree "$tree.tmp" "Linux $(kernel_version "$tree.tmp") from Debian $pkg $debver"
		;;
	git*)
		# A clone, never a worktree: nothing is written into the user's repository.
		rmdir "$tree.tmp"
		git clone -q --no-checkout "$src" "$tree.tmp"
		git -C "$tree.tmp" checkout -q --detach "$head"
		;;
	dir*)
		cp -a "$src/." "$tree.tmp/"
		commit_whole_tree "$tree.tmp" "Linux $version from $src"
		;;
	esac
	setup_identity "$tree.tmp"
	git -C "$tree.tmp" tag -f "$tag" >/dev/null
	mv "$tree.tmp" "$tree"
	echo "$key" >"$O/base.key"
fi
echo "$tag" >"$O/base.tag"

# 2. The series: one commit per line "PATCH [KERNEL-FILE...]": the patch as
# make patches writes it, whole, but for the kernel files the line names,
# which come from this project (where the suite is edited). Where a base
# needs a kernel file of the project changed (an older kernel's API), the
# change is kept small and visible as patches/<base>/variants/<path>.patch,
# applied to the project's file for that base.
mapfile -t lines < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_dir/series")

named=()
for l in "${lines[@]}"; do
	read -r -a f <<<"$l"
	[ -r "$series_dir/${f[0]}" ] || die "series names ${f[0]}, which is not in $series_dir"
	named+=("${f[@]:1}")
done
# Every kernel file of the project must ride with some patch.
while IFS= read -r f; do
	case " ${named[*]-} " in *" $f "*) ;; *) die "$f is not named in $series_dir/series" ;; esac
done < <(cd "$PROJECT_DIR" && find drivers tools -type f 2>/dev/null | sort)

stamp=$({
	cat "$0" "$series_dir/series"
	for l in "${lines[@]}"; do
		read -r -a f <<<"$l"
		cat "$series_dir/${f[0]}"
		for k in "${f[@]:1}"; do
			[ -r "$PROJECT_DIR/$k" ] || die "series names $k, which is not in the project"
			printf '%s\n' "$k"
			cat "$PROJECT_DIR/$k"
			cat "$series_dir/variants/$k.patch" 2>/dev/null || true
		done
	done
	for p in ${EXTRA_PATCHES:-}; do cat "$p"; done
	echo "$tag ${SERIES_SKIP:-} ${SUITE_ONLY:-}"
} | sha256sum | cut -d' ' -f1)

if [ "$(cat "$O/assembled.stamp" 2>/dev/null)" = "$stamp" ] &&
	[ -z "$(git_tree status --porcelain --untracked-files=no)" ]; then
	say "assemble: $tree is up to date"
	echo "$tree"
	exit 0
fi

dirty=$(git_tree status --porcelain --untracked-files=no)
[ -z "$dirty" ] || die "$tree has local changes, which assembling would overwrite:
$dirty
(commit them to this project's files, or reset them with: git -C $tree reset --hard)"

# The fix, left out when SUITE_ONLY=1 or, on a KERNEL_SRC tree, when it
# does not apply there (the tree has it already, or has changed beyond it).
fix=$(. "$BASE_CONF" && echo "$FIX_PATCHES")
skip=${SERIES_SKIP:-}
[ -z "${SUITE_ONLY:-}" ] || skip="$skip $fix"
# Three-way on a KERNEL_SRC tree: a tree whose history holds the base's
# files merges them; exact on the project's own bases.
threeway=
[ -z "${KERNEL_SRC:-}" ] || threeway=--3way

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_INDEX_FILE=$work/index

# commit_index PATCH: commit the index onto $parent, with PATCH's author,
# date and message; $parent becomes the new commit.
commit_index() {
	git mailinfo "$work/msg" "$work/body" <"$1" >"$work/info"
	field() { sed -n "s/^$1: //p" "$work/info"; }
	{ field Subject; echo; cat "$work/msg"; } >"$work/message"
	parent=$(GIT_AUTHOR_NAME=$(field Author) GIT_AUTHOR_EMAIL=$(field Email) \
		GIT_AUTHOR_DATE=$(field Date) \
		git -C "$tree" commit-tree "$(git_tree write-tree)" -p "$parent" -F "$work/message")
	say "assemble: $(field Subject)"
}

# commits SKIP: the series' commits over $tag, but for the patches named in
# SKIP, into $parent; on a patch that does not apply, its name in
# $work/failed, its files in $work/failing, and false.
commits() {
	git_tree read-tree "$tag"
	parent=$(git_tree rev-parse "$tag^{commit}")
	for l in "${lines[@]}"; do
		read -r -a f <<<"$l"
		patch=$series_dir/${f[0]}
		case " $1 " in
		*" ${f[0]} "*) say "assemble: leaving out ${f[0]}"; continue ;;
		esac
		# The patch adds the line's kernel files too (it is complete, as mailed);
		# they are taken from the project instead, where they are edited.
		excl=()
		for k in "${f[@]:1}"; do excl+=(--exclude="$k"); done
		if ! git_tree apply --cached $threeway "${excl[@]}" "$patch" 2>"$work/apply.err"; then
			cat "$work/apply.err" >&2
			echo "${f[0]}" >"$work/failed"
			sed -n 's/^error: \([^:]*\): \(patch does not apply\|does not exist in index\|already exists in index\)$/\1/p' \
				"$work/apply.err" | sort -u | tr '\n' ' ' >"$work/failing"
			return 1
		fi
		for k in "${f[@]:1}"; do
			file=$PROJECT_DIR/$k
			variant=$series_dir/variants/$k.patch
			if [ -f "$variant" ]; then
				cp "$file" "$work/variant"
				patch -s -p1 "$work/variant" <"$variant" >"$work/apply.err" 2>&1 || {
					cat "$work/apply.err" >&2
					die "$variant does not apply to $k"
				}
				file=$work/variant
			fi
			blob=$(git_tree hash-object -w "$file")
			git_tree update-index --add --cacheinfo "100644,$blob,$k"
		done
		commit_index "$patch"
	done
}

# What was applied, for make run to print: $O/assembled.what. On a
# KERNEL_SRC tree a patch that does not apply is left out where the suite
# can do without it: the fix (patches 1-5) as a whole, or a patch that
# carries none of the suite's files (all_tests.config, whose context moves
# from release to release); the suite's own patch must apply.
all=${#lines[@]}
notes=
while ! commits "$skip"; do
	failed=$(cat "$work/failed") failing=$(cat "$work/failing")
	[ -n "${KERNEL_SRC:-}" ] ||
		die "patch $failed of patches/$SERIES_BASE does not apply to $tag (failing: ${failing% })"
	line=$(printf '%s\n' "${lines[@]}" | awk -v p="$failed" '$1 == p')
	case " $fix " in
	*" $failed "*)
		[ -z "${SUITE_ONLY:-}" ] || die "patch $failed of patches/$SERIES_BASE does not apply to $tag (failing: ${failing% })"
		say "assemble: the fix does not apply to Linux $TREE_VERSION ($failed: ${failing% }); adding the suite only"
		skip="$skip $fix"
		notes="$notes; the fix does not apply here ($failed fails on ${failing% })"
		;;
	*)
		[ "$(wc -w <<<"$line")" -eq 1 ] ||
			die "neither the series nor the suite alone applies to Linux $TREE_VERSION: $failed of patches/$SERIES_BASE fails on ${failing% }; nothing was written to $KERNEL_SRC"
		say "assemble: $failed does not apply to Linux $TREE_VERSION (${failing% }); leaving it out, the suite does not need it"
		skip="$skip $failed"
		notes="$notes; left out $failed, which does not apply here (${failing% })"
		;;
	esac
done
# EXTRA_PATCHES: patches (git format-patch files) committed after the
# series, each as it is: make iommufd-selftest's stable route on 6.12.
extra=
for p in ${EXTRA_PATCHES:-}; do
	p=$(realpath "$p")
	git_tree apply --cached "$p" 2>"$work/apply.err" || {
		cat "$work/apply.err" >&2
		die "$p does not apply to patches/$SERIES_BASE${SERIES_SKIP:+ without $SERIES_SKIP}"
	}
	commit_index "$p"
	extra="$extra ${p##*/}"
done
left=$(wc -w <<<"$skip")
case " $skip " in
*" ${fix%% *} "*) what="the suite only${SUITE_ONLY:+ (SUITE_ONLY=1)}: patches/$SERIES_BASE without the fix" ;;
*) what="the fix and the suite: patches/$SERIES_BASE, $((all - left)) of $all patches${threeway:+ (git apply --3way)}" ;;
esac
sskip=${SERIES_SKIP:-}
[ -z "${sskip// /}" ] || what="patches/$SERIES_BASE without $sskip"
what="$what$notes${extra:+; then$extra}"
unset GIT_INDEX_FILE
git_tree reset -q --hard "$parent"
echo "$what" >"$O/assembled.what"
echo "$stamp" >"$O/assembled.stamp"
echo "$tree"
