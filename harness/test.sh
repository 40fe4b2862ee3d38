#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: everything CI holds the project to, in an order that lets
# configurations sharing a build directory rebuild only what changed.
# On Linux 7.3, the primary base:
#   1. the suite in every configuration of harness/matrix.conf (uml, uml-smp,
#      x86_64-vtd, arm64-smmuv3, module): every case passes or skips saying
#      why, and no scanned kernel log holds a report;
#   2. make mutants: every mutant of the fixed probe path is killed by a
#      failed case or a sanitizer report, none only by a crash;
#   3. make coverage: the series' changes to iommu.c are covered up to the
#      floors in harness/coverage.floor;
#   4. the suite on the unmodified base, on UML and beside VT-d: exactly the
#      cases listed in harness/vanilla/<base>/<configuration>.expect fail;
#   5. make series: git am applies the series to the base, checkpatch clean.
# On Linux 6.12 LTS, the backport: steps 1 (uml), 2, 4 (uml) and 5.
# make alltests (kunit.py run --alltests) is not here: its cold build alone
# takes longer than the time make test may take.
# The last line is "N passed, N failed": every case of step 1, from kunit.py's
# JSON, plus one item for each scanned log of step 1 and each check 2 to 5.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

top=$O
gates=() runs=()
gate() { if [ "$2" -eq 0 ]; then gates+=(--gate "$1=pass"); else gates+=(--gate "$1=fail"); fi; }
step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)" >&2; }
timed() { local t0=$SECONDS rc; "$@"; rc=$?; say "--- $((SECONDS - t0)) s"; return $rc; }

# checks BASE CONFIG...: steps 1 and 2 on one base, the suite in the
# configurations given.
checks() {
	local base=$1 o=$top config how fix
	shift
	[ "$base" = 7.3 ] || o=$top/linux-$base
	export BASE=$base
	for config in "$@"; do
		step "$base: suite, $config"
		RUN_CONFIG=$config timed "$HARNESS_DIR/run.sh" >/dev/null
		# Failed cases count in the summary; a report in a scanned log is a gate.
		IFS='|' read -r _ _ _ how _ <<<"$(matrix_row "$config")"
		if [ "$how" != - ]; then
			[ ! -s "$o/results/$config.reports" ]
			gate "$base $config: no report in the kernel log" $?
		fi
		runs+=("$o/results/$config.json")
	done

	step "$base: mutants"
	timed "$HARNESS_DIR/mutants.sh"
	gate "$base mutants" $?
}

# vanilla BASE CONFIG...: step 6, then back to the whole series.
vanilla() {
	local base=$1 o=$top config fix
	shift
	[ "$base" = 7.3 ] || o=$top/linux-$base
	export BASE=$base
	fix=$(. "$PROJECT_DIR/patches/$base/base.conf" && echo "$FIX_PATCHES")
	for config in "$@"; do
		step "$base: suite on the unmodified base, $config"
		RUN_CONFIG=$config RUN_NAME=vanilla-$config SERIES_SKIP=$fix \
			timed "$HARNESS_DIR/run.sh" >/dev/null 2>&1
		"$HARNESS_DIR/results.py" expect "$HARNESS_DIR/vanilla/$base/$config.expect" \
			"$o/results/vanilla-$config.json" | grep -v '^ok' >&2
		gate "$base vanilla $config" "${PIPESTATUS[0]}"
	done
	"$HARNESS_DIR/assemble.sh" >/dev/null
}

checks 7.3 $(matrix_names)

step "7.3: coverage"
timed "$HARNESS_DIR/coverage.sh"
gate "7.3 coverage" $?

vanilla 7.3 uml x86_64-vtd

checks 6.12 uml
vanilla 6.12 uml

# Last, so that the cover letters' "Tested" paragraphs have every result.
for base in 7.3 6.12; do
	step "$base: series"
	BASE=$base timed "$HARNESS_DIR/series.sh" >/dev/null
	gate "$base series" $?
done

step "results"
"$HARNESS_DIR/results.py" summary "${gates[@]}" "${runs[@]}"
