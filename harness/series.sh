#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make series [BASE=<base>]: the base's series as it goes out, in $O/series/:
#   - where base.conf says MAIL=yes, two mailable series from the sender's
#     identity: the patches of patches/<base>/ with its cover letter
#     (cover-letter.txt: subject, then text), then those of rfc/ with
#     theirs; each mail gets To: and Cc: from the tree's
#     scripts/get_maintainer.pl (the people To:, the lists Cc:; the cover
#     letter all of them), as b4 would, and the cover letters end with a
#     "Tested" paragraph from this tree's results;
#   - then, for every base: git am applies the series onto the pristine base
#     (the rfc/ one on top of the other), no patch holds a conflict marker,
#     and checkpatch.pl --strict finds nothing.
# The sender is SERIES_NAME and SERIES_EMAIL, or else the git identity of
# this repository: it becomes the From: of every mail and replaces the
# sign-off the stored patches carry, which is the project's placeholder:
# only its owner may add a Signed-off-by, so whoever sends a patch signs it
# off. MAILABLE=1 refuses an identity that is no one's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
base_setup
# shellcheck disable=SC1090 # the base's own configuration
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
dir=$PROJECT_DIR/patches/$SERIES_BASE
out=$O/series
rm -rf "$out"
mkdir -p "$out"
stored=$(git -C "$tree" log -1 --format='%an <%ae>' series-a)

# format PART RANGE PREFIX: the mails of RANGE into $out/PART.
format() {
	local part=$1 range=$2 prefix=$3 cover=
	[ "${MAIL:-no}" = yes ] && cover=--cover-letter
	git -C "$tree" -c user.name="$name" -c user.email="$email" \
		format-patch -q --numbered --subject-prefix="$prefix" $cover \
		--zero-commit --base=base -o "$out/$part" "$range"
	# The sender's From: and sign-off, in place of the stored ones.
	python3 - "$stored" "$name <$email>" "$out/$part"/*.patch <<'PY'
import re
import sys
stored, sender, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
for path in paths:
    s = open(path).read()
    head, sep, body = s.partition("\n\n")
    head = re.sub(r"^From: .*(\n[ \t].*)*", lambda m: "From: " + sender, head, count=1, flags=re.M)
    body = body.replace("Signed-off-by: " + stored, "Signed-off-by: " + sender)
    body = body.replace("\n" + stored.split(" <")[0] + " (", "\n" + sender.split(" <")[0] + " (")
    open(path, "w").write(head + sep + body)
PY
}

# address PART: To: and Cc: from get_maintainer.pl, the cover letter all.
address() {
	local part=$1 p to cc all_to= all_cc=
	gm() { (cd "$tree" && ./scripts/get_maintainer.pl --norolestats --nogit --nogit-fallback "$@" 2>/dev/null) | paste -sd, -; }
	for p in "$out/$part"/0*.patch; do
		case $p in */0000-cover-letter.patch) continue ;; esac
		to=$(gm --nol "$p") cc=$(gm --nom --nor "$p")
		all_to="$all_to,$to" all_cc="$all_cc,$cc"
		header "$p" "$to" "$cc"
	done
	p=$out/$part/0000-cover-letter.patch
	[ -f "$p" ] || return 0
	header "$p" "$(printf '%s' "$all_to" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)" \
		"$(printf '%s' "$all_cc" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)"
}
header() {
	python3 - "$@" <<'PY'
import sys
path, to, cc = sys.argv[1:4]
s = open(path).read()
head, sep, body = s.partition("\n\n")
lines = head.split("\n")
at = next(i for i, l in enumerate(lines) if l.startswith("Subject:"))
add = ([f"To: {to}"] if to else []) + ([f"Cc: {cc}"] if cc else [])
open(path, "w").write("\n".join(lines[:at] + add + lines[at:]) + sep + body)
PY
}

# cover PART TEXT: the cover letter's subject and text, and how it was tested.
cover() {
	local part=$1 text=$2 c=$out/$1/0000-cover-letter.patch runs=() config what
	[ -f "$c" ] || return 0
	[ -r "$text" ] || die "no cover letter text $text"
	# The configurations run the tree's last commit: for the series under
	# an RFC that is the RFC's, so the series alone is told by make
	# each-patch's run at its own last patch.
	local on=
	if [ "$part" = a ] && [ "$(git -C "$tree" rev-list --count series-a..HEAD)" -gt 0 ]; then
		local n
		n=$(git -C "$tree" rev-list --count base..series-a)
		runs+=("this series alone, uml at patch $n (make each-patch)=$O/results/each-patch/$n.json")
		on="with the RFC on top, "
	fi
	for config in $(plan_configs_on "$BASE"); do
		IFS='|' read -r _ _ _ _ _ what <<<"$(plan_config "$config")"
		runs+=("$on$config, $what=$O/results/$config.json")
	done
	python3 - "$c" "$text" "$("$HARNESS_DIR/kunit_results.py" describe \
		"$(git -C "$tree" log -1 --format=%s base)" "${runs[@]}" 2>/dev/null || true)" <<'PY'
import sys
cover, text, tested = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
subject, _, blurb = text.partition("\n")
body = blurb.strip() + "\n" + ("\n" + tested.strip() + "\n" if tested else "")
s = open(cover).read()
s = s.replace("*** SUBJECT HERE ***", subject.strip(), 1)
s = s.replace("*** BLURB HERE ***", body.rstrip(), 1)
open(cover, "w").write(s)
PY
}

if [ "${MAIL:-no}" = yes ]; then
	format a base..series-a "${SUBJECT_PREFIX:-PATCH}"
	cover a "$dir/cover-letter.txt"
	address a
	if [ "$(git -C "$tree" rev-list --count series-a..HEAD)" -gt 0 ]; then
		format rfc series-a..HEAD "${RFC_SUBJECT_PREFIX:-RFC PATCH}"
		cover rfc "$dir/rfc/cover-letter.txt"
		address rfc
	fi
else
	format a base..HEAD PATCH
fi

# git am onto the pristine base, in a worktree of the tree.
wt=$(worktree series base) || exit 1
patches=()
for p in "$out"/*/0*.patch; do
	case $p in */0000-cover-letter.patch) ;; *) patches+=("$p") ;; esac
done
if ! git -C "$wt" -c user.name="$name" -c user.email="$email" am -q "${patches[@]}" >"$out/am.log" 2>&1; then
	cat "$out/am.log" >&2
	git -C "$wt" am --abort >/dev/null 2>&1 || true
	die "git am of $out does not apply to the base (log: $out/am.log)"
fi
say "series: git am applies ${#patches[@]} patches to $(git -C "$tree" log -1 --format=%s base)"
if grep -l '^+.*\(<<<<<<<\|>>>>>>>\)' "${patches[@]}"; then
	die "a conflict marker is left in the patches above"
fi

# Upstream's own fix of the iommufd mock, backported for comparison
# (patches/<base>-stable/), applies to the pristine base by itself.
if [ -d "$dir-stable" ]; then
	wt=$(worktree series base) || exit 1
	git -C "$wt" -c user.name="$name" -c user.email="$email" am -q "$dir-stable"/*.patch >"$out/am-stable.log" 2>&1 ||
		die "patches/$SERIES_BASE-stable does not apply to the base (log: $out/am-stable.log)"
	say "series: patches/$SERIES_BASE-stable applies to the base"
fi

# checkpatch runs scripts/spdxcheck.py with the python3 on PATH, which needs
# Debian's python3-ply and python3-git: prefer the system interpreter. One
# warning is a false positive here and is ignored: FILE_PATH_CHANGES ("does
# MAINTAINERS need updating?") for the new test file, which IOMMU
# SUBSYSTEM's "F: drivers/iommu/" covers. A tree made from Debian's tarball
# has no upstream history, so the commit a Fixes: tag names cannot be
# looked up there (it is, in an upstream git tree given as KERNEL_SRC).
ignore=FILE_PATH_CHANGES
[ "$(git -C "$tree" rev-list --count base)" -gt 1 ] || ignore=$ignore,UNKNOWN_COMMIT_ID
status=0
for p in "${patches[@]}"; do
	if ! (cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict \
		--ignore "$ignore" --quiet "$p") >"$p.checkpatch" 2>&1 || [ -s "$p.checkpatch" ]; then
		cat "$p.checkpatch" >&2
		say "checkpatch: $(basename "$p") has problems"
		status=1
	fi
	rm -f "$p.checkpatch"
done
[ $status -eq 0 ] || die "checkpatch.pl --strict reported problems"
say "series: checkpatch.pl --strict clean (ignoring $ignore)"
echo "$out"
