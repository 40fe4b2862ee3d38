#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the results in kunit_tool's --json output.

Prints one line "N passed, N failed[, N skipped]" and exits non-zero when
a case failed, the run crashed, or no case ran. Counts come from the JSON
that kunit.py wrote, never from its text output.
"""
import json
import sys


def leaves(group):
    # kunit_json.py: a group holds its leaf cases in test_cases and its
    # subtests that have subtests of their own (suites, parameterised cases)
    # in sub_groups; each parameter of a parameterised case counts once.
    yield from group.get("test_cases") or []
    for sub in group.get("sub_groups") or []:
        yield from leaves(sub)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: results.py KUNIT-JSON")
    try:
        with open(sys.argv[1]) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"no results: {e}", file=sys.stderr)
        print("0 passed, 0 failed")
        sys.exit(1)

    count = {"PASS": 0, "FAIL": 0, "SKIP": 0, "ERROR": 0}
    for c in leaves(data):
        status = c.get("status", "ERROR")
        count[status if status in count else "ERROR"] += 1
    failed = count["FAIL"] + count["ERROR"]
    misc = data.get("misc") or {}
    # Errors the parser saw outside any case (a crash, a truncated log).
    crashed = 1 if failed == 0 and (misc.get("crashed") or misc.get("errors")) else 0

    line = f"{count['PASS']} passed, {failed + crashed} failed"
    if count["SKIP"]:
        line += f", {count['SKIP']} skipped"
    if crashed:
        print(f"the run did not complete: {misc}", file=sys.stderr)
    if count["PASS"] + failed + count["SKIP"] == 0:
        print("no test ran", file=sys.stderr)
    print(line)
    ok = failed == 0 and not crashed and count["PASS"] > 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
