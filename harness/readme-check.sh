#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What the README says that the plan and the bases' configurations say too:
# its table of configurations names exactly the plan's, each with the bases
# make test runs it on, and every base version it names is a base.conf's.
# make test runs this; it prints what differs and fails.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

readme=$PROJECT_DIR/README.md
rc=0
# The README's configuration table: rows "| `name` | bases | ... |".
want=$(plan_lines config | awk -F'|' '{ print $1 " " $4 }' | sort)
have=$(sed -n 's/^| `\([a-z0-9_-]*\)` | \([0-9. ]*\) |.*/\1 \2/p' "$readme" | sed 's/ *$//' | sort)
if [ "$want" != "$have" ]; then
	say "readme-check: the README's configuration table is not the plan's (harness/plan.conf):"
	diff <(echo "$want") <(echo "$have") >&2
	rc=1
fi
for base in $(plan_bases); do
	# shellcheck disable=SC1090,SC2153 # VERSION comes from the base's configuration
	version=$(. "$PROJECT_DIR/patches/$base/base.conf" && echo "$VERSION")
	grep -qF "$version" "$readme" ||
		{ say "readme-check: the README does not name $base's version $version"; rc=1; }
done
# The enumeration's size and time under UML, as the README gives them,
# against each base's last uml run, where there is one (make test has run
# them all by now).
for base in $(plan_bases); do
	json=$O_TOP/$base/results/uml.json
	[ -f "$json" ] || continue
	out=$("$HARNESS_DIR/kunit_results.py" arrangements "$json") ||
		{ say "readme-check: no arrangements counted in $base's uml run ($json)"; rc=1; continue; }
	read -r n secs <<<"$out"
	grep -qF -- "**$n** on $base" "$readme" ||
		{ say "readme-check: the README does not say \"**$n** on $base\", the arrangements of $json"; rc=1; }
	awk -v s="$secs" 'BEGIN { exit !(s != "-" && s < 10) }' ||
		{ say "readme-check: $base's enumeration took ${secs} s under UML, not the README's \"under 10 s\" ($json)"; rc=1; }
done
exit $rc
