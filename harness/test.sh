#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test: everything CI holds the project to. Ends with the line
# "N passed, N failed" counted from kunit.py's JSON results.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

status=0
"$HARNESS_DIR/run.sh" || status=1
"$HARNESS_DIR/results.py" "${KUNIT_BUILD_DIR:-$O/kunit}/results.json" || status=1
exit $status
