"""GitHub Actions workflow commands: annotations on the changed lines of a pull request."""

from __future__ import annotations

from kpilint.reporters import Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        props = [f"file={_prop(f.path)}"]
        if f.line:
            props.append(f"line={f.line}")
            props.append(f"col={f.column or 1}")
        props.append(f"title={_prop(f'{f.rule} {f.name}')}")
        hint = "（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""
        lines.append(f"::{LEVEL[f.severity]} {','.join(props)}::{_data(f.message + hint)}")
    for fr in report.files:
        if fr.error:
            lines.append(f"::error file={_prop(fr.path)},title=kpilint::{_data(fr.error)}")
    return "\n".join(lines) + ("\n" if lines else "")
