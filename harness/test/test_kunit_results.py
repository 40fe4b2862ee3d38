# SPDX-License-Identifier: GPL-2.0
"""Tests of the harness's parsers, against results cut from real runs
(harness/test/data/): kunit_results.py and mutants_report.py. Run by
harness/selftest.sh, first in make test, in seconds."""
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout, redirect_stderr

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
sys.path.insert(0, os.path.dirname(HERE))

import kunit_results as kr  # noqa: E402
import mutants_report as mr  # noqa: E402


def data(name):
    return os.path.join(DATA, name)


def run(cmd, *args):
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = cmd(list(args))
    return rc, out.getvalue()


class Tally(unittest.TestCase):
    def test_passing_run(self):
        count, broken = kr.tally(kr.load(data("pass.json")))
        self.assertFalse(broken)
        self.assertEqual(count["FAIL"], 0)
        self.assertGreater(count["PASS"], 10)
        self.assertEqual(count["SKIP"], 1)

    def test_leaves_name_parameters(self):
        names = [case for case, _ in kr.leaves(kr.load(data("pass.json")))]
        self.assertIn("iommu_probe.probe_space/orders", names)
        self.assertIn("iommu_probe_unregister.unregister_during_probe_device", names)

    def test_count_line(self):
        rc, out = run(kr.cmd_count, data("pass.json"))
        self.assertEqual(rc, 0)
        self.assertRegex(out.strip(), r"^\d+ passed, 0 failed, 1 skipped$")

    def test_failed_run(self):
        rc, out = run(kr.cmd_count, data("killed.json"))
        self.assertEqual(rc, 1)
        self.assertNotIn(" 0 failed", out)

    def test_missing_results_are_a_failure(self):
        rc, out = run(kr.cmd_count, data("no-such.json"))
        self.assertEqual(rc, 1)
        self.assertIn("1 failed", out)

    def test_every_other_status_fails(self):
        # kunit.py writes ERROR for a crashed case; any status but PASS and
        # SKIP is a failed case, never a passed one.
        cases = [{"name": s.lower(), "status": s}
                 for s in ("PASS", "SKIP", "FAIL", "ERROR", "CRASHED", "")]
        count, _ = kr.tally({"name": "t", "sub_groups": [],
                             "test_cases": cases})
        self.assertEqual(count, {"PASS": 1, "FAIL": 4, "SKIP": 1})

    def test_crashed_cases_count_as_failed(self):
        crashed = kr.load(data("crashed.json"))
        errors = sum(1 for _, s in kr.leaves(crashed) if s == "ERROR")
        count, _ = kr.tally(crashed)
        self.assertGreater(errors, 0)
        self.assertGreaterEqual(count["FAIL"], errors)

    def test_crash_is_broken(self):
        count, broken = kr.tally(kr.load(data("crashed.json")))
        self.assertTrue(broken)
        self.assertTrue(kr.crashed(kr.load(data("crashed.json"))))


class Enumeration(unittest.TestCase):
    def test_counts_and_time(self):
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, "uml")
            with open(base + ".log", "w") as f:
                f.write("    # probe_space: orders: 25956 arrangements, 2 skipped (x)\n"
                        "    # probe_space: pairs: 650 arrangements, 0 skipped (x)\n")
            with open(base + ".kunit.out", "w") as f:
                f.write("[05:12:42] ======================= probe_space  ======\n"
                        "[05:12:46] =========== [PASSED] probe_space ======\n")
            self.assertEqual(kr.enumeration(base + ".json"), (26606, 2, 4))

    def test_printk_timestamps_first(self):
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, "kernelci")
            with open(base + ".log", "w") as f:
                f.write("[   10.500000]     # Subtest: probe_space\n"
                        "[   12.000000]     # probe_space: pairs: 650 arrangements, 0 skipped (x)\n"
                        "[   24.750000]     ok 2 probe_space\n")
            self.assertEqual(kr.enumeration(base + ".json"), (650, 0, 14.25))

    @staticmethod
    def uml_run(d, n):
        """A UML run whose output reached kunit.py at once: the stamps are
        equal, and the run's elapsed time is the bound."""
        base = os.path.join(d, "uml")
        with open(base + ".log", "w") as f:
            f.write(f"    # probe_space: orders: {n} arrangements, 0 skipped (x)\n")
        with open(base + ".kunit.out", "w") as f:
            f.write("[05:27:10] Elapsed time: 89.257s\n"
                    "[05:27:12] ======================= probe_space  ======\n"
                    "[05:27:12] =========== [PASSED] probe_space ======\n"
                    "[05:27:12] Elapsed time: 1.912s\n")
        return base + ".json"

    def test_output_all_at_once(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(kr.enumeration(self.uml_run(d, 10)),
                             (10, 0, "at most 1.912 (the whole run)"))

    def test_no_enumeration(self):
        self.assertEqual(kr.enumeration(data("no-such.json")), (0, 0, None))

    def test_arrangements_as_the_readme_writes_them(self):
        with tempfile.TemporaryDirectory() as d:
            rc, out = run(kr.cmd_arrangements, self.uml_run(d, 45298))
            self.assertEqual((rc, out.strip()), (0, "45,298 1.912"))
        rc, out = run(kr.cmd_arrangements, data("no-such.json"))
        self.assertEqual((rc, out.strip()), (1, "0 -"))


class Summary(unittest.TestCase):
    def test_last_line(self):
        rc, out = run(kr.cmd_summary, "--gate", "a=pass", "--gate", "b c=fail",
                      data("pass.json"), data("killed.json"))
        self.assertEqual(rc, 1)
        last = out.strip().splitlines()[-1]
        self.assertRegex(last, r"^\d+ passed, \d+ failed$")
        passed, failed = [int(x.split()[0]) for x in last.split(", ")]
        p, _ = kr.tally(kr.load(data("pass.json")))
        k, _ = kr.tally(kr.load(data("killed.json")))
        self.assertEqual(passed, p["PASS"] + k["PASS"] + 1)
        self.assertEqual(failed, k["FAIL"] + 1)

    def test_all_good(self):
        rc, out = run(kr.cmd_summary, "--gate", "x=pass", data("pass.json"))
        self.assertEqual(rc, 0)
        self.assertTrue(out.strip().endswith(" 0 failed"))


class Logs(unittest.TestCase):
    def test_clean_log_has_no_report(self):
        self.assertEqual(run(kr.cmd_scan, data("pass.log"))[0], 0)
        self.assertEqual(run(kr.cmd_oops, data("pass.log"))[0], 1)

    def test_reports_are_found(self):
        rc, out = run(kr.cmd_scan, data("reports.log"))
        self.assertEqual(rc, 1)
        self.assertIn("WARNING:", out)

    def test_oops_is_found(self):
        rc, out = run(kr.cmd_oops, data("oops.log"))
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"BUG: |Oops: |Kernel panic - ")

    def test_raw_verdicts(self):
        self.assertIn("walk_error_fails_registration",
                      " ".join(kr.raw_failed_cases(data("killed.log"))) or
                      " ".join(kr.failed_cases(kr.load(data("killed.json")))))


class Merge(unittest.TestCase):
    def test_two_loads(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "m.json")
            rc, _ = run(kr.cmd_merge, out, data("pass.json"), data("pass.json"))
            self.assertEqual(rc, 0)
            one, _ = kr.tally(kr.load(data("pass.json")))
            two, _ = kr.tally(kr.load(out))
            self.assertEqual(two["PASS"], 2 * one["PASS"])

    def test_a_missing_load_fails(self):
        with tempfile.TemporaryDirectory() as d:
            rc, _ = run(kr.cmd_merge, os.path.join(d, "m.json"), data("pass.json"),
                        data("no-such.json"))
            self.assertEqual(rc, 1)


class Mutants(unittest.TestCase):
    def verdict(self, head, name, rc="1"):
        return mr.verdict(head, kr.load(data(name + ".json")), data(name + ".log"), rc)

    def test_killed(self):
        what, failed, good = self.verdict({}, "killed")
        self.assertTrue(good)
        self.assertTrue(failed)

    def test_survived(self):
        what, failed, good = self.verdict({}, "pass")
        self.assertFalse(good)
        self.assertEqual(what, "survived")

    def test_crash_only_is_not_a_kill(self):
        what, _, good = self.verdict({}, "crashed")
        self.assertFalse(good)

    def test_does_not_apply(self):
        self.assertFalse(mr.verdict({}, None, data("pass.log"), "apply")[2])

    def test_isolation(self):
        self.assertTrue(self.verdict({"Demo": "isolation"}, "isolated")[2])
        self.assertFalse(self.verdict({"Demo": "isolation"}, "killed")[2])

    def test_reports(self):
        self.assertTrue(self.verdict({"Demo": "reports"}, "reports")[2])
        self.assertFalse(self.verdict({"Demo": "reports"}, "killed")[2])

    def test_an_oops_inside_a_case_kills_a_mutant_declared_so(self):
        head = {"Kill": "oops"}
        what, _, good = mr.verdict(head, None, data("oops-in-case.log"), "1")
        self.assertTrue(good, what)
        self.assertIn("ok 6 fwspec_of_an_unregistered_instance", what)
        # An oops outside any case (at boot), or none, is no kill.
        self.assertFalse(mr.verdict(head, None, data("oops.log"), "1")[2])
        self.assertFalse(self.verdict(head, "pass")[2])
        # Undeclared, the same crash is not a kill.
        self.assertFalse(mr.verdict({}, None, data("oops-in-case.log"), "1")[2])

    def test_headers(self):
        head = mr.headers(data("mutant.patch"))
        self.assertIn("Promise", head)
        self.assertIn("Breaks", head)


if __name__ == "__main__":
    unittest.main()
