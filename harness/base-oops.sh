#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make base-oops [BASE=...]: the claim of the series' first patch, checked:
# the pristine base (tag "base": no patch, so no suite) boots in the
# x86_64-virtio machine of harness/plan.conf, where a virtio-iommu that
# firmware does not describe registers without a fwnode, and oopses in
# viommu_probe_device(). In a worktree of the assembled tree at the base,
# with a build directory of its own. Fails unless the log shows that oops.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

"$HARNESS_DIR/assemble.sh" >/dev/null || exit 1
wt=$(worktree base base) || exit 1
"$HARNESS_DIR/run.sh" --tree "$wt" --build-dir "$(dirname "$wt")/kunit-x86_64" --name base-oops \
	--config-args "--kunitconfig=$HARNESS_DIR/configs/base-oops.config --kunitconfig=$HARNESS_DIR/configs/lockdep.config" \
	--kunit-args "--kernel_args=oops=panic --kernel_args=panic=-1 --timeout=300" \
	x86_64-virtio >/dev/null 2>&1
[ $? -ne 2 ] || die "the base did not build for x86_64-virtio; see $O/results/base-oops.kunit.out"
# harness/configs/base-oops.config's claim, on the bases make test runs
# this on: this kernel's configuration is the series' x86_64 one but for
# the suite's option, so that ccache serves it from that build (make test
# builds that first).
series=$O/kunit-x86_64/.config
diff=$O/results/base-oops.config-diff
if [ -f "$series" ] && ! diff <(grep -v IOMMU_PROBE_KUNIT_TEST "$series") \
	<(grep -v IOMMU_PROBE_KUNIT_TEST "$(dirname "$wt")/kunit-x86_64/.config") >"$diff"; then
	plan_step_on base-oops "$SERIES_BASE" &&
		die "the base's configuration differs from the series' x86_64 one by more than the suite's option; mend harness/configs/base-oops.config ($diff)"
	say "base-oops: the base's configuration differs from the series' x86_64 one, which make test does not check on $SERIES_BASE ($diff)"
fi
log=$O/results/base-oops.log
oops=$("$HARNESS_DIR/kunit_results.py" oops "$log") || die "the base did not oops beside virtio-iommu ($log)"
grep -q 'viommu_probe_device' "$log" || die "the base oopsed, but not in viommu_probe_device(): $oops ($log)"
say "base-oops: the base oopses beside virtio-iommu: $oops, in viommu_probe_device() ($log)"
