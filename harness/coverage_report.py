#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Line and branch coverage of what the series changes, from lcov.

  coverage_report.py INFO SOURCE CHANGED-LINES FLOORS OUT-DIR
      line and branch coverage, from lcov's INFO, of every function of
      SOURCE that contains a changed line, and of the changed lines; exit 1
      when a figure is below its floor in FLOORS. OUT-DIR/report.{txt,json}.
"""
import json
import os
import re
import sys

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


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    sys.exit(cmd_coverage(sys.argv[1:]))
