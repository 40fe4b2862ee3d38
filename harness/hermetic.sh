#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make hermetic: how many times a default run of the test walks the
# machine's buses, which must be none. In the worktree make each-patch and
# make mutants use ($O/wt/kunit/, UML), harness/hermetic/count-walks.patch
# makes the core print a line for every registration and unregistration
# that walks iommu_buses[] (what iommu_device_register() and
# iommu_device_unregister() do); the run's log is counted between the
# test's first line and the run's end. A control run, where every
# registration walks the machine's buses as well, must count some. Prints
# both counts; fails unless the real one is 0 and the test passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

"$HARNESS_DIR/assemble.sh" >/dev/null || exit 1
wt=$(worktree kunit HEAD) || exit 1

# count [PATCH...]: the walks counted in a run of the worktree with
# count-walks.patch and PATCH applied; the run's exit status in $rc.
count() {
	local name=hermetic p
	for p in "$HARNESS_DIR/hermetic/count-walks.patch" "$@"; do
		git -C "$wt" apply "$p" || die "$p does not apply to $wt"
		[ "$p" = "$HARNESS_DIR/hermetic/count-walks.patch" ] || name=hermetic-control
	done
	"$HARNESS_DIR/run.sh" --tree "$wt" --build-dir "$(dirname "$wt")/kunit" --name "$name" uml \
		>"$O/results/$name.out" 2>&1
	rc=$?
	git -C "$wt" reset -q --hard HEAD
	log=$O/results/$name.log
	# From the test's first line to the end of the run, both suites.
	walks=$(awk '/# Subtest: iommu_probe/ { on = 1 }
		on && /iommu-probe-kunit: a walk of the machine.s buses/ { n++ } END { print n + 0 }' "$log")
}

# The control first: with every registration walking the machine's buses
# as well (harness/hermetic/control.patch), the count must not be 0, or it
# counts nothing.
count "$HARNESS_DIR/hermetic/control.patch"
say "hermetic: with harness/hermetic/control.patch, $walks walks ($log)"
[ "$walks" -gt 0 ] || die "hermetic: the control counted no walk: the count is broken ($log)"
count
say "hermetic: the test walked the machine's buses $walks times ($log)"
[ "$rc" -eq 0 ] && [ "$walks" -eq 0 ]
