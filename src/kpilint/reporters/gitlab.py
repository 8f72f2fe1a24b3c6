"""GitLab Code Quality report (a JSON array of issues) for merge-request widgets."""

from __future__ import annotations

from collections.abc import Sequence

from kpilint.findings import Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import json_text

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitlabWriter(Writer):
    def start(self) -> None:
        self.first = True
        self.out.write("[")

    def findings_text(self, findings: Sequence[Finding]) -> str:
        return ",\n ".join(json_text(_issue(f)) for f in findings)

    def file(self, result: FileResult) -> None:
        if text := self.text_of(result):
            self.out.write(("\n " if self.first else ",\n ") + text)
            self.first = False

    def finish(self, tally: Tally) -> None:
        self.out.write("]\n" if self.first else "\n]\n")


def _issue(f: Finding) -> dict:
    return {
        "description": f"{f.rule} {f.message}"
        + ("（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""),
        "check_name": f"{f.rule} {f.name}",
        "fingerprint": f.fingerprint(),
        "severity": SEVERITY[f.severity],
        "location": {"path": f.path, "lines": {"begin": f.line or 1}},
    }


def render(report: Report) -> str:
    return render_with(GitlabWriter, report)
