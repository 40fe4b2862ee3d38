#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make mutants: for each patch in harness/mutants/ (or its copy in
# harness/mutants/<base>/, where the base's code needs one), which breaks one
# promise of the probe path in the fixed iommu.c, apply it to the assembled
# tree, rebuild incrementally, run the suite on UML (and in the base's
# MUTANT_SANITIZER configuration, uml-smp on 7.3, where the mutant says so
# or where the plain run caught nothing, and in the configurations its
# "Also-<base>:" line names), record what failed, and restore the tree -
# also when interrupted.
# Writes $O/mutants/report.{md,json}; fails when a mutant survives or only a
# crash killed it, and names the cases no mutant kills.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

MUTANT_SANITIZER=$(. "$BASE_CONF" && echo "${MUTANT_SANITIZER:-}")
MUTANT_RAW=$(. "$BASE_CONF" && echo "${MUTANT_RAW_OUTPUT:-}")
tree=$("$HARNESS_DIR/assemble.sh") || exit 1
out=$O/mutants
rm -rf "$out" "$O/results/mutants"
mkdir -p "$out"
runs=$out/runs.tsv

restore() { git -C "$tree" checkout -q -- . ; }
trap restore EXIT
trap 'restore; exit 130' INT TERM

start=$(date +%s)
# One set for every base; a base's own copy of a mutant where its code
# differs. Header lines may be for one base only: "Also-7.3:",
# "Survives-6.12:".
mutants=("$HARNESS_DIR"/mutants/*.patch)
[ -f "${mutants[0]}" ] || die "no mutants in $HARNESS_DIR/mutants"
for m in "${mutants[@]}"; do
	name=$(basename "$m" .patch)
	[ -f "$HARNESS_DIR/mutants/$BASE/$name.patch" ] && m=$HARNESS_DIR/mutants/$BASE/$name.patch
	# MUTANTS="12 13": only the mutants whose names start so.
	if [ -n "${MUTANTS:-}" ]; then
		case " $MUTANTS " in *" ${name%%-*} "*) ;; *) continue ;; esac
	fi
	promise=$(sed -n 's/^Promise: //p' "$m")
	sanitizer=$(sed -n 's/^Sanitizer: //p' "$m")
	also=$(sed -n "s/^Also-$BASE: //p" "$m")
	t0=$(date +%s)
	# A mutant that no case can kill in any configuration says why, and is
	# reported as such instead of run.
	if grep -q -e '^Survives: ' -e "^Survives-$BASE: " "$m"; then
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$promise" no survives - 0 - >>"$runs"
		continue
	fi
	if ! git -C "$tree" apply "$m" 2>"$out/$name.apply.err"; then
		say "mutant $name: does not apply ($out/$name.apply.err)"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$promise" no apply - 0 - >>"$runs"
		continue
	fi
	ASSEMBLED=1 IMAGE_ONLY=1 RUN_CONFIG=uml RUN_NAME=mutants/$name KUNIT_ARGS="--timeout=120${MUTANT_RAW:+ --raw_output=all}" EXEC_LIMIT=240 \
		"$HARNESS_DIR/run.sh" >"$out/$name.out" 2>&1
	plain=$?
	san=-
	# The configurations of its "Also-<base>:" line that this run runs.
	also_run=
	for config in $also; do
		case " ${MUTANTS_SKIP_ALSO:-} " in *" $config "*) ;; *) also_run="$also_run $config" ;; esac
	done
	# A mutant the plain run did not catch gets the sanitizer run too,
	# unless it is one that only its "Also" configurations can show.
	if [ -n "$MUTANT_SANITIZER" ] && { [ "$sanitizer" = yes ] || { [ -z "$also_run" ] &&
		! "$HARNESS_DIR/kunit_results.py" failed "$O/results/mutants/$name.json" >/dev/null 2>&1; }; }; then
		ASSEMBLED=1 IMAGE_ONLY=1 RUN_CONFIG=$MUTANT_SANITIZER RUN_NAME=mutants/$name.sanitize \
			KUNIT_ARGS="--timeout=300" "$HARNESS_DIR/run.sh" >"$out/$name.sanitize.out" 2>&1
		san=$?
	fi
	# A mutant that only other drivers' devices, or the suite built as a
	# module, show runs there too; MUTANTS_SKIP_ALSO names configurations
	# left out (make test leaves x86_64-vtd to make mutants, for time).
	for config in $also_run; do
		ASSEMBLED=1 RUN_CONFIG=$config RUN_NAME=mutants/$name.$config \
			KUNIT_ARGS="--timeout=300" "$HARNESS_DIR/run.sh" >"$out/$name.$config.out" 2>&1
	done
	restore
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$promise" "$sanitizer" "$plain" "$san" \
		$(($(date +%s) - t0)) "$(echo ${also_run:--})" >>"$runs"
	say "mutant $name: done in $(($(date +%s) - t0)) s"
done
restore
trap - EXIT INT TERM

"$HARNESS_DIR/mutants_report.py" "$runs" "$O/results" "$O/results/uml.json" \
	"$out" $(($(date +%s) - start))
