#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: everything CI holds the project to.
#   1. the suite on UML with drivers/iommu/.kunitconfig;
#   2. the suite again under KASAN, lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_LIST
#      and kmemleak: any report fails it;
#   3. the suite on the unmodified base: exactly the cases listed in
#      harness/vanilla.expect must fail, all others pass;
#   4. make mutants: every mutant of the fixed probe code is killed by a
#      failed case or a sanitizer report, none only by a crash;
#   5. kunit.py run --alltests, as KernelCI runs it, running the suite: it
#      builds there and none of its cases fails;
#   6. make series: git am applies the series to the base, checkpatch clean.
# The last line is "N passed, N failed": every case of runs 1 and 2, from
# kunit.py's JSON, plus one item for each of the checks 2 to 6.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$PROJECT_DIR/patches/$BASE/base.conf"

results=$O/results
gates=()
gate() { if [ "$2" -eq 0 ]; then gates+=(--gate "$1=pass"); else gates+=(--gate "$1=fail"); fi; }

step() { printf '\n=== %s\n' "$*" >&2; }

step "suite (UML, drivers/iommu/.kunitconfig)"
RUN_NAME=suite "$HARNESS_DIR/run.sh"

step "suite under sanitizers"
"$HARNESS_DIR/sanitize.sh"
gate sanitizers $?

step "suite on the unmodified base (leaving out: $FIX_PATCHES)"
RUN_NAME=vanilla SERIES_SKIP=$FIX_PATCHES "$HARNESS_DIR/run.sh" >/dev/null 2>&1
"$HARNESS_DIR/results.py" expect "$HARNESS_DIR/vanilla.expect" "$results/vanilla.json"
gate vanilla-base $?
# Back to the whole series, so that the next run rebuilds only iommu.c.
"$HARNESS_DIR/assemble.sh" >/dev/null

step "mutants"
"$HARNESS_DIR/mutants.sh"
gate mutants $?

step "kunit.py run --alltests (the suite's cases only)"
RUN_NAME=alltests KUNIT_BUILD_DIR=$O/kunit-alltests KUNIT_CONFIG_ARGS=--alltests \
	KUNIT_ARGS="--timeout=900 iommu_probe" "$HARNESS_DIR/run.sh" >/dev/null 2>&1
"$HARNESS_DIR/results.py" count "$results/alltests.json"
gate alltests $?

step "series"
"$HARNESS_DIR/series.sh"
gate series $?

step "results"
"$HARNESS_DIR/results.py" summary "${gates[@]}" "$results/suite.json" "$results/sanitize.json"
