#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: assemble the tree, run the suite with kunit.py (UML unless
# KUNIT_ARGS says otherwise), show kunit_tool's summary, and end with three
# lines: the assembled tree, the raw kernel log, the JSON results.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$HARNESS_DIR/deps.sh"
tree=$("$HARNESS_DIR/assemble.sh")

# kunit.py's build directory lives beside the tree, not in it, so that
# reassembling the tree never throws the build away.
kbuild=${KUNIT_BUILD_DIR:-$O/kunit}
json=$kbuild/results.json
mkdir -p "$kbuild"
rm -f "$json"

# kunit.py prints its own summary; its exit code says whether every case
# passed and the kernel neither crashed nor timed out (--timeout).
rc=0
(cd "$tree" && ./tools/testing/kunit/kunit.py run \
	--kunitconfig=drivers/iommu \
	--build_dir="$kbuild" \
	--json="$json" \
	${KUNIT_ARGS:-}) >"$O/kunit.out" 2>&1 || rc=$?
# Keep kunit_tool's own summary on screen; the full output stays in kunit.out.
grep -v '^\[[0-9:]*\] \(Building\|Starting\|Populating\|Generating\)' "$O/kunit.out" | tail -n 40

if [ "$rc" -ne 0 ] && [ ! -s "$json" ]; then
	if grep -q 'error:\|Error [0-9]' "$O/kunit.out"; then
		say "the kernel build failed; its last compiler lines:"
		grep -B2 -A3 'error:' "$O/kunit.out" | tail -n 20 >&2 || true
	fi
	say "kunit.py failed (exit $rc); its output: $O/kunit.out"
fi

echo "$tree"
echo "$kbuild/test.log"
echo "$json"
exit "$rc"
