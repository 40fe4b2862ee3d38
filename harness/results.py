#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read kunit_tool's --json results; never its text output.

  results.py count JSON
      one line "N passed, N failed[, N skipped]"; exit 1 when a case failed,
      the run crashed or no case ran.
  results.py expect FILE JSON
      compare a run against FILE, which lists the cases that must fail (one
      "case/parameter | reason" a line), those that skip there ("SKIP
      case/parameter | reason") and those whose verdict there is left to
      chance ("ANY case | reason": stress cases); every other case must
      pass. "CRASH regex | reason" lines say that the kernel must crash
      instead: each regex must match a line of the run's raw kernel log
      (JSON's path ending in .log instead of .json), and cases are not
      compared.
  results.py describe LABEL NAME=JSON...
      a "Tested" paragraph for the cover letter.
  results.py failed JSON
      print the cases that failed an expectation; exit 1 when none did.
  results.py mutants RUNS.tsv RESULTS-DIR SUITE-JSON OUT-DIR SECONDS
      the mutant matrix report of make mutants, as OUT-DIR/report.{md,json};
      exit 1 when a mutant survived, was killed only by a crash, or (marked
      "Sanitizer: yes") was not reported by the sanitizer run.
  results.py summary [--gate NAME=pass|fail]... JSON...
      the closing lines of make test: each run's and each gate's result,
      the test cases and the whole-run checks (gates) apart, and last both
      together as "N passed, N failed".
  results.py merge OUT JSON...
      one result of several runs (the module run loads the suite twice):
      their suites side by side, and a crash or error of any.
  results.py only PREFIX OUT JSON
      OUT: JSON's results of the suites named PREFIX or PREFIX_* alone (the
      KernelCI run has every default suite); prints a line for the other
      suites, and how long those suites ran from the kernel log's
      timestamps (JSON's path ending in .log); exit 1 when none ran.
  results.py bench RESULTS-DIR
      the table of make bench, from the lines iommu_probe_bench.c logs in
      RESULTS-DIR/bench-{series,base}-N.log, one pair of boots per N.
  results.py selftest LABEL CONSOLE-LOG
      one line: what upstream's iommufd selftest reported in a console log.
  results.py selftest-compare DIR NAME...
      exit 1 when a run NAME failed, beside VT-d, a test that passed
      without it (DIR/NAME-x86_64-vtd.log against DIR/NAME-x86_64.log).
  results.py coverage INFO SOURCE CHANGED-LINES FLOORS OUT-DIR
      line and branch coverage, from lcov's INFO, of every function of
      SOURCE that contains a changed line, and of the changed lines; exit 1
      when a figure is below its floor in FLOORS. OUT-DIR/report.{txt,json}.
"""
import json
import os
import re
import sys
import textwrap


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
    want = {}
    crash = []
    with open(expect_file) as f:
        for raw in f:
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            case, _, why = raw.partition("|")
            if case.startswith("CRASH "):
                crash.append(case[len("CRASH "):].strip())
                continue
            status = "FAIL"
            for kind in ("SKIP", "ANY"):
                if case.startswith(kind + " "):
                    status, case = kind, case[len(kind) + 1:]
            want[case.strip()] = status
    if crash:
        log = re.sub(r"\.json$", ".log", path)
        try:
            with open(log, errors="replace") as f:
                text = f.read()
        except OSError as e:
            print(f"WRONG no kernel log {log}: {e}")
            return 1
        wrong = 0
        for pattern in crash:
            found = re.search(pattern, text, re.M)
            wrong += not found
            print(f"{'ok  ' if found else 'WRONG'} crash: /{pattern}/ "
                  f"{'in' if found else 'not in'} {log}")
        return 1 if wrong else 0
    data = load(path)
    if data is None:
        return 1
    seen = dict(leaves(data))
    wrong = 0
    for case, status in seen.items():
        w = want.get(case, "PASS")
        good = status == w or (w == "ANY" and status in ("PASS", "FAIL"))
        mark = "ok  " if good else "WRONG"
        wrong += not good
        print(f"{mark} {status:4} (want {w}) {case}")
    for case in want:
        if case not in seen:
            print(f"WRONG missing {case}")
            wrong += 1
    return 1 if wrong else 0


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
    it: the kernel's own verdict lines, read directly."""
    try:
        text = open(log, errors="replace").read()
    except OSError:
        return []
    if not re.search(r"^# Totals: ", text, re.M):
        return []
    return sorted(set(re.findall(r"^    not ok \d+ (\S+)", text, re.M)))


def cmd_mutants(args):
    runs, results, suite, out, seconds = args
    # A case that skips in the suite's own run cannot kill a mutant there.
    all_cases = [case for case, st in leaves(load(suite) or {}) if st != "SKIP"]
    rows, killers, bad = [], set(), 0
    with open(runs) as f:
        for raw in f:
            name, promise, sanitizer, plain, san, secs, also = raw.rstrip("\n").split("\t")
            base = f"{results}/mutants/{name}"
            survives = plain == "survives"
            pdata = load(base + ".json") if plain not in ("apply", "survives") else None
            sdata = load(base + ".sanitize.json") if san != "-" else None
            cases = set(failed_cases(pdata)) | set(failed_cases(sdata))
            for config in also.split() if also != "-" else []:
                cases |= set(failed_cases(load(f"{base}.{config}.json")))
            raw = []
            if pdata is None and plain not in ("apply", "survives") and not cases:
                raw = raw_failed_cases(base + ".log")
                cases = set(raw)
            cases = sorted(cases)
            report = first_report(base + ".sanitize.reports") if san == "1" else ""
            if survives:
                verdict = "survives, as its Survives: line says"
            elif plain == "apply":
                verdict = "does not apply"
            elif cases:
                verdict = "killed"
            elif report:
                verdict = "killed by sanitizer"
            elif crashed(pdata):
                verdict = "crash only"
            else:
                verdict = "survived"
            problem = verdict not in ("killed", "killed by sanitizer") and not survives
            if sanitizer == "yes" and not report:
                problem = True
                verdict += " (not reported by the sanitizer run)"
            bad += problem
            killers.update(cases)
            if raw:
                verdict += " (read from the raw log: console lines were lost)"
            rows.append({"mutant": name, "promise": promise, "verdict": verdict,
                         "failed_cases": cases, "sanitizer_report": report,
                         "seconds": int(secs)})
    idle = [case for case in all_cases if case not in killers]

    md = ["| mutant | promise | result | what caught it |", "|---|---|---|---|"]
    for r in rows:
        caught = []
        if r["failed_cases"]:
            caught.append(f"{len(r['failed_cases'])} cases: " +
                          ", ".join(r["failed_cases"][:3]) +
                          (", ..." if len(r["failed_cases"]) > 3 else ""))
        if r["sanitizer_report"]:
            caught.append("sanitizer: `" + r["sanitizer_report"][:90] + "`")
        md.append(f"| {r['mutant']} | {r['promise']} | {r['verdict']} | "
                  + "; ".join(caught) + " |")
    md.append("")
    kept = sum(r["verdict"].startswith("survives") for r in rows)
    md.append(f"{len(rows)} mutants: {len(rows) - bad - kept} killed as required, "
              f"{kept} known to survive (each says why), {bad} not as required; "
              f"{seconds} s in all.")
    md.append("")
    md.append("Cases that kill no mutant: " + (", ".join(idle) if idle else "none") + ".")
    text = "\n".join(md) + "\n"
    with open(f"{out}/report.md", "w") as f:
        f.write(text)
    with open(f"{out}/report.json", "w") as f:
        json.dump({"mutants": rows, "cases_killing_none": idle,
                   "seconds": int(seconds)}, f, indent=2)
    print(text)
    for r in rows:
        if not r["verdict"].startswith("killed"):
            print(f"mutant {r['mutant']}: {r['verdict']}", file=sys.stderr)
    return 1 if bad else 0


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
    # From the first of our suites' "# Subtest:" line to the last one's
    # result line: the suites of one file run one after the other.
    names = "|".join(re.escape(g["name"]) for g in mine)
    stamp = r"^\[\s*(\d+\.\d+)\]\s*"
    start = end = None
    log = re.sub(r"\.json$", ".log", path)
    try:
        with open(log, errors="replace") as f:
            for raw in f:
                m = re.match(stamp + r"(.*)$", raw.strip())
                if not m:
                    continue
                text = m.group(2).strip()
                if start is None and re.search(r"# Subtest: (" + names + r")$", text):
                    start = float(m.group(1))
                elif start is not None and re.match(
                        r"(not )?ok \d+ (" + names + r")$", text):
                    end = float(m.group(1))
    except OSError:
        pass
    if start is not None and end is not None:
        print(f"{prefix}*: {len(mine)} suites ran {end - start:.2f} s "
              f"(kernel log timestamps, {log})")
    else:
        print(f"{prefix}*: no run time: the kernel log has no timestamps around it")
    return 0


def function_ranges(source):
    """{name: (first, last)} of the functions defined at the top level of a
    C file in kernel style: a line ending in "(...)" or "(" whose next "{" is
    alone on a line, to the next "}" alone on a line."""
    lines = open(source, errors="replace").read().split("\n")
    ranges, i = {}, 0
    name_re = re.compile(r"^[A-Za-z_].*?\b([A-Za-z_][A-Za-z0-9_]*)\(")
    while i < len(lines):
        m = name_re.match(lines[i])
        if m and not lines[i].rstrip().endswith(";"):
            j = i
            while j < len(lines) and lines[j] != "{" and not lines[j].endswith(";"):
                j += 1
            if j < len(lines) and lines[j] == "{":
                k = j
                while k < len(lines) and lines[k] != "}":
                    k += 1
                ranges[m.group(1)] = (i + 1, k + 1)
                i = k
        i += 1
    return ranges


def read_info(info, source):
    """Line and branch counts of SOURCE from an lcov tracefile."""
    da, brda, cur = {}, [], None
    for raw in open(info):
        raw = raw.strip()
        if raw.startswith("SF:"):
            cur = os.path.realpath(raw[3:]) == os.path.realpath(source)
        elif not cur:
            continue
        elif raw.startswith("DA:"):
            line, count = raw[3:].split(",")[:2]
            da[int(line)] = da.get(int(line), 0) + int(count)
        elif raw.startswith("BRDA:"):
            line, block, branch, taken = raw[5:].split(",")
            brda.append((int(line), block, branch, 0 if taken == "-" else int(taken)))
    return da, brda


def figures(da, brda, wanted):
    lines = [l for l in da if wanted(l)]
    branches = [b for b in brda if wanted(b[0])]
    hit = sum(1 for l in lines if da[l] > 0)
    taken = sum(1 for b in branches if b[3] > 0)
    return {"lines": len(lines), "lines_hit": hit,
            "line_pct": 100.0 * hit / len(lines) if lines else 100.0,
            "branches": len(branches), "branches_taken": taken,
            "branch_pct": 100.0 * taken / len(branches) if branches else 100.0,
            "missed_lines": sorted(l for l in lines if da[l] == 0),
            "missed_branches": sorted({b[0] for b in branches if b[3] == 0})}


def cmd_coverage(args):
    info, source, changed_file, floors_file, out = args
    da, brda = read_info(info, source)
    if not da:
        print(f"no coverage data for {source} in {info}", file=sys.stderr)
        return 1
    changed = {int(l) for l in open(changed_file).read().split()}
    ranges = function_ranges(source)
    rows = {}
    for name, (first, last) in sorted(ranges.items(), key=lambda r: r[1]):
        if any(first <= l <= last for l in changed):
            rows[name] = figures(da, brda, lambda l, f=first, t=last: f <= l <= t)
    rows["changed lines"] = figures(da, brda, lambda l: l in changed)

    floors = {}
    for raw in open(floors_file):
        raw = raw.split("#")[0].split()
        if len(raw) == 3:
            floors[raw[0]] = (float(raw[1]), float(raw[2]))
    text = [f"{'function':36} {'lines':>12} {'branches':>14}"]
    bad = 0
    for name, r in rows.items():
        floor = floors.get(name.replace(" ", "-"))
        mark = ""
        if floor and (r["line_pct"] < floor[0] or r["branch_pct"] < floor[1]):
            mark, bad = "  BELOW FLOOR", bad + 1
        elif floor:
            mark = f"  (floor {floor[0]:g} %/{floor[1]:g} %)"
        text.append(f"{name:36} {r['lines_hit']:3}/{r['lines']:<3} {r['line_pct']:5.1f} %"
                    f" {r['branches_taken']:3}/{r['branches']:<3} {r['branch_pct']:5.1f} %{mark}")
        missed = r["missed_lines"] + [f"branch@{l}" for l in r["missed_branches"]]
        if missed and name != "changed lines":
            text.append(f"{'':36} not reached: " + ", ".join(map(str, missed)))
    for name in floors:
        if name.replace("-", " ") not in rows and name not in rows:
            text.append(f"floor for {name}: no such function among those changed")
            bad += 1
    report = "\n".join(text) + "\n"
    with open(f"{out}/report.txt", "w") as f:
        f.write(report)
    with open(f"{out}/report.json", "w") as f:
        json.dump(rows, f, indent=1)
    print(report, end="")
    return 1 if bad else 0


def bench_lines(path):
    """{(layout, n, accept): (ns, calls)} of one boot's log."""
    pat = re.compile(r"iommu-probe-bench: layout=(\w+) n=(\d+) accept=(\w+) ns=(\d+)"
                     r"(?: calls=(\d+))?")
    found = {}
    try:
        for raw in open(path, errors="replace"):
            m = pat.search(raw)
            if m:
                calls = int(m.group(5)) if m.group(5) is not None else None
                found[(m.group(1), int(m.group(2)), m.group(3))] = (int(m.group(4)), calls)
    except OSError:
        pass
    return found


def median(values):
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2


def cmd_bench(args):
    out = args[0]
    boots = sorted(int(m.group(1)) for m in (
        re.match(r"bench-series-(\d+)\.log$", f) for f in os.listdir(out)) if m)
    series = [bench_lines(f"{out}/bench-series-{n}.log") for n in boots]
    base = [bench_lines(f"{out}/bench-base-{n}.log") for n in boots]
    if not series or not series[0]:
        print(f"no bench results in {out}/bench-series-*.log", file=sys.stderr)
        return 1
    print(f"Probe and release of one client device, UML, {len(boots)} boots of each "
          "kernel in alternation;")
    print("time: median over the boots of each boot's median of 200 (us); ratio: "
          "series/base of the boots paired in turn, median [lowest-highest];")
    print("calls: probe_device() calls of all drivers per probe, series/base.")
    print(f"{'instances':>9}  {'layout':16} {'accepting':9} {'series':>8} {'base':>8} "
          f"{'ratio':>18}  {'calls':>7}  verdict")
    verdicts = {}
    slower = pairs_all = 0
    for key in sorted(series[0], key=lambda k: (k[0], k[2], k[1])):
        layout, n, accept = key
        s_ns = [run[key][0] for run in series if key in run]
        s_calls = {run[key][1] for run in series if key in run}
        pairs = [(sr[key][0], br[key][0]) for sr, br in zip(series, base)
                 if key in sr and key in br] if accept == "first" else []
        b_calls = {br[key][1] for br in base if key in br} if accept == "first" else set()
        what = "one driver" if layout == "one" else "distinct drivers"
        b_ns = f"{median([b for _, b in pairs]) / 1000:8.1f}" if pairs else f"{'-':>8}"
        calls = "/".join(
            ",".join(str(c) for c in sorted(x, key=str)) if x else "-" for x in (s_calls, b_calls))
        if pairs:
            ratios = [s / b for s, b in pairs]
            slower += sum(r > 1 for r in ratios)
            pairs_all += len(ratios)
            lo, hi = min(ratios), max(ratios)
            ratio = f"{median(ratios):.2f} [{lo:.2f}-{hi:.2f}]"
            verdict = ("slower" if lo > 1 else "faster" if hi < 1 else "no difference")
            verdict += f" over {len(pairs)} pairs"
            verdicts[verdict.split(" over")[0]] = verdicts.get(verdict.split(" over")[0], 0) + 1
        else:
            ratio, verdict = "-", "(the base cannot)"
        print(f"{n:9}  {what:16} {accept:9} {median(s_ns) / 1000:8.1f} {b_ns} "
              f"{ratio:>18}  {calls:>7}  {verdict}")
    print("rows: " + ", ".join(f"{v} in {c}" for v, c in sorted(verdicts.items())))
    # Over every pair of every row the base can do: the series slower in
    # three pairs of four or more is a cost, in one of four or fewer a gain.
    if pairs_all:
        share = slower / pairs_all
        verdict = ("the series is slower" if share >= 0.75 else
                   "the series is faster" if share <= 0.25 else "no difference measurable")
        print(f"verdict: {verdict} (the series slower in {slower} of {pairs_all} pairs)")
    return 0


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
    cmds = {"count": cmd_count, "expect": cmd_expect, "failed": cmd_failed,
            "mutants": cmd_mutants, "describe": cmd_describe,
            "summary": cmd_summary, "merge": cmd_merge, "only": cmd_only,
            "coverage": cmd_coverage, "bench": cmd_bench,
            "selftest": cmd_selftest, "selftest-compare": cmd_selftest_compare}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    sys.exit(cmds[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
