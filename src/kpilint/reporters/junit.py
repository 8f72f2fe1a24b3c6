"""JUnit XML for CI test tabs: a test suite per file, a failing test case per finding.

The root element carries totals, so this writer keeps the XML tree until the end:
meant for CI on a repository, not for a province-wide run (use json or sarif there)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import printable


class JunitWriter(Writer):
    def start(self) -> None:
        self.suites = ET.Element("testsuites", name="kpilint")
        self.total = self.failures = 0

    def file(self, result: FileResult) -> None:
        findings = result.findings
        path = printable(result.path)  # XML 1.0 cannot hold C0 controls, even escaped: shown as text
        suite = ET.SubElement(self.suites, "testsuite", name=path)
        cases = 0
        if result.error:
            case = ET.SubElement(suite, "testcase", classname=path, name="read")
            error = printable(result.error)
            ET.SubElement(case, "error", message=error).text = error
            cases += 1
        for f in findings:  # every text escaped: XML 1.0 has no U+FFFE, no lone surrogate
            where, message, rule = printable(f.where), printable(f.message), printable(f"{f.rule} {f.name}")
            case = ET.SubElement(suite, "testcase", classname=path, name=f"{rule} {where}")
            failure = ET.SubElement(case, "failure", message=message, type=f.severity)
            fix = "（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""
            failure.text = f"{where}: {printable(f.rule)} [{f.severity}] {message}{fix}"
            cases += 1
        if not cases:
            ET.SubElement(suite, "testcase", classname=path, name="kpilint")
            cases = 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(findings)))
        suite.set("errors", "1" if result.error else "0")
        self.total += cases
        self.failures += len(findings)

    def finish(self, tally: Tally) -> None:
        self.suites.set("tests", str(self.total))
        self.suites.set("failures", str(self.failures))
        ET.indent(self.suites)
        self.out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(self.suites, encoding="unicode")
            + "\n"
        )


def render(report: Report) -> str:
    return render_with(JunitWriter, report)
