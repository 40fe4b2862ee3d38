#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make patches: write patches/<base>/*.patch anew from the assembled tree, so
# that they are the complete series (the suite's files inside its patch),
# git am-able onto the pristine base with nothing else. Edit the suite at its
# kernel path here, then run this. With CHECK=1 nothing is written: the run
# fails when the stored patches differ from what it would write (make test).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$("$HARNESS_DIR/assemble.sh")
tag=$(cat "$O/base.tag")
series_dir=$PROJECT_DIR/patches/$SERIES_BASE
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

git -C "$tree" format-patch -q -N --zero-commit --no-signature -o "$out" "$tag"..HEAD
mapfile -t stored < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_dir/series" | awk '{print $1}')
mapfile -t written < <(cd "$out" && ls)
[ "${#stored[@]}" = "${#written[@]}" ] ||
	die "the tree has ${#written[@]} commits over $tag, $series_dir/series names ${#stored[@]}"
stale=0
for i in "${!stored[@]}"; do
	if ! cmp -s "$out/${written[$i]}" "$series_dir/${stored[$i]}"; then
		stale=1
		if [ -n "${CHECK:-}" ]; then
			say "patches: $series_dir/${stored[$i]} is not what make patches writes:"
			diff -u "$series_dir/${stored[$i]}" "$out/${written[$i]}" | head -n 20 >&2 || true
		else
			cp "$out/${written[$i]}" "$series_dir/${stored[$i]}"
			say "patches: wrote $series_dir/${stored[$i]}"
		fi
	fi
done
if [ -n "${CHECK:-}" ] && [ "$stale" = 1 ]; then
	die "patches/$BASE is out of date: run make patches${BASE:+ BASE=$BASE}"
fi
say "patches: patches/$BASE is the series in $tree"
