"""GitLab Code Quality report (a JSON array of issues) for merge-request widgets."""

from __future__ import annotations

from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import json_text

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitlabWriter(Writer):
    def start(self) -> None:
        self.first = True
        self.out.write("[")

    def file(self, result: FileResult) -> None:
        findings = result.findings
        for f in findings:
            issue = {
                "description": f"{f.rule} {f.message}"
                + ("（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""),
                "check_name": f"{f.rule} {f.name}",
                "fingerprint": f.fingerprint(),
                "severity": SEVERITY[f.severity],
                "location": {"path": f.path, "lines": {"begin": f.line or 1}},
            }
            self.out.write(
                ("\n " if self.first else ",\n ") + json_text(issue)
            )
            self.first = False

    def finish(self, tally: Tally) -> None:
        self.out.write("]\n" if self.first else "\n]\n")


def render(report: Report) -> str:
    return render_with(GitlabWriter, report)
