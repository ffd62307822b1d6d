#!/usr/bin/env python3
"""Read mera's JUnit XML for every shipped example with a real JUnit parser
(junitparser from PyPI: `pip install junitparser`) and check its counts
against mera's own JSON report: one test case per applicable question, a
failure per unwaived gap, a skip per waived gap.

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
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
