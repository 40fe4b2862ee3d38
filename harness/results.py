#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read kunit_tool's --json results; never its text output.

  results.py count JSON
      one line "N passed, N failed[, N skipped]"; exit 1 when a case failed,
      the run crashed or no case ran.
  results.py expect FILE JSON
      compare a run against FILE, which lists the cases that must fail (one
      "case/parameter | reason" a line); every other case must pass.
  results.py describe LABEL NAME=JSON...
      a "Tested" paragraph for the cover letter.
  results.py summary [--gate NAME=pass|fail]... JSON...
      the closing line of make test: the cases of every run, plus one item
      per gate, as "N passed, N failed".
"""
import json
import sys


def leaves(group, prefix="", depth=0):
    """(path, status) of every leaf case.

    kunit_json.py puts a group's leaf cases in test_cases and its subtests
    that have subtests of their own in sub_groups: under the root, the
    suites; under a suite, its parameterised cases, whose parameters are
    leaves named "case/parameter". Root and suite names are left out.
    """
    for case in group.get("test_cases") or []:
        yield prefix + case["name"], case.get("status", "ERROR")
    for sub in group.get("sub_groups") or []:
        sub_prefix = prefix + sub["name"] + "/" if depth >= 1 else ""
        yield from leaves(sub, sub_prefix, depth + 1)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"no results in {path}: {e}", file=sys.stderr)
        return None


def tally(data):
    count = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    if data is None:
        return count, True
    for _, status in leaves(data):
        count[status if status in count else "FAIL"] += 1
    misc = data.get("misc") or {}
    # The parser's own errors (a crash, a truncated log) are not cases.
    broken = bool(misc.get("crashed") or misc.get("errors")) or \
        count["PASS"] + count["FAIL"] + count["SKIP"] == 0
    return count, broken


def line(passed, failed, skipped=0):
    s = f"{passed} passed, {failed} failed"
    return s + (f", {skipped} skipped" if skipped else "")


def cmd_count(args):
    count, broken = tally(load(args[0]))
    if broken:
        print("the run did not complete, or no case ran", file=sys.stderr)
    print(line(count["PASS"], count["FAIL"] + broken, count["SKIP"]))
    return 0 if not count["FAIL"] and not broken else 1


def cmd_expect(args):
    expect_file, path = args
    must_fail = {}
    with open(expect_file) as f:
        for raw in f:
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            case, _, why = raw.partition("|")
            must_fail[case.strip()] = why.strip()
    data = load(path)
    if data is None:
        return 1
    seen = dict(leaves(data))
    wrong = 0
    for case, status in seen.items():
        want = "FAIL" if case in must_fail else "PASS"
        mark = "ok  " if status == want else "WRONG"
        wrong += status != want
        print(f"{mark} {status:4} (want {want}) {case}")
    for case in must_fail:
        if case not in seen:
            print(f"WRONG missing {case}")
            wrong += 1
    return 1 if wrong else 0


def cmd_describe(args):
    label, paths = args[0], args[1:]
    out = []
    for arg in paths:
        name, _, path = arg.rpartition("=")
        if not name or load(path) is None:
            continue
        count, broken = tally(load(path))
        out.append(f"  {name}: {line(count['PASS'], count['FAIL'] + broken, count['SKIP'])}")
    if out:
        print(f"Tested with KUnit on UML, {label} (kunit.py --json):")
        print("\n".join(out))
    return 0


def cmd_summary(args):
    passed = failed = skipped = 0
    paths = []
    while args:
        a = args.pop(0)
        if a == "--gate":
            name, _, result = args.pop(0).partition("=")
            ok = result == "pass"
            print(f"gate {name}: {'passed' if ok else 'FAILED'}")
            passed += ok
            failed += not ok
        else:
            paths.append(a)
    for path in paths:
        count, broken = tally(load(path))
        print(f"run {path}: {line(count['PASS'], count['FAIL'] + broken, count['SKIP'])}")
        passed += count["PASS"]
        failed += count["FAIL"] + broken
        skipped += count["SKIP"]
    print(line(passed, failed, skipped))
    return 0 if not failed and passed else 1


def main():
    cmds = {"count": cmd_count, "expect": cmd_expect,
            "describe": cmd_describe, "summary": cmd_summary}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    sys.exit(cmds[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
