#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make hermetic: how many times a default run of the test walks the
# machine's buses, which must be none. In the worktree make each-patch and
# make mutants use ($O/wt/kunit/, UML), harness/hermetic/count-walks.patch
# makes the core print a line for every registration and unregistration
# that walks iommu_buses[] (what iommu_device_register() and
# iommu_device_unregister() do); the run's log is counted between the
# test's first line and the run's end. On UML a control run, where every
# registration walks the machine's buses as well, must count some; beside
# a real IOMMU (RUN_CONFIG=x86_64-vtd, ...) its own registration before the
# test must. Prints the counts; fails unless the test's is 0 and it passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

"$HARNESS_DIR/assemble.sh" >/dev/null || exit 1
wt=$(worktree kunit HEAD) || exit 1
# RUN_CONFIG=<name> counts in another configuration of the plan (a QEMU
# one in a build directory of its own beside the worktree's UML one).
config=${RUN_CONFIG:-uml}
kbuild=$(dirname "$wt")/kunit
[ "$config" = uml ] || kbuild=$(dirname "$wt")/$config

# count [PATCH...]: the walks counted in a run of the worktree with
# count-walks.patch and PATCH applied; the run's exit status in $rc.
count() {
	local name=hermetic-$config p
	for p in "$HARNESS_DIR/hermetic/count-walks.patch" "$@"; do
		git -C "$wt" apply "$p" || die "$p does not apply to $wt"
		[ "$p" = "$HARNESS_DIR/hermetic/count-walks.patch" ] || name=hermetic-$config-control
	done
	"$HARNESS_DIR/run.sh" --tree "$wt" --build-dir "$kbuild" --name "$name" "$config" \
		>"$O/results/$name.out" 2>&1
	rc=$?
	git -C "$wt" reset -q --hard HEAD
	log=$O/results/$name.log
	# From the test's first line to the end of the run, both suites.
	# Before it: the machine's own registrations.
	walks=$(awk '/# Subtest: iommu_probe/ { on = 1 }
		on && /iommu-probe-kunit: a walk of the machine.s buses/ { n++ } END { print n + 0 }' "$log")
	before=$(awk '/# Subtest: iommu_probe/ { exit }
		/iommu-probe-kunit: a walk of the machine.s buses/ { n++ } END { print n + 0 }' "$log")
}

if [ "$config" = uml ]; then
	# The control first: with every registration walking the machine's
	# buses as well (harness/hermetic/control.patch), the count must not
	# be 0, or it counts nothing.
	count "$HARNESS_DIR/hermetic/control.patch"
	say "hermetic: $config, with harness/hermetic/control.patch, $walks walks ($log)"
	[ "$walks" -gt 0 ] || die "hermetic: the control counted no walk: the count is broken ($log)"
fi
count
say "hermetic: $config, the machine's own registrations walked its buses $before times before the test, the test $walks times ($log)"
# Beside a real IOMMU, its own registration is the control.
[ "$config" = uml ] || [ "$before" -gt 0 ] ||
	die "hermetic: $config: no walk counted before the test either: the count is broken ($log)"
[ "$rc" -eq 0 ] && [ "$walks" -eq 0 ]
