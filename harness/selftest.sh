#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make selftest: the harness's own tests, in seconds, first in make test:
# the parsers of kunit_results.py and mutants_report.py against fixtures cut
# from real runs (harness/test/data/), as kunit_tool's kunit_tool_test.py
# tests kunit_tool; shellcheck over every script.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rc=0
python3 -m unittest discover -s "$HARNESS_DIR/test" -p 'test_*.py' -q || rc=1
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -x -P "$HARNESS_DIR" "$HARNESS_DIR"/*.sh "$HARNESS_DIR"/initramfs/* "$HARNESS_DIR"/qemu/tcg || rc=1
else
	say "selftest: no shellcheck here (Debian package shellcheck)"
	rc=1
fi
[ $rc -eq 0 ] && say "selftest: passed"
exit $rc
