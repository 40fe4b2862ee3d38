#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read kunit_tool's --json results; never its text output.

  kunit_results.py count JSON
      one line "N passed, N failed[, N skipped]"; exit 1 when a case failed,
      the run crashed or no case ran.
  kunit_results.py scan LOG [OUT]
      the kernel log's report lines (WARN, BUG, oops, KASAN, lockdep, list
      corruption, sleeping in atomic context, panic), "N:line" each, also
      into OUT; exit 1 when there is one.
  kunit_results.py oops LOG
      print the first line that says the kernel oopsed or panicked; exit 1
      when none does.
  kunit_results.py describe LABEL NAME=JSON...
      a "Tested" paragraph for the cover letter.
  kunit_results.py failed JSON
      print the cases that failed an expectation; exit 1 when none did.
  kunit_results.py summary [--gate NAME=pass|fail]... JSON...
      the closing lines of make test: each run's and each gate's result,
      the test cases and the whole-run checks (gates) apart, and last both
      together as "N passed, N failed".
  kunit_results.py merge OUT JSON...
      one result of several runs (the module run loads the suite twice):
      their suites side by side, and a crash or error of any.
  kunit_results.py arrangements JSON
      how many arrangements probe_space checked in that run (its log
      beside it), as the README writes the figure, and in how many seconds
      at most ("-" when the run does not say); exit 1 when none.
  kunit_results.py measurements TIMES SECONDS COMMIT [--gate NAME=R | JSON]...
      make test's figures as Markdown, for MEASUREMENTS.md.
  kunit_results.py only PREFIX OUT JSON
      OUT: JSON's results of the suites named PREFIX or PREFIX_* alone (the
      KernelCI run has every default suite); prints a line for the other
      suites, and how long those suites ran from the kernel log's
      timestamps (JSON's path ending in .log); exit 1 when none ran.
"""
import json
import re
import sys
import textwrap


def leaves(group, prefix="", depth=0):
    """(path, status) of every leaf case.

    kunit_json.py puts a group's leaf cases in test_cases and its subtests
    that have subtests of their own in sub_groups: under the root, the
    suites; under a suite, its parameterised cases, whose parameters are
    leaves. A leaf is named "suite.case" or "suite.case/parameter", as
    kunit.py's filter names it: the suites share case names.
    """
    for case in group.get("test_cases") or []:
        yield prefix + case["name"], case.get("status", "ERROR")
    for sub in group.get("sub_groups") or []:
        sub_prefix = prefix + sub["name"] + ("/" if depth else ".")
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


# What a kernel log says when the kernel reported a problem: the one list
# every script uses (run.sh scans with it, make mutants reads it).
REPORT_RE = re.compile(
    r"BUG:|WARNING:|possible recursive locking|possible circular locking|"
    r"inconsistent lock state|suspicious RCU usage|"
    r"sleeping function called from invalid context|scheduling while atomic|"
    r"list_(add|del) corruption|Kernel panic|Oops")
# ...and when it stopped: an oops or a panic.
OOPS_RE = re.compile(r"^.*(BUG: |Oops: |Kernel panic - ).*$", re.M)


def read_log(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError as e:
        print(f"no kernel log {path}: {e}", file=sys.stderr)
        return None


def cmd_scan(args):
    text = read_log(args[0])
    if text is None:
        return 1
    found = [f"{n}:{raw}" for n, raw in enumerate(text.splitlines(), 1)
             if REPORT_RE.search(raw)]
    if len(args) > 1:
        with open(args[1], "w") as f:
            f.write("".join(x + "\n" for x in found))
    print("\n".join(found[:20]))
    return 1 if found else 0


def cmd_oops(args):
    text = read_log(args[0])
    m = OOPS_RE.search(text) if text is not None else None
    if m:
        print(m.group(0).strip())
    return 0 if m else 1


def cmd_describe(args):
    label, paths = args[0], args[1:]
    out = []
    for arg in paths:
        name, _, path = arg.rpartition("=")
        data = load(path) if name else None
        if data is None:
            continue
        count, broken = tally(data)
        what = f"{name}: {line(count['PASS'], count['FAIL'] + broken, count['SKIP'])}"
        out.append(textwrap.fill(what, width=72, initial_indent="  - ",
                                 subsequent_indent="    "))
    if out:
        print(f"Tested with KUnit (kunit.py --json) on {label}:")
        print("\n".join(out))
    return 0


def cmd_summary(args):
    gates_passed = gates_failed = 0
    passed = failed = skipped = 0
    paths = []
    while args:
        a = args.pop(0)
        if a == "--gate":
            name, _, result = args.pop(0).rpartition("=")
            ok = result == "pass"
            print(f"gate {name}: {'passed' if ok else 'FAILED'}")
            gates_passed += ok
            gates_failed += not ok
        else:
            paths.append(a)
    for path in paths:
        count, broken = tally(load(path))
        print(f"run {path}: {line(count['PASS'], count['FAIL'] + broken, count['SKIP'])}")
        passed += count["PASS"]
        failed += count["FAIL"] + broken
        skipped += count["SKIP"]
    print(f"test cases: {line(passed, failed, skipped)} "
          "(a skipped case says why in its run's log)")
    print(f"whole-run checks: {line(gates_passed, gates_failed)}")
    # The last line is exactly "N passed, N failed" (cases and checks), as
    # CI reads it.
    print(f"{passed + gates_passed} passed, {failed + gates_failed} failed")
    return 0 if not failed and not gates_failed and passed else 1


def failed_cases(data):
    return [case for case, status in leaves(data) if status == "FAIL"] if data else []


def crashed(data):
    if data is None:
        return True
    misc = data.get("misc") or {}
    return bool(misc.get("crashed")) or any(st == "ERROR" for _, st in leaves(data))


def cmd_failed(args):
    cases = failed_cases(load(args[0]))
    print("\n".join(cases))
    return 0 if cases else 1


def first_report(reports):
    """The first report line run.sh found, from its .reports file
    (grep -n output: the log's line number, a colon, the line)."""
    try:
        with open(reports, errors="replace") as f:
            return f.readline().strip().partition(":")[2]
    except OSError:
        return ""


def raw_failed_cases(log):
    """Cases KUnit itself reported "not ok" in a raw log that ran to its
    totals, for when console lines were lost and kunit.py could not parse
    it: the kernel's own verdict lines, read directly, named as leaves()
    names them."""
    text = read_log(log) or ""
    if not re.search(r"^# Totals: ", text, re.M):
        return []
    failed, suite, case = set(), "", None
    for raw in text.splitlines():
        m = re.match(r"^    # Subtest: (\S+)", raw)
        if m:
            suite = m.group(1) + "."
        m = re.match(r"^        # Subtest: (\S+)", raw)
        if m:
            case = suite + m.group(1)
        m = re.match(r"^(    |        )not ok \d+ (\S+)", raw)
        if m and len(m.group(1)) == 8 and case:
            failed.add(f"{case}/{m.group(2)}")
        elif m and not any(f.startswith(suite + m.group(2) + "/") for f in failed):
            failed.add(suite + m.group(2))
        if re.match(r"^    (not )?ok \d+ ", raw):
            case = None
    return sorted(failed)


def cmd_merge(args):
    out, paths = args[0], args[1:]
    merged = {"name": "merged", "sub_groups": [], "test_cases": [],
              "misc": {}}
    ok = True
    for path in paths:
        data = load(path)
        if data is None:
            ok = False
            merged["misc"]["errors"] = merged["misc"].get("errors", 0) + 1
            continue
        merged["sub_groups"] += data.get("sub_groups") or []
        merged["test_cases"] += data.get("test_cases") or []
        for key, value in (data.get("misc") or {}).items():
            if isinstance(value, int):
                merged["misc"][key] = merged["misc"].get(key, 0) + value
    with open(out, "w") as f:
        json.dump(merged, f, indent=1)
    return 0 if ok else 1


def cmd_only(args):
    prefix, out, path = args
    data = load(path)
    if data is None:
        return 1

    def ours(name):
        return name == prefix or name.startswith(prefix + "_")

    mine = [g for g in data.get("sub_groups") or [] if ours(g.get("name", ""))]
    others = [g for g in data.get("sub_groups") or [] if not ours(g.get("name", ""))]
    count, _ = tally({"sub_groups": others})
    print(f"other suites ({len(others)}): "
          f"{line(count['PASS'], count['FAIL'], count['SKIP'])}")
    with open(out, "w") as f:
        json.dump({"name": data.get("name", "main"), "sub_groups": mine,
                   "test_cases": [], "misc": data.get("misc") or {}}, f, indent=1)
    if not mine:
        print(f"{prefix}*: not in {path}", file=sys.stderr)
        return 1
    # The suites of one file run one after the other.
    log = re.sub(r"\.json$", ".log", path)
    span = printk_span(log, [g["name"] for g in mine])
    if span is not None:
        print(f"{prefix}*: {len(mine)} suites ran {span:.2f} s "
              f"(kernel log timestamps, {log})")
    else:
        print(f"{prefix}*: no run time: the kernel log has no timestamps around it")
    return 0


def printk_span(log, names):
    """Seconds from the first "# Subtest: NAME" line of the kernel log LOG
    to the last result line of one of NAMES after it, by the kernel's
    printk timestamps; None without them."""
    names = "|".join(re.escape(n) for n in names)
    start = end = None
    try:
        with open(log, errors="replace") as f:
            for raw in f:
                m = re.match(r"^\[\s*(\d+\.\d+)\]\s*(.*)$", raw.strip())
                if not m:
                    continue
                text = m.group(2).strip()
                if start is None and re.search(r"# Subtest: (" + names + r")$", text):
                    start = float(m.group(1))
                elif start is not None and re.match(r"(not )?ok \d+ (" + names + r")$", text):
                    end = float(m.group(1))
    except OSError:
        pass
    return None if start is None or end is None else end - start


ARRANGEMENTS_RE = re.compile(r"# probe_space: \S+: (\d+) arrangements, (\d+) skipped")


def enumeration(path):
    """(arrangements, skipped, seconds or None) of probe_space in the run
    whose JSON is PATH: the counts the suite prints, the time between the
    parameterised case's first and last line, by the kernel's printk
    timestamps or else by kunit.py's own ([hh:mm:ss], whole seconds); when
    those are one and the same, a text with the run's elapsed time."""
    base = re.sub(r"\.json$", "", path)
    n = skipped = 0
    first = last = bound = None
    try:
        with open(base + ".log", errors="replace") as f:
            for raw in f:
                m = ARRANGEMENTS_RE.search(raw)
                if m:
                    n += int(m.group(1))
                    skipped += int(m.group(2))
    except OSError:
        return 0, 0, None
    span = printk_span(base + ".log", ["probe_space"])
    if span is not None:
        return n, skipped, span
    try:
        with open(base + ".kunit.out", errors="replace") as f:
            for raw in f:
                t = re.match(r"^\[(\d+):(\d+):(\d+)\]", raw)
                if not t:
                    continue
                secs = int(t.group(1)) * 3600 + int(t.group(2)) * 60 + int(t.group(3))
                if re.search(r"=+ probe_space\s+=+$", raw.strip()):
                    first = secs
                elif first is not None and re.search(r"\] probe_space =+$", raw.strip()):
                    last = secs
                elif last is not None:
                    # kunit.py stamps lines as it reads them: when a
                    # kernel's output comes all at once, the run's own
                    # elapsed time bounds the enumeration's.
                    e = re.search(r"Elapsed time: ([0-9.]+)s", raw)
                    if e and last == first:
                        bound = float(e.group(1))
    except OSError:
        pass
    if bound is not None:
        return n, skipped, f"at most {bound:g} (the whole run)"
    # Equal stamps without a bound say nothing (a log parsed afterwards).
    secs = None if first is None or last is None or first == last else (last - first) % 86400
    return n, skipped, secs


def cmd_measurements(args):
    """measurements TIMES SECONDS COMMIT [--gate NAME=R | JSON]...: this run's
    figures as Markdown, for MEASUREMENTS.md."""
    times, seconds, commit, rest = args[0], int(args[1]), args[2], args[3:]
    out = [f"### make test of {commit}, {seconds // 60} min {seconds % 60} s",
           "", "| step | started (min) | seconds |", "|---|---|---|"]
    with open(times) as f:
        for raw in f:
            name, secs, at = raw.rstrip("\n").split("\t")
            out.append(f"| {name} | {at} | {secs} |")
    out += ["", "| run | passed | failed | skipped |", "|---|---|---|---|"]
    gates = []
    jsons = []
    while rest:
        a = rest.pop(0)
        if a == "--gate":
            gates.append(rest.pop(0))
            continue
        jsons.append(a)
        count, broken = tally(load(a))
        name = "/".join(a.split("/")[-3:])
        out.append(f"| {name} | {count['PASS']} | {count['FAIL'] + broken} | {count['SKIP']} |")
    out += ["", f"{sum(g.endswith('=pass') for g in gates)} of {len(gates)} whole-run checks passed."]
    out += ["", "The enumeration (probe_space) in each run:", "",
            "| run | arrangements | skipped | seconds (kunit.py's stamps) |", "|---|---|---|---|"]
    for a in jsons:
        n, skipped, secs = enumeration(a)
        if n:
            name = "/".join(a.split("/")[-3:])
            out.append(f"| {name} | {n} | {skipped} | {'-' if secs is None else secs if isinstance(secs, str) else f'{secs:g}'} |")
    print("\n".join(out))
    return 0


def cmd_arrangements(args):
    """arrangements JSON: how many arrangements probe_space checked in the
    run, as the README writes it (90,596), and in how many seconds at most
    ("-" when the run does not say); exit 1 when none."""
    n, _, secs = enumeration(args[0])
    if isinstance(secs, str):
        secs = float(re.search(r"[0-9.]+", secs).group(0))
    print(f"{n:,} {'-' if secs is None else f'{secs:g}'}")
    return 0 if n else 1


def main():
    cmds = {"arrangements": cmd_arrangements, "count": cmd_count, "scan": cmd_scan,
            "oops": cmd_oops, "failed": cmd_failed, "describe": cmd_describe, "summary": cmd_summary,
            "merge": cmd_merge, "only": cmd_only, "measurements": cmd_measurements}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    sys.exit(cmds[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
