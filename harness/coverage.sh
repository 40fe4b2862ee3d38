#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coverage: run the suite on UML with gcov (kunit.py's coverage
# configuration) and report, with Debian's lcov, the line and branch
# coverage of every function of drivers/iommu/iommu.c that the series adds
# or changes, and of the lines it changes. Fails when a figure is below its
# floor in harness/coverage.floor. Writes $O/coverage/report.{txt,json}.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$O/coverage
kbuild=$O/kunit-coverage
mkdir -p "$out"
rm -f "$out"/*.info
# Counts from an earlier run would add up with this one's.
find "$kbuild" -name '*.gcda' -delete 2>/dev/null

# UML writes no counts without harness/coverage/um-fini-array.patch (see
# there): in the tree for this build only.
tree=$("$HARNESS_DIR/assemble.sh") || exit 1
restore() { git -C "$tree" checkout -q -- arch/um/include/asm/common.lds.S; }
trap restore EXIT
trap 'restore; exit 130' INT TERM
git -C "$tree" apply "$HARNESS_DIR/coverage/um-fini-array.patch" ||
	die "harness/coverage/um-fini-array.patch does not apply to $tree"

ASSEMBLED=1 RUN_NAME=coverage KUNIT_BUILD_DIR=$kbuild \
	KUNIT_CONFIG_ARGS="--kunitconfig=$HARNESS_DIR/configs/coverage.config --kunitconfig=tools/testing/kunit/configs/coverage_uml.config" \
	"$HARNESS_DIR/run.sh" >"$out/run.out" 2>&1
rc=$?
restore
"$HARNESS_DIR/kunit_results.py" count "$O/results/coverage.json" || rc=1

# lcov reads the counts UML wrote at exit beside the objects.
if ! lcov --quiet --capture --rc lcov_branch_coverage=1 \
	--directory "$kbuild/drivers/iommu" --base-directory "$tree" \
	--output-file "$out/iommu.info" >"$out/lcov.out" 2>&1; then
	tail -n 5 "$out/lcov.out" >&2
	die "lcov found no coverage data; see $out/lcov.out and $out/run.out"
fi

# The lines of iommu.c the series adds or changes (the suite's own commits
# excluded), in the assembled tree's numbering.
tag=$(cat "$O/base.tag")
git -C "$tree" diff -U0 "$tag" HEAD -- drivers/iommu/iommu.c |
	awk '/^@@/ { split($3, a, ","); n = (a[2] == "" ? 1 : a[2]); s = substr(a[1], 2);
		     for (i = 0; i < n; i++) print s + i }' >"$out/changed.lines"

"$HARNESS_DIR/coverage_report.py" "$out/iommu.info" "$tree/drivers/iommu/iommu.c" \
	"$out/changed.lines" "$HARNESS_DIR/coverage.floor" "$out" || rc=1
exit $rc
