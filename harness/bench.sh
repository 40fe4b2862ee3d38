#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: what the walk over fwnode-less instances costs. Adds
# harness/bench/iommu_probe_bench.c to the assembled tree for the time of
# the build (it is not part of the series), builds it on UML for the series
# and for the unmodified base, each in a build directory of its own, then
# boots the two kernels in alternation, BENCH_BOOTS times each (9 unless
# set): one boot's timings fall into a fast or a slow state as a whole, so
# only pairs of boots, over several, say anything. Prints, for each
# arrangement, the time to probe and release a client device, the
# series/base ratio over the pairs (median, lowest, highest) where the base
# can do the same job (the accepting driver registered first), how many
# probe_device() calls one probe made (a count, the same on every boot),
# a verdict per row that is "slower" or "faster" only when every pair
# agrees, and one over all pairs of all rows. A benchmark: it fails only
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

boots=${BENCH_BOOTS:-9}
case $boots in '' | *[!0-9]* | 0) die "BENCH_BOOTS must be a number of boots, 1 or more (it is \"$boots\")" ;; esac
rm -f "$results"/bench-series-*.log "$results"/bench-base-*.log
status=0
# bench VARIANT BOOT: boot VARIANT's kernel once more (EXEC_ONLY: no build).
bench() {
	ASSEMBLED=1 EXEC_ONLY=${3-1} RUN_CONFIG=uml RUN_NAME=bench-$1-$2 \
		KUNIT_BUILD_DIR=$O/kunit-bench-$1 KUNIT_ARGS="--timeout=900 iommu_probe_bench" \
		"$HARNESS_DIR/run.sh" >/dev/null 2>&1
	[ -s "$results/bench-$1-$2.log" ] ||
		{ say "bench: the $1 run left no log; see $results/bench-$1-$2.kunit.out"; status=1; }
}
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
	bench "$variant" 1 ""
	restore
done
for ((boot = 2; boot <= boots; boot++)); do
	say "bench: boot $boot of $boots, series then base"
	bench series "$boot"
	bench base "$boot"
done
"$HARNESS_DIR/assemble.sh" >/dev/null
"$HARNESS_DIR/bench_report.py" "$results" | tee "$results/bench.txt"
exit $status
