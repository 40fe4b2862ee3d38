#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The report of make mutants, from the runs' kunit_tool --json results.

  mutants_report.py RUNS.tsv RESULTS-DIR SUITE-JSON OUT-DIR SECONDS
      the mutant matrix report of make mutants, as OUT-DIR/report.{md,json};
      exit 1 when a mutant survived, was killed only by a crash, or (marked
      "Sanitizer: yes") was not reported by the sanitizer run.
"""
import json
import sys

from kunit_results import crashed, failed_cases, first_report, leaves, load, raw_failed_cases

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
                verdict += " (the kernel's own verdicts, read from the raw log)"
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


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    sys.exit(cmd_mutants(sys.argv[1:]))
