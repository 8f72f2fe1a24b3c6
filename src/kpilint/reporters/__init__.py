"""Reporters: findings out, one module per format. Each has `render(report) -> str`."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpilint.engine.rules import Rule
from kpilint.findings import SEVERITIES, Finding


@dataclass(frozen=True)
class FileResult:
    path: str
    projects: int = 0
    error: str | None = None
    template: str | None = None
    stats: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: list[FileResult]
    rules: list[Rule] = field(default_factory=list)
    lang: str = "zh"
    color: bool = False

    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            counts[f.severity] += 1
        return {
            "files": len(self.files),
            "projects": sum(f.projects for f in self.files),
            "unreadable": sum(1 for f in self.files if f.error),
            "findings": len(self.findings),
            **counts,
        }


def renderer(name: str):
    from kpilint.reporters import github, gitlab, html, json_report, junit, sarif, text

    return {
        "html": html.render,
        "text": text.render,
        "json": json_report.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "gitlab": gitlab.render,
    }[name]


FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "html")
