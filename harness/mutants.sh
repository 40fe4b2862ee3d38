#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make mutants [BASE=<base>] [MUTANTS="12 13"]: each patch in
# harness/mutants/<base>/ (or the directory given as argument) breaks one promise of the probe path in the
# series' final tree. In a worktree of the assembled tree ($O/wt/kunit/, with
# its UML build directory, which make each-patch uses too: only what a
# mutant changes is rebuilt), apply it, run the suite on UML, and record what
# failed. A mutant is killed when a case fails (a crash alone is not
# enough). Header lines: "Promise:" (which), "Breaks:" (how), and "Demo:"
# for a mutant that shows something of the suite itself: "isolation" (every
# case after the first failing one still passes), "reports" (a kernel
# report fails the case it happens in, whatever came before in the boot);
# "Kernel-args:" for what its run must be booted with; "Kill: oops" for a
# call through a NULL callback, killed by the oops it causes inside a case.
# Writes $O/mutants/report.{md,json}; fails when a mutant is not killed as
# it must be, and names the cases that kill none.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

tree=$("$HARNESS_DIR/assemble.sh") || exit 1
out=$O/mutants
rm -rf "$out" "$O/results/mutants"
mkdir -p "$out" "$O/results/mutants"
runs=$out/runs.tsv
: >"$runs"
start=$SECONDS
dir=${1:-$HARNESS_DIR/mutants/$SERIES_BASE}
mapfile -t mutants < <(ls "$dir"/*.patch 2>/dev/null)
[ ${#mutants[@]} -gt 0 ] || die "no mutants in $dir"
wt=$(worktree kunit HEAD) || exit 1
# The suite's own run: which cases there are, in order.
"$HARNESS_DIR/run.sh" --tree "$wt" --build-dir "$(dirname "$wt")/kunit" --name mutants/none uml \
	>"$out/none.out" 2>&1 || die "the suite does not pass on the unmutated tree ($out/none.out)"
for m in "${mutants[@]}"; do
	name=$(basename "$m" .patch)
	if [ -n "${MUTANTS:-}" ]; then
		case " $MUTANTS " in *" ${name%%-*} "*) ;; *) continue ;; esac
	fi
	t0=$SECONDS
	git -C "$wt" reset -q --hard HEAD
	if ! git -C "$wt" apply "$m" 2>"$out/$name.apply.err"; then
		say "mutant $name: does not apply ($out/$name.apply.err)"
		printf '%s\t%s\t%s\n' "$name" apply 0 >>"$runs"
		continue
	fi
	# "Kernel-args:" header: kernel arguments the mutant's run needs.
	kargs=$(sed -n 's/^Kernel-args: //p' "$m" | head -n 1)
	"$HARNESS_DIR/run.sh" --tree "$wt" --build-dir "$(dirname "$wt")/kunit" --name "mutants/$name" \
		--kunit-args "--timeout=300${kargs:+ --kernel_args=$kargs}" uml >"$out/$name.out" 2>&1
	printf '%s\t%s\t%s\n' "$name" "$?" $((SECONDS - t0)) >>"$runs"
	say "mutant $name: done in $((SECONDS - t0)) s"
done
git -C "$wt" reset -q --hard HEAD
"$HARNESS_DIR/mutants_report.py" "$runs" "$dir" "$O/results/mutants" \
	"$out" $((SECONDS - start))
