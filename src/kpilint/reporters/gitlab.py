"""GitLab Code Quality report (a JSON array of issues) for merge-request widgets."""

from __future__ import annotations

import json

from kpilint.reporters import Report

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    issues = [
        {
            "description": f"{f.rule} {f.message}"
            + ("（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""),
            "check_name": f"{f.rule} {f.name}",
            "fingerprint": f.fingerprint(),
            "severity": SEVERITY[f.severity],
            "location": {"path": f.path, "lines": {"begin": f.line or 1}},
        }
        for f in report.findings
    ]
    return json.dumps(issues, ensure_ascii=False, indent=1) + "\n"
