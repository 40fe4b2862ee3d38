#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make series: write the assembled tree's <base>..HEAD as a numbered series
# with a cover letter into $O/series, from the sender's identity, check that
# git am applies it to the pristine base, and run checkpatch.pl --strict on
# every patch.
#
# The sender is SERIES_NAME and SERIES_EMAIL, or else the git identity of
# this repository (git config user.name/user.email): it becomes the From:
# of every patch and replaces the project's placeholder sign-off. With
# MAILABLE=1, an identity that is no one's (example, invalid, test or
# localhost domains, noreply addresses) is refused.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$BASE_CONF"

name=${SERIES_NAME:-$(git -C "$PROJECT_DIR" config user.name || true)}
email=${SERIES_EMAIL:-$(git -C "$PROJECT_DIR" config user.email || true)}
[ -n "$name" ] && [ -n "$email" ] ||
	die "no sender identity: set SERIES_NAME and SERIES_EMAIL, or git config user.name and user.email"
if printf '%s\n' "$email" | grep -Eiq '(@|\.)(example|invalid|test|localhost)(\.[a-z]+)?$|noreply|no-reply'; then
	[ -z "${MAILABLE:-}" ] ||
		die "refusing to write a mailable series from $name <$email>: not a real address; set SERIES_NAME and SERIES_EMAIL"
	say "series: the sender $name <$email> is a placeholder; make series MAILABLE=1 would refuse it"
fi

tree=$("$HARNESS_DIR/assemble.sh")
tag=$(cat "$O/base.tag")
out=$O/series
rm -rf "$out"
mkdir -p "$out"

# The commits carry the identity the patches in patches/<base>/ were stored
# with; the series goes out from the sender's.
stored=$(git -C "$tree" log -1 --format='%an <%ae>' HEAD)
git -C "$tree" -c user.name="$name" -c user.email="$email" \
	format-patch -q --numbered --subject-prefix="${SUBJECT_PREFIX:-PATCH}" \
	--cover-letter --zero-commit --base="$tag" -o "$out" "$tag"..HEAD
python3 - "$stored" "$name <$email>" "$out"/*.patch <<'PY'
import re
import sys
stored, sender, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
for path in paths:
    s = open(path).read()
    head, sep, body = s.partition("\n\n")
    # The mail header's From:, which git folds when it is long.
    head = re.sub(r"^From: .*(\n[ \t].*)*", lambda m: "From: " + sender, head,
                  count=1, flags=re.M)
    body = body.replace("Signed-off-by: " + stored, "Signed-off-by: " + sender)
    # The cover letter's shortlog names the commits' author.
    body = body.replace("\n" + stored.split(" <")[0] + " (", "\n" + sender.split(" <")[0] + " (")
    open(path, "w").write(head + sep + body)
PY

# The cover letter: subject and text from patches/<base>/cover-letter.txt,
# then how the series was tested, from the results of this tree's runs.
cover=$out/0000-cover-letter.patch
text=$PROJECT_DIR/patches/$BASE/cover-letter.txt
[ -r "$text" ] || die "no cover letter text $text"
version=$(make -s -C "$tree" kernelversion 2>/dev/null)
runs=()
for config in $(matrix_names); do
	IFS='|' read -r _ _ _ _ what <<<"$(matrix_row "$config")"
	runs+=("$config, $what=$O/results/$config.json")
done
for config in uml x86_64-vtd; do
	runs+=("$config, without patches 1-5, where the cases named in the project's expectation file fail=$O/results/unmodified-$config.json")
done
tested=$("$HARNESS_DIR/kunit_results.py" describe "Linux $version" "${runs[@]}" 2>/dev/null || true)
python3 - "$cover" "$text" "$tested" <<'PY'
import sys
cover, text, tested = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
subject, _, blurb = text.partition("\n")
body = blurb.strip() + "\n"
if tested:
    body += "\n" + tested.strip() + "\n"
s = open(cover).read()
s = s.replace("*** SUBJECT HERE ***", subject.strip(), 1)
s = s.replace("*** BLURB HERE ***", body.rstrip(), 1)
open(cover, "w").write(s)
PY

# git am on a scratch worktree at the pristine base.
wt=$O/series-check
git -C "$tree" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
git -C "$tree" worktree prune
git -C "$tree" worktree add -q --detach "$wt" "$tag"
trap 'git -C "$tree" worktree remove --force "$wt" >/dev/null 2>&1 || true' EXIT
patches=$(ls "$out"/0*-*.patch | grep -v '/0000-cover-letter.patch$')
# shellcheck disable=SC2086 # patch file names have no spaces
if ! git -C "$wt" -c user.name="$name" -c user.email="$email" am -q $patches >"$O/series-am.log" 2>&1; then
	cat "$O/series-am.log" >&2
	die "git am of $out does not apply to $tag (log: $O/series-am.log)"
fi
say "series: git am applies $(echo "$patches" | wc -l) patches to $tag"

# checkpatch runs scripts/spdxcheck.py with the python3 on PATH, which needs
# Debian's python3-ply and python3-git; prefer the system interpreter.
# One of its warnings is a false positive for this series and is ignored:
# FILE_PATH_CHANGES, "does MAINTAINERS need updating?" for the new test
# file, which IOMMU SUBSYSTEM's "F: drivers/iommu/" already covers.
ignore=FILE_PATH_CHANGES
# A tree made from Debian's tarball has no upstream history, so checkpatch
# cannot look up the commit a Fixes: tag names; in an upstream git tree
# (KERNEL_SRC) it can, and does.
if [ "$(git -C "$tree" rev-list --count "$tag")" -le 1 ]; then
	ignore=$ignore,UNKNOWN_COMMIT_ID
	say "series: $tag has no upstream history; Fixes: commit ids are not looked up"
fi
status=0
for p in $patches; do
	if ! (cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
		--ignore "$ignore" --quiet "$p") >"$p.checkpatch" 2>&1; then
		cat "$p.checkpatch" >&2
		say "checkpatch: $(basename "$p") has problems"
		status=1
	elif [ -s "$p.checkpatch" ]; then
		cat "$p.checkpatch" >&2
		say "checkpatch: $(basename "$p") printed something"
		status=1
	fi
	rm -f "$p.checkpatch"
done
[ $status -eq 0 ] || die "checkpatch.pl --strict reported problems"
say "series: checkpatch.pl --strict clean (ignoring $ignore)"
echo "$out"
