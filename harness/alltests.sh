#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make alltests: kunit.py run --alltests, as KernelCI runs it, in a build
# directory of its own (build/kunit-alltests), filtered to the suite: it must
# build there and none of its cases may fail. Not part of make test: its
# cold build alone takes longer than make test's time budget allows.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

RUN_CONFIG=uml RUN_NAME=alltests KUNIT_BUILD_DIR=$O/kunit-alltests KUNIT_CONFIG_ARGS=--alltests \
	KUNIT_ARGS="--timeout=900 ${KUNIT_ARGS:-iommu_probe_*}" "$HARNESS_DIR/run.sh" >/dev/null
rc=$?
"$HARNESS_DIR/kunit_results.py" count "$O/results/alltests.json" || rc=1
exit $rc
