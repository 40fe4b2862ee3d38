#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: everything CI holds the project to, as harness/plan.conf says.
#   0. the harness's self-test (its parsers, shellcheck), in seconds;
#   1. two lanes side by side once the trees are assembled: the primary
#      base's UML configurations, make each-patch, make mutants and make
#      coverage in one; the QEMU configurations and the base-oops step
#      (each kernel in a build directory of its own), the primary base's
#      then every other base's, in the other;
#   2. every other base's UML configurations, make each-patch and make
#      mutants, from when the primary base's UML lane ends;
#   3. for every base: patches/<base> is what make patches writes, and make
#      series (git am onto the pristine base, checkpatch).
# The last line is "N passed, N failed": every case of the configurations'
# runs (kunit.py's JSON) plus one item for each whole-run check (gate).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

tally=$O_TOP/test.tally
mkdir -p "$O_TOP"
rm -f "$tally"
times=$O_TOP/test.times
rm -f "$times"
start=$SECONDS
gate() { if [ "$2" -eq 0 ]; then r=pass; else r=fail; fi; printf -- '--gate\t%s=%s\n' "$1" "$r" >>"$tally"; }
step() { current="$*"; printf '\n=== %s (%s)\n' "$*" "$(date +%T)" >&2; }
timed() {
	local t0=$SECONDS rc
	"$@"
	rc=$?
	say "--- $((SECONDS - t0)) s"
	printf '%s\t%s\t%s\n' "$current" $((SECONDS - t0)) $(((t0 - start) / 60)) >>"$times"
	return $rc
}

# A configuration runs under QEMU when it names a machine or an architecture.
qemu_config() { plan_config "$1" | cut -d'|' -f5 | grep -q -e '--qemu_config=' -e '--arch='; }

# configs BASE uml|qemu: the base's configurations of that kind.
configs() {
	local base=$1 kind=$2 c
	for c in $(plan_configs_on "$base"); do
		if qemu_config "$c"; then [ "$kind" = qemu ] && echo "$c"; else [ "$kind" = uml ] && echo "$c"; fi
	done
}

# suite BASE CONFIG...: the suite in those configurations.
suite() {
	local base=$1 config how
	shift
	for config in "$@"; do
		step "$base: $config"
		BASE=$base timed "$HARNESS_DIR/run.sh" "$config" >/dev/null
		how=$(plan_config "$config" | cut -d'|' -f3)
		if [ "$how" = scan ] || [ "$how" = module ]; then
			[ ! -s "$O_TOP/$base/results/$config.reports" ]
			gate "$base $config: no report in the kernel log" $?
		fi
		printf '%s\n' "$O_TOP/$base/results/$config.json" >>"$tally"
	done
}

# steps BASE NAME...: the plan's other steps, where it takes them on BASE.
steps() {
	local base=$1 s
	shift
	for s in "$@"; do
		plan_step_on "$s" "$base" || continue
		step "$base: $s"
		case $s in
		each-patch)
			BASE=$base timed "$HARNESS_DIR/each-patch.sh"
			gate "$base each patch builds with W=1, no new warning, and passes the suite from its own patch on" $?
			;;
		mutants)
			BASE=$base timed "$HARNESS_DIR/mutants.sh" >/dev/null
			gate "$base mutants: each killed as it must be" $?
			;;
		hermetic)
			BASE=$base timed "$HARNESS_DIR/hermetic.sh"
			gate "$base a default run walks none of the machine's buses" $?
			;;
		coverage)
			BASE=$base timed "$HARNESS_DIR/coverage.sh" >&2
			gate "$base coverage of what the series changes, at or above harness/coverage.floor" $?
			;;
		base-oops)
			BASE=$base timed "$HARNESS_DIR/base-oops.sh" >&2
			gate "$base the unmodified base oopses beside an undescribed virtio-iommu" $?
			;;
		esac
	done
}

step "self-test of the harness"
timed "$HARNESS_DIR/selftest.sh" >&2
gate "the harness's self-test" $?

# Tools and the bases first, one apt at a time.
"$HARNESS_DIR/deps.sh" || exit 1
mapfile -t bases < <(plan_bases)
for base in "${bases[@]}"; do
	BASE=$base "$HARNESS_DIR/assemble.sh" >/dev/null || exit 1
done
primary=${bases[0]}

mkdir -p "$O_TOP/$primary"
mapfile -t uml < <(configs "$primary" uml)
# Every base's QEMU kernels in one lane: builds that use both cores, not
# held back behind an older base's UML runs, which use one.
(
	for base in "${bases[@]}"; do
		mapfile -t all < <(configs "$base" qemu)
		suite "$base" "${all[@]}"
		steps "$base" base-oops
	done
) >"$O_TOP/$primary/test-qemu.out" 2>&1 &
qemu_lane=$!
# The other bases start when the UML lane ends, not beside it: UML drops
# console lines while the pipe to kunit.py is full, and an older base's
# kunit_tool then prints "[CRASHED]" until its bound (run.sh), more often
# the more UML runs share the two cores.
suite "$primary" "${uml[@]}"
steps "$primary" each-patch mutants hermetic coverage

others=()
for base in "${bases[@]:1}"; do
	mapfile -t all < <(configs "$base" uml)
	(suite "$base" "${all[@]}"; steps "$base" each-patch mutants hermetic coverage) \
		>"$O_TOP/$base/test.out" 2>&1 &
	others+=($!)
done

wait "$qemu_lane"
step "the QEMU lane, every base (beside the UML lanes)"
cat "$O_TOP/$primary/test-qemu.out" >&2
for i in "${!others[@]}"; do
	wait "${others[$i]}"
	step "${bases[$((i + 1))]} (beside the steps above)"
	cat "$O_TOP/${bases[$((i + 1))]}/test.out" >&2
done

for base in "${bases[@]}"; do
	step "$base: patches"
	BASE=$base CHECK=1 timed "$HARNESS_DIR/patches.sh" >/dev/null
	gate "$base patches/$base is what make patches writes" $?
	step "$base: series"
	BASE=$base timed "$HARNESS_DIR/series.sh" >/dev/null
	gate "$base series: git am onto the base, checkpatch --strict" $?
done
"$HARNESS_DIR/readme-check.sh" >&2
gate "the README's tables and figures are the plan's and MEASUREMENTS.md's" $?

step "results"
mapfile -t args < <(tr '\t' '\n' <"$tally")
# For MEASUREMENTS.md: what this run took and found, with its date and commit.
"$HARNESS_DIR/kunit_results.py" measurements "$times" $((SECONDS - start)) \
	"$(git -C "$PROJECT_DIR" log -1 --format='%h %cs' 2>/dev/null)" "${args[@]}" \
	>"$O_TOP/measurements.md" 2>/dev/null
say "(this run's figures for MEASUREMENTS.md: $O_TOP/measurements.md)"
"$HARNESS_DIR/kunit_results.py" summary "${args[@]}"
