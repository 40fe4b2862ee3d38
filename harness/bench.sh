#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what the walk over fwnode-less instances costs. Adds
# harness/bench/iommu_probe_bench.c to the assembled tree for the time of
# the run (it is not part of the series), runs it on UML with kunit.py, on
# the series and on the unmodified base, each in a build directory of its
# own, and prints the time to probe and release a client device for each
# arrangement, with the series/base ratio where the base can do the same
# job (the accepting driver registered first). A benchmark: it fails only
# when it cannot run, never because something is slow.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$BASE_CONF"

results=$O/results
mkdir -p "$results"
tree=$O/tree

restore() {
	git -C "$tree" checkout -q -- drivers/iommu/Makefile 2>/dev/null
	rm -f "$tree/drivers/iommu/iommu_probe_bench.c"
}
trap restore EXIT
trap 'restore; exit 130' INT TERM

status=0
for variant in series base; do
	skip=
	[ "$variant" = base ] && skip=$FIX_PATCHES
	SERIES_SKIP=$skip "$HARNESS_DIR/assemble.sh" >/dev/null || exit 1
	cp "$HARNESS_DIR/bench/iommu_probe_bench.c" "$tree/drivers/iommu/"
	echo 'obj-$(CONFIG_IOMMU_PROBE_KUNIT_TEST) += iommu_probe_bench.o' >>"$tree/drivers/iommu/Makefile"
	say "bench: $variant (build: $O/kunit-bench-$variant)"
	# The first time, start from the uml build, so that only what the
	# bench and the variant change is compiled.
	[ -d "$O/kunit-bench-$variant" ] || [ ! -f "$O/kunit/.config" ] ||
		cp -a "$O/kunit" "$O/kunit-bench-$variant"
	ASSEMBLED=1 RUN_CONFIG=uml RUN_NAME=bench-$variant KUNIT_BUILD_DIR=$O/kunit-bench-$variant \
		KUNIT_ARGS="--timeout=900 iommu_probe_bench" "$HARNESS_DIR/run.sh" >/dev/null 2>&1
	[ -s "$results/bench-$variant.log" ] ||
		{ say "bench: the $variant run left no log; see $results/bench-$variant.kunit.out"; status=1; }
	restore
done
"$HARNESS_DIR/assemble.sh" >/dev/null
"$HARNESS_DIR/results.py" bench "$results/bench-series.log" "$results/bench-base.log" \
	| tee "$results/bench.txt"
exit $status
