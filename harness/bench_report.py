#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of make bench.

  bench_report.py RESULTS-DIR
      the table of make bench, from the lines iommu_probe_bench.c logs in
      RESULTS-DIR/bench-{series,base}-N.log, one pair of boots per N.
"""
import os
import re
import sys

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


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    sys.exit(cmd_bench(sys.argv[1:]))
