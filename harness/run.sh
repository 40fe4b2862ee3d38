#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: assemble the tree, run the suite with kunit.py (UML unless
# KUNIT_ARGS says otherwise), show kunit_tool's summary, and end with three
# lines: the assembled tree, the raw kernel log, the JSON results.
#
# RUN_NAME names the run's results ($O/results/RUN_NAME.{log,json});
# SERIES_SKIP (patch names) assembles the tree without those patches;
# KUNIT_CONFIG_ARGS replaces "--kunitconfig=drivers/iommu" (e.g. --alltests).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${RUN_NAME:-suite}
"$HARNESS_DIR/deps.sh"
tree=$(assembled_tree)

# kunit.py's build directory lives beside the tree, not in it, so that
# reassembling the tree never throws the build away.
kbuild=${KUNIT_BUILD_DIR:-$O/kunit}
results=$O/results
json=$results/$name.json
log=$results/$name.log
mkdir -p "$kbuild" "$(dirname "$json")"
rm -f "$json" "$log" "$kbuild/test.log"

# kunit.py prints its own summary; its exit code says whether every case
# passed and the kernel neither crashed nor timed out (--timeout).
rc=0
(cd "$tree" && ./tools/testing/kunit/kunit.py run \
	${KUNIT_CONFIG_ARGS:---kunitconfig=drivers/iommu} \
	--build_dir="$kbuild" \
	--json="$json" \
	${KUNIT_ARGS:-}) >"$results/$name.kunit.out" 2>&1 || rc=$?
[ -f "$kbuild/test.log" ] && cp "$kbuild/test.log" "$log"
# kunit_tool's own summary; its whole output stays in $name.kunit.out.
sed -n '/^Running tests with:/,$p' "$results/$name.kunit.out" | tail -n 60

if [ "$rc" -ne 0 ] && [ ! -s "$json" ]; then
	if grep -q 'error:\|Error [0-9]' "$results/$name.kunit.out"; then
		say "the kernel build failed; its last compiler lines:"
		grep -B2 -A3 'error:' "$results/$name.kunit.out" | tail -n 20 >&2 || true
	else
		tail -n 20 "$results/$name.kunit.out" >&2
	fi
	say "kunit.py failed (exit $rc); its output: $results/$name.kunit.out"
fi

echo "$tree"
echo "$log"
echo "$json"
exit "$rc"
