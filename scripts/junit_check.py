#!/usr/bin/env python3
"""Read mera's JUnit XML for every shipped example with a real JUnit parser
(junitparser from PyPI: `pip install junitparser`) and check its counts
against mera's own JSON report: one test case per applicable question, a
failure per unwaived gap, a skip per waived gap. Then the same under the
gate of examples/mera.toml (`mera check`): a failure per gap the gate
fails on, gaps below `fail_on` passing with the gap in system-out, and one
more case, `gate`/`verdict`, failing exactly when the gate does.

Usage: python3 scripts/junit_check.py   (from the repository root; builds mera)
"""
import json
import subprocess
import sys

from junitparser import Failure, JUnitXml, Skipped

EXAMPLES = [
    "examples/frontier-lab.yaml",
    "examples/agent-retailer.yaml",
    "examples/community-bank.toml",
    "examples/nonus-developer.yaml",
]


def mera(*args):
    return subprocess.run(
        ["target/debug/mera", *args], check=True, capture_output=True, text=True
    ).stdout


def main():
    subprocess.run(["cargo", "build", "--quiet"], check=True)
    ok = True
    for path in EXAMPLES:
        xml = JUnitXml.fromstring(mera("assess", path, "--format", "junit").encode())
        data = json.loads(mera("assess", path, "--format", "json"))["assessments"][0]
        cases = [case for suite in xml for case in suite]
        failures = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
        skipped = [c for c in cases if any(isinstance(r, Skipped) for r in c.result)]
        applicable = sum(a["applicable"] for a in data["areas"])
        open_gaps = [g for g in data["gaps"] if not g["waived"]]
        waived = [g for g in data["gaps"] if g["waived"]]
        got = (len(cases), len(failures), len(skipped))
        want = (applicable, len(open_gaps), len(waived))
        status = "ok  " if got == want else "FAIL"
        ok &= got == want
        print(f"{status} {path}: {len(list(xml))} suites, {got[0]} cases, "
              f"{got[1]} failures, {got[2]} skipped (expected {want})")
        # A failure's message is the recommended action.
        for case in failures[:1]:
            gap = next(g for g in open_gaps if g["question"] == case.name)
            message = next(r for r in case.result if isinstance(r, Failure)).message
            if message != gap["action"]["do"].strip():
                ok = False
                print(f"FAIL {path}: {case.name} message {message!r}")
    ok &= gated()
    return 0 if ok else 1


def gated():
    """The same examples under the gate of examples/mera.toml."""
    ok = True
    gate = ["--config", "examples/mera.toml", "--as-of", "2026-11-20", "--exit-zero"]
    for path in EXAMPLES:
        xml = JUnitXml.fromstring(mera("check", path, "--format", "junit", *gate).encode())
        data = json.loads(mera("check", path, "--format", "json", *gate))["assessments"][0]
        verdict = data["gate"]
        cases = [(suite.name, case) for suite in xml for case in suite]
        failed = [c for _, c in cases if any(isinstance(r, Failure) for r in c.result)]
        skipped = [c for _, c in cases if any(isinstance(r, Skipped) for r in c.result)]
        applicable = sum(a["applicable"] for a in data["areas"])
        fails_on = {f["question"] for f in verdict["failures"] if f["kind"] == "open-gap"}
        below = [g for g in data["gaps"] if not g["waived"] and g["question"] not in fails_on]
        want = (applicable + 1, len(fails_on) + (0 if verdict["passed"] else 1),
                len([g for g in data["gaps"] if g["waived"]]))
        got = (len(cases), len(failed), len(skipped))
        status = "ok  " if got == want else "FAIL"
        ok &= got == want
        verdict_case = next(c for s, c in cases if s == "gate" and c.name == "verdict")
        verdict_failed = any(isinstance(r, Failure) for r in verdict_case.result)
        if verdict_failed == verdict["passed"]:
            ok = False
            status = "FAIL"
        print(f"{status} {path} under the gate: {got[0]} cases, {got[1]} failures "
              f"({len(fails_on)} gaps the gate fails on, verdict "
              f"{'passed' if verdict['passed'] else 'failed'}), {got[2]} skipped, "
              f"{len(below)} gaps below fail_on passing (expected {want})")
        for gap in below:
            case = next(c for _, c in cases if c.name == gap["question"])
            out = case.system_out or ""
            if case.result or "below the gate's fail_on" not in out:
                ok = False
                print(f"FAIL {path}: {gap['question']} should pass with the gap in system-out")
    return ok


if __name__ == "__main__":
    sys.exit(main())
