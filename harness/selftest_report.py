#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What upstream's iommufd selftest reported, from console logs.

  selftest_report.py one LABEL CONSOLE-LOG
      one line: what upstream's iommufd selftest reported in a console log.
  selftest_report.py compare DIR NAME...
      exit 1 when a run NAME failed, beside VT-d, a test that passed
      without it (DIR/NAME-x86_64-vtd.log against DIR/NAME-x86_64.log).
"""
import re
import sys


def kselftest(path):
    """{test: "ok"|"not ok"|"skip"} from kselftest TAP in a console log."""
    pat = re.compile(r"^(?:# )?(not ok|ok) \d+ ([^ #]+)(.*)$")
    found = {}
    try:
        for raw in open(path, errors="replace"):
            m = pat.match(raw.strip())
            if m:
                skip = "# SKIP" in m.group(3)
                found[m.group(2)] = "skip" if skip else m.group(1)
    except OSError:
        pass
    return found


def cmd_selftest(args):
    label, path = args
    found = kselftest(path)
    failed = sorted(t for t, r in found.items() if r == "not ok")
    n = {r: sum(1 for v in found.values() if v == r) for r in ("ok", "not ok", "skip")}
    text = (f"{label}: {n['ok']} ok, {n['not ok']} not ok, {n['skip']} skipped"
            if found else f"{label}: no TAP in {path}")
    if failed:
        shown = ", ".join(failed[:8]) + (", ..." if len(failed) > 8 else "")
        text += f"; failed: {shown}"
    print(text)
    return 0


def cmd_selftest_compare(args):
    out, names = args[0], args[1:]
    bad = 0
    for name in names:
        vtd = kselftest(f"{out}/{name}-x86_64-vtd.log")
        ref = kselftest(f"{out}/{name}-x86_64.log")
        if not vtd or not ref:
            print(f"{name}: a run has no results", file=sys.stderr)
            bad += 1
            continue
        worse = sorted(t for t, r in vtd.items() if r == "not ok" and ref.get(t) == "ok")
        if worse:
            print(f"{name}: beside VT-d, {len(worse)} tests fail that pass without it: "
                  + ", ".join(worse[:8]), file=sys.stderr)
            bad += 1
        else:
            print(f"{name}: beside VT-d, no test fails that passes without it")
    return 1 if bad else 0


def main():
    cmds = {"one": cmd_selftest, "compare": cmd_selftest_compare}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    sys.exit(cmds[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
