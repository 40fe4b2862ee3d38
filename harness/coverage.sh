#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coverage: run the suite on UML with gcov (kunit.py's coverage
# configuration) and report, with Debian's lcov, the line and branch
# coverage of every function of drivers/iommu/iommu.c that the series adds
# or changes, and of the lines it changes. In a worktree of the assembled
# tree, which harness/coverage/um-fini-array.patch changes (UML writes no
# counts without it), with a build directory of its own. Fails when a
# figure is below its floor in harness/coverage.floor. Writes
# $O/coverage/report.{txt,json}.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

out=$O/coverage
mkdir -p "$out"
rm -f "$out"/*.info
"$HARNESS_DIR/assemble.sh" >/dev/null || exit 1
wt=$(worktree coverage HEAD) || exit 1
kbuild=$(dirname "$wt")/kunit-coverage
# Counts from an earlier run would add up with this one's.
find "$kbuild" -name '*.gcda' -delete 2>/dev/null
git -C "$wt" apply "$HARNESS_DIR/coverage/um-fini-array.patch" ||
	die "harness/coverage/um-fini-array.patch does not apply to $wt"
"$HARNESS_DIR/run.sh" --tree "$wt" --build-dir "$kbuild" --name coverage \
	--config-args "--kunitconfig=$HARNESS_DIR/configs/coverage.config --kunitconfig=tools/testing/kunit/configs/coverage_uml.config" \
	uml >"$out/run.out" 2>&1
rc=$?
"$HARNESS_DIR/kunit_results.py" count "$O/results/coverage.json" || rc=1

# lcov reads the counts UML wrote at exit beside the objects.
if ! lcov --quiet --capture --rc lcov_branch_coverage=1 \
	--directory "$kbuild/drivers/iommu" --base-directory "$wt" \
	--output-file "$out/iommu.info" >"$out/lcov.out" 2>&1; then
	tail -n 5 "$out/lcov.out" >&2
	die "lcov found no coverage data; see $out/lcov.out and $out/run.out"
fi

# The lines of iommu.c the series adds or changes, in the tree's numbering.
git -C "$wt" diff -U0 base HEAD -- drivers/iommu/iommu.c |
	awk '/^@@/ { split($3, a, ","); n = (a[2] == "" ? 1 : a[2]); s = substr(a[1], 2);
		     for (i = 0; i < n; i++) print s + i }' >"$out/changed.lines"
"$HARNESS_DIR/coverage_report.py" "$out/iommu.info" "$wt/drivers/iommu/iommu.c" \
	"$out/changed.lines" "$HARNESS_DIR/coverage.floor" "$out" || rc=1
exit $rc
