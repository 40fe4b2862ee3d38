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
  results.py failed JSON
      print the cases that failed an expectation; exit 1 when none did.
  results.py mutants RUNS.tsv RESULTS-DIR SUITE-JSON OUT-DIR SECONDS
      the mutant matrix report of make mutants, as OUT-DIR/report.{md,json};
      exit 1 when a mutant survived, was killed only by a crash, or (marked
      "Sanitizer: yes") was not reported by the sanitizer run.
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
    """The first report line sanitize.sh found, from its .reports file
    (grep -n output: the log's line number, a colon, the line)."""
    try:
        with open(reports, errors="replace") as f:
            return f.readline().strip().partition(":")[2]
    except OSError:
        return ""


def cmd_mutants(args):
    runs, results, suite, out, seconds = args
    all_cases = [case for case, _ in leaves(load(suite) or {})]
    rows, killers, bad = [], set(), 0
    with open(runs) as f:
        for raw in f:
            name, promise, sanitizer, plain, san, secs = raw.rstrip("\n").split("\t")
            base = f"{results}/mutants/{name}"
            pdata = load(base + ".json") if plain != "apply" else None
            sdata = load(base + ".sanitize.json") if san != "-" else None
            cases = sorted(set(failed_cases(pdata)) | set(failed_cases(sdata)))
            report = first_report(base + ".sanitize.reports") if san == "1" else ""
            if plain == "apply":
                verdict = "does not apply"
            elif cases:
                verdict = "killed"
            elif report:
                verdict = "killed by sanitizer"
            elif crashed(pdata):
                verdict = "crash only"
            else:
                verdict = "survived"
            problem = verdict not in ("killed", "killed by sanitizer")
            if sanitizer == "yes" and not report:
                problem = True
                verdict += " (not reported by the sanitizer run)"
            bad += problem
            killers.update(cases)
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
    md.append(f"{len(rows)} mutants, {len(rows) - bad} killed as required, "
              f"{bad} not; {seconds} s in all.")
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
        if r["verdict"] not in ("killed", "killed by sanitizer"):
            print(f"mutant {r['mutant']}: {r['verdict']}", file=sys.stderr)
    return 1 if bad else 0


def main():
    cmds = {"count": cmd_count, "expect": cmd_expect, "failed": cmd_failed,
            "mutants": cmd_mutants, "describe": cmd_describe,
            "summary": cmd_summary}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    sys.exit(cmds[sys.argv[1]](sys.argv[2:]))


if __name__ == "__main__":
    main()
