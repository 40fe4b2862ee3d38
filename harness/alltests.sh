#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make alltests: kunit.py run --alltests, in a build directory of its own,
# filtered to the suite: it must build there, and none of its cases may fail.
# Outside make test: its cold build alone takes longer than make test may.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
base_setup

"$HARNESS_DIR/run.sh" --name alltests --build-dir "$O/kunit-alltests" --config-args --alltests \
	--kunit-args "--timeout=900 ${KUNIT_ARGS:-iommu_probe*}" uml >/dev/null
rc=$?
"$HARNESS_DIR/kunit_results.py" count "$O/results/alltests.json" || rc=1
exit $rc
