#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of make mutants, from the runs' kunit_tool --json results.

  mutants_report.py RUNS.tsv MUTANT-DIR RESULTS-DIR OUT-DIR SECONDS
      RUNS.tsv: "name, run.sh's exit, seconds" a line; MUTANT-DIR: the
      mutants, for their header lines; RESULTS-DIR: NAME.json and NAME.log
      of each run, and none.json, the unmutated run. Writes
      OUT-DIR/report.{md,json}; exit 1 when a mutant is not killed as it
      must be (see verdict()).
"""
import json
import re
import sys

from kunit_results import OOPS_RE, crashed, leaves, load, raw_failed_cases, read_log

REPORTED = "kernel report(s) while the case ran"


def headers(path):
    out = {}
    with open(path) as f:
        for raw in f:
            if not raw.strip():
                break
            key, _, value = raw.partition(":")
            out[key.strip()] = value.strip()
    return out


def verdict(head, data, log, rc):
    """(verdict, failed cases, whether it is as it must be)."""
    if rc == "apply":
        return "does not apply", [], False
    cases = [(case, st) for case, st in leaves(data)] if data else []
    failed = [case for case, st in cases if st == "FAIL"]
    if not data:
        failed = raw_failed_cases(log)
        if failed:
            return "killed (the kernel's own verdicts, read from the raw log)", failed, \
                head.get("Demo") is None
    demo = head.get("Demo")
    if not failed and head.get("Kill") == "oops":
        # A call through a NULL callback: no check can see it coming, the
        # oops is the kernel's verdict. It counts when it happens inside a
        # case (kunit_try_run_case in its trace), which the suite reached.
        text = read_log(log) or ""
        m = OOPS_RE.search(text)
        if m and "kunit_try_run_case" in text[m.start():]:
            # Where: the last KTAP line before it (UML's traces are unreliable).
            ktap = re.findall(r"^\s*((?:not )?ok \d+ \S+|# Subtest: \S+)", text[:m.start()], re.M)
            where = ktap[-1:] or ["the first case"]
            return (f"killed by an oops inside a case, after \"{where[0]}\": {m.group(0).strip()}",
                    [], True)
        return "declared to oops inside a case, but did not", [], False
    if not failed:
        if data is None or crashed(data):
            return "crash only", [], False
        return "survived", [], False
    if demo == "isolation":
        first = next(i for i, (_, st) in enumerate(cases) if st == "FAIL")
        later = [case for case, st in cases[first + 1:] if st not in ("PASS", "SKIP")]
        if later or crashed(data):
            return "killed, but later cases did not pass: " + ", ".join(later[:3]), failed, False
        return f"killed; the {len(cases) - first - 1} later cases passed", failed, True
    if demo == "reports":
        text = read_log(log) or ""
        if REPORTED not in text:
            return "killed, but not by the report check", failed, False
        return "killed by the report check", failed, True
    return "killed", failed, True


def main(args):
    runs, mutant_dir, results, out, seconds = args
    none = load(f"{results}/none.json") or {}
    all_cases = [case for case, st in leaves(none) if st != "SKIP"]
    rows, killers, bad = [], set(), 0
    with open(runs) as f:
        for raw in f:
            name, rc, secs = raw.rstrip("\n").split("\t")
            head = headers(f"{mutant_dir}/{name}.patch")
            data = load(f"{results}/{name}.json") if rc != "apply" else None
            what, failed, good = verdict(head, data, f"{results}/{name}.log", rc)
            bad += not good
            if head.get("Demo") is None:
                killers.update(failed)
            rows.append({"mutant": name, "promise": head.get("Promise", ""),
                         "breaks": head.get("Breaks", ""), "demo": head.get("Demo", ""),
                         "verdict": what, "as_required": good,
                         "failed_cases": sorted(failed), "seconds": int(secs)})
    idle = [case for case in all_cases if case not in killers]
    md = ["| mutant | promise | result | failed cases |", "|---|---|---|---|"]
    for r in rows:
        cases = r["failed_cases"]
        shown = ", ".join(cases[:3]) + (", ..." if len(cases) > 3 else "")
        md.append(f"| {r['mutant']} | {r['promise']} | {r['verdict']} | "
                  f"{len(cases)}: {shown} |")
    md += ["", f"{len(rows)} mutants: {len(rows) - bad} as required, {bad} not; "
           f"{seconds} s in all.", "",
           "Cases that kill no mutant: " + (", ".join(idle) if idle else "none") + "."]
    text = "\n".join(md) + "\n"
    with open(f"{out}/report.md", "w") as f:
        f.write(text)
    with open(f"{out}/report.json", "w") as f:
        json.dump({"mutants": rows, "cases_killing_none": idle,
                   "seconds": int(seconds)}, f, indent=2)
    print(text)
    for r in rows:
        if not r["as_required"]:
            print(f"mutant {r['mutant']}: {r['verdict']}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
