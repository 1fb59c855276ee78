"""Reads an `ocsf-validate --format junit` report with two consumers' JUnit parsers and checks
that both see what the validator reported.

    check_junit.py REPORT.xml EXPECTED.json

EXPECTED maps each file to {"tests": events, "failures": failing events}. junitparser is read
by many CI upload tools; test_results_parser is Codecov's parser for its test analytics. Both
must read every suite and test case, with the failures where expected.
"""

import json
import sys
from collections import Counter

import test_results_parser
from junitparser import Failure, JUnitXml


def main() -> int:
    report, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)

    # junitparser: the suites, their counts as written and as counted from the cases.
    xml = JUnitXml.fromfile(report)
    seen = {}
    for suite in xml:
        cases = list(suite)
        failed = sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))
        assert suite.tests == len(cases), (suite.name, suite.tests, len(cases))
        assert suite.failures == failed, (suite.name, suite.failures, failed)
        for case in cases:
            assert case.classname == suite.name, (case.classname, suite.name)
            for r in case.result:
                if isinstance(r, Failure):
                    assert r.message and r.type and r.text, (suite.name, case.name)
        seen[suite.name] = {"tests": len(cases), "failures": failed}
    assert seen == expected, f"junitparser read {seen}, expected {expected}"

    # Codecov's parser: one test run per event, failures where expected.
    with open(report, "rb") as f:
        runs = test_results_parser.parse_junit_xml(f.read()).testruns
    by_suite = Counter(r.testsuite for r in runs)
    failures = Counter(r.testsuite for r in runs if str(r.outcome).lower().endswith("failure"))
    got = {s: {"tests": by_suite[s], "failures": failures[s]} for s in by_suite}
    assert got == expected, f"test_results_parser read {got}, expected {expected}"

    cases = sum(v["tests"] for v in expected.values())
    failed = sum(v["failures"] for v in expected.values())
    print(
        f"junitparser and test_results_parser: {len(expected)} suites, {cases} test cases, "
        f"{failed} failures, as expected"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
