#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make patches [BASE=<base>]: write patches/<base>/ anew from the assembled
# tree: its commits, as git format-patch writes them, the first ones (as
# many as patches/<base>/ holds, or A=N) into patches/<base>/, the rest into
# patches/<base>/rfc/. This is how a change made in the tree (git commit
# --fixup, git rebase -i; see the README) reaches the project. With
# CHECK=1 nothing is written: the run fails when the stored patches are not
# what it would write (make test checks it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

tree=$O/tree
[ -d "$tree/.git" ] || tree=$("$HARNESS_DIR/assemble.sh")
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes: commit them first"
dir=$PROJECT_DIR/patches/$SERIES_BASE
n_a=${A:-$(ls "$dir"/*.patch 2>/dev/null | wc -l)}
new=$(mktemp -d)
trap 'rm -rf "$new"' EXIT
# Index lines abbreviated alike whatever the size of the repository.
git -C "$tree" -c core.abbrev=12 format-patch -q -N --zero-commit --no-signature -o "$new/all" base..HEAD
mkdir -p "$new/a" "$new/rfc"
i=0
for p in "$new"/all/*.patch; do
	i=$((i + 1))
	f=$(basename "$p")
	if [ "$i" -le "$n_a" ]; then
		cp "$p" "$new/a/$f"
	else
		# rfc/ numbers its patches from 1 again.
		cp "$p" "$new/rfc/$(printf '%04d' $((i - n_a)))-${f#*-}"
	fi
done
stale=0
for part in a rfc; do
	stored=$dir
	[ "$part" = a ] || stored=$dir/rfc
	if ! diff -q <(cd "$new/$part" && ls; cd "$new/$part" && cat -- *.patch 2>/dev/null) \
		<(cd "$stored" 2>/dev/null && ls -- *.patch 2>/dev/null; cd "$stored" 2>/dev/null && cat -- *.patch 2>/dev/null) >/dev/null; then
		stale=1
		if [ -n "${CHECK:-}" ]; then
			say "patches: $stored is not what make patches writes from $tree:"
			diff -ru "$stored" "$new/$part" -x '*.txt' -x '*.conf' -x rfc | head -n 30 >&2 || true
		else
			mkdir -p "$stored"
			rm -f "$stored"/*.patch
			[ -z "$(ls "$new/$part")" ] || cp "$new/$part"/*.patch "$stored/"
			say "patches: wrote $stored"
		fi
	fi
done
if [ -n "${CHECK:-}" ]; then
	[ "$stale" = 0 ] || die "patches/$SERIES_BASE is out of date: run make patches${BASE:+ BASE=$BASE}"
else
	"$HARNESS_DIR/assemble.sh" --adopt >/dev/null
fi
say "patches: patches/$SERIES_BASE is the series in $tree"
