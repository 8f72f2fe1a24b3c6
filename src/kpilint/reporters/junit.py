"""JUnit XML for CI test tabs: a test suite per file, a failing test case per finding."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from kpilint.reporters import Report


def render(report: Report) -> str:
    suites = ET.Element("testsuites", name="kpilint")
    by_path = {p: list(g) for p, g in groupby(report.findings, key=lambda f: f.path)}
    total = failures = 0
    for fr in report.files:
        findings = by_path.get(fr.path, [])
        suite = ET.SubElement(suites, "testsuite", name=fr.path)
        cases = 0
        if fr.error:
            case = ET.SubElement(suite, "testcase", classname=fr.path, name="read")
            ET.SubElement(case, "error", message=fr.error).text = fr.error
            cases += 1
        for f in findings:
            case = ET.SubElement(
                suite, "testcase", classname=fr.path, name=f"{f.rule} {f.name} {f.where}"
            )
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            fix = "（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""
            failure.text = f"{f.where}: {f.rule} [{f.severity}] {f.message}{fix}"
            cases += 1
        if not cases:
            ET.SubElement(suite, "testcase", classname=fr.path, name="kpilint")
            cases = 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(findings)))
        suite.set("errors", "1" if fr.error else "0")
        total += cases
        failures += len(findings)
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
