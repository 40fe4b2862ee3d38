#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: what CI holds the project to, in under 60 minutes on a 2-core
# machine from a clean clone with the cache warm, in an order that lets
# configurations sharing a build directory rebuild only what changed.
#   1. Linux 7.3: the suite in every configuration of harness/matrix.conf,
#      in two lanes side by side once uml-hermetic has assembled the tree
#      (with the cache warm, much of a build is linking, which uses one
#      core): the UML ones and make coverage (line and branch coverage of
#      what the series changes, against harness/coverage.floor; ccache
#      hashes the working directory into gcov objects, so a clone at
#      another path compiles them again) in one; x86_64-vtd (under
#      lockdep), module, x86_64-virtio, arm64-smmuv3 and KernelCI's job in
#      the other. Every case passes or skips saying why, and no scanned
#      kernel log holds a report;
#   2. 6.12 LTS, from when the UML lane ends (it has its own tree and
#      build directories): the backport's suite on UML and beside
#      virtio-iommu, then on the unmodified 6.12 base against its own
#      expectation files (the base oopses beside virtio-iommu), make
#      mutants for 6.12, make each-patch for 6.12;
#   3. 7.3, once the QEMU lane has ended (these change the 7.3 tree):
#      make mutants (every mutant of the fixed probe path killed by a
#      failed case, none only by a crash), then the suite on the
#      unmodified base on UML, beside VT-d and beside virtio-iommu
#      (exactly the cases in
#      harness/unmodified-base/7.3/<configuration>.expect fail; the base
#      oopses beside virtio-iommu), then make each-patch for 7.3;
#   4. for both bases: patches/<base> is the complete series make patches
#      writes; make series: git am on the pristine base, checkpatch.
# Not here, for time (each is its own target, its time in MEASUREMENTS.md):
# make trees (make run KERNEL_SRC= on trees of other versions), make
# alltests, make bench, make iommufd-selftest.
# The last line is "N passed, N failed": every case of the runs above, from
# kunit.py's JSON, plus one item for each scanned log and each other check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

top=$O_TOP
export MUTANTS_SKIP_ALSO=x86_64-vtd
# Gates and runs are written to files: the 6.12 runs go on in a subshell.
tally=$top/test.tally
rm -f "$tally"
gate() { if [ "$2" -eq 0 ]; then echo "--gate	$1=pass"; else echo "--gate	$1=fail"; fi >>"$tally"; }
run_json() { printf '%s\n' "$1" >>"$tally"; }
step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)" >&2; }
timed() { local t0=$SECONDS rc; "$@"; rc=$?; say "--- $((SECONDS - t0)) s"; return $rc; }

# suite BASE CONFIG...: the suite on one base in the configurations given.
suite() {
	local base=$1 o=$top/$1 config how
	shift
	export BASE=$base
	for config in "$@"; do
		step "$base: suite, $config"
		RUN_CONFIG=$config timed "$HARNESS_DIR/run.sh" >/dev/null
		# Failed cases count in the summary; a report in a scanned log is a gate.
		IFS='|' read -r _ _ _ how _ <<<"$(matrix_row "$config")"
		if [ "$how" = scan ] || [ "$how" = module ]; then
			[ ! -s "$o/results/$config.reports" ]
			gate "$base $config: no report in the kernel log" $?
		fi
		run_json "$o/results/$config.json"
	done
}

mutants() {
	export BASE=$1
	step "$BASE: mutants"
	timed "$HARNESS_DIR/mutants.sh"
	gate "$BASE mutants" $?
}

# unmodified BASE CONFIG...: the unmodified base, then back to the whole series.
unmodified() {
	local base=$1 o=$top/$1 config fix args
	shift
	export BASE=$base
	fix=$(. "$PROJECT_DIR/patches/$base/base.conf" && echo "$FIX_PATCHES")
	for config in "$@"; do
		step "$base: suite on the unmodified base, $config"
		# The base may oops: a QEMU guest ends there instead of at kunit.py's
		# timeout (UML would boot again). Every case the series' run of
		# $config reported must be reported here too, as its expectation
		# file says.
		args=
		case $config in uml*) ;; *) args="--kernel_args=oops=panic --kernel_args=panic=-1" ;; esac
		RUN_CONFIG=$config RUN_NAME=unmodified-$config SERIES_SKIP=$fix KUNIT_ARGS=$args \
			timed "$HARNESS_DIR/run.sh" >/dev/null 2>&1
		"$HARNESS_DIR/kunit_results.py" expect "$HARNESS_DIR/unmodified-base/$base/$config.expect" \
			"$o/results/unmodified-$config.json" "$o/results/$config.json" | grep -v '^ok' >&2
		gate "$base unmodified base, $config" "${PIPESTATUS[0]}"
	done
	"$HARNESS_DIR/assemble.sh" >/dev/null
}

# each_patch BASE: every patch of BASE's series builds alone with W=1 (and
# sparse where kbuild takes it), adding no warning.
each_patch() {
	step "$1: each patch builds on its own"
	BASE=$1 timed "$HARNESS_DIR/each-patch.sh"
	gate "$1 each patch builds alone with W=1, no new warning" $?
}

# coverage: make coverage on the assembled 7.3 tree.
coverage() {
	step "7.3: coverage"
	BASE=7.3 ASSEMBLED=1 timed "$HARNESS_DIR/coverage.sh" >&2
	gate "7.3 coverage of the changed lines at or above harness/coverage.floor" $?
}

# Tools and both bases first, one apt at a time.
"$HARNESS_DIR/deps.sh" || exit 1
for base in 7.3 6.12; do
	BASE=$base "$HARNESS_DIR/fetch-base.sh" >/dev/null || exit 1
done

suite 7.3 uml-hermetic
# The QEMU lane (KernelCI's job included) is shown after the UML lane.
mkdir -p "$top/7.3" "$top/6.12"
(ASSEMBLED=1 suite 7.3 x86_64-vtd module x86_64-virtio arm64-smmuv3 kernelci) \
	>"$top/7.3/test-qemu.out" 2>&1 &
qemu_lane=$!
ASSEMBLED=1 suite 7.3 uml uml-smp
coverage

# The 6.12 chain starts as soon as the UML lane is done; its output is
# shown after the 7.3 steps'. make mutants' "Also:" runs (mutant 28 beside
# VT-d) are left to make mutants.
(
	suite 6.12 uml x86_64-virtio
	unmodified 6.12 uml x86_64-virtio
	mutants 6.12
	each_patch 6.12
) >"$top/6.12/test.out" 2>&1 &
backport=$!

wait "$qemu_lane"
step "7.3 QEMU lane (beside the UML lane above; its own output follows)"
cat "$top/7.3/test-qemu.out" >&2

mutants 7.3
unmodified 7.3 uml x86_64-vtd x86_64-virtio
# On the commits step 1 assembled (ASSEMBLED=1: each-patch builds in a
# worktree of its own).
ASSEMBLED=1 each_patch 7.3
wait "$backport"
step "6.12 (beside the 7.3 steps above; its own output follows)"
cat "$top/6.12/test.out" >&2

# Last, so that the cover letters' "Tested" paragraphs have every result.
for base in 7.3 6.12; do
	step "$base: series"
	BASE=$base CHECK=1 timed "$HARNESS_DIR/patches.sh" >/dev/null
	gate "$base patches/$base is what make patches writes" $?
	BASE=$base timed "$HARNESS_DIR/series.sh" >/dev/null
	gate "$base series" $?
done

step "results"
mapfile -t args < <(tr '\t' '\n' <"$tally")
"$HARNESS_DIR/kunit_results.py" summary "${args[@]}"
