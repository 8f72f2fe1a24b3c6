"""JSON for scripts: `{"findings": [...], "files": [...], "summary": {...}}`."""

from __future__ import annotations

import json

from kpilint.reporters import Report


def _fix(f) -> str | None:
    return None if not f.fixable else ("safe" if f.fix_safe else "unsafe")


def render(report: Report) -> str:
    data = {
        "findings": [
            {**f.to_json(), "fixable": f.fixable, "fix": _fix(f)} for f in report.findings
        ],
        "files": [
            {
                "path": f.path,
                "projects": f.projects,
                "template": f.template,
                "error": f.error,
                "stats": f.stats,
            }
            for f in report.files
        ],
        "summary": report.summary(),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
