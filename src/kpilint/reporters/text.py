"""Text for people: `path:line:col: KPI301 [error] 消息`, grouped by project (ruff-like)."""

from __future__ import annotations

from itertools import groupby

from kpilint.reporters import Report

_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def render(report: Report) -> str:
    c = report.color
    paint = lambda code, s: f"{code}{s}{_RESET}" if c else s  # noqa: E731
    out: list[str] = []
    key = lambda f: (f.path, f.project_code or "", f.project_name or "")  # noqa: E731
    for (_path, code, name), group in groupby(report.findings, key=key):
        title = f"{name or ''} {code or ''}".strip()
        if title:
            out.append(paint(_BOLD, f"== {title}"))
        for f in group:
            sev = paint(_COLOR[f.severity], f"[{f.severity}]")
            out.append(
                f"{f.where}: {paint(_BOLD, f.rule)} {sev} {f.message}  {paint(_DIM, f.name)}"
            )
    for fr in report.files:
        if fr.error:
            out.append(paint(_COLOR["error"], fr.error))
    s = report.summary()
    label = _LABEL.get(report.lang, _LABEL["zh"])
    if report.lang == "en":
        tail = (
            f"{s['findings']} findings ({label['error']} {s['error']}, {label['warning']} {s['warning']}, "
            f"{label['info']} {s['info']}) in {s['files']} files, {s['projects']} projects"
        )
    else:
        tail = (
            f"共 {s['findings']} 个问题（{label['error']} {s['error']}，{label['warning']} {s['warning']}，"
            f"{label['info']} {s['info']}）；检查了 {s['files']} 个文件、{s['projects']} 个项目"
        )
    if s["unreadable"]:
        tail += (
            f"；{s['unreadable']} 个文件无法读取"
            if report.lang != "en"
            else f"; {s['unreadable']} unreadable"
        )
    safe = sum(1 for f in report.findings if f.fixable and f.fix_safe)
    unsafe = sum(1 for f in report.findings if f.fixable and not f.fix_safe)
    if safe or unsafe:
        if report.lang == "en":
            tail += f"\n[*] {safe} fixable with --fix; [*?] {unsafe} more with --unsafe-fixes"
        else:
            tail += f"\n[*] {safe} 个可用 --fix 自动修复；[*?] 另有 {unsafe} 个需 --unsafe-fixes（会改变含义，请先 --diff 查看）"
    out.append(("\n" if out else "") + paint(_BOLD, tail))
    return "\n".join(out) + "\n"
