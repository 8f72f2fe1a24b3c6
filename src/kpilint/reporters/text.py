"""Text for people: `path:line:col: KPI301 [error] 消息`, grouped by project (ruff-like)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from kpilint.findings import Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import printable

_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


class TextWriter(Writer):
    """Findings on standard output, one a line; a file that could not be read is said on
    standard error by the command (as every format's), and counted in the last line."""

    def start(self) -> None:
        self.wrote = False

    def paint(self, code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if self.color else s

    def findings_text(self, findings: Sequence[Finding]) -> str | None:
        from kpilint.core.formats import fixes_in_place

        paint, lines = self.paint, []
        in_place = {path: fixes_in_place(path) for path in {f.path for f in findings}}
        key = lambda f: (f.project_code or "", f.project_name or "")  # noqa: E731
        for (code, name), group in groupby(findings, key=key):
            title = printable(f"{name or ''} {code or ''}".strip(), newlines=False)
            if title:
                lines.append(paint(_BOLD, f"== {title}"))
            for f in group:
                sev = paint(_COLOR[f.severity], f"[{f.severity}]")
                where, rule, message, name = (printable(x, newlines=False) for x in (f.where, f.rule, f.message, f.name))
                fix = (" [*]" if f.fix_safe else " [*?]") if f.fixable and in_place[f.path] else ""
                lines.append(f"{where}: {paint(_BOLD, rule)}{fix} {sev} {message}  {paint(_DIM, name)}")
        return "\n".join(lines) + "\n" if lines else ""

    def file(self, result: FileResult) -> None:
        text = self.text_of(result)
        if text:
            self.out.write(text)
            self.wrote = True

    def finish(self, tally: Tally) -> None:
        self.out.write(
            ("\n" if self.wrote else "") + self.paint(_BOLD, _tail(tally, self.lang)) + "\n"
        )


def plural(n: int, noun: str) -> str:
    """`1 file`, `2 files`: English counts agree with their noun."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _tail(tally: Tally, lang: str) -> str:
    s = tally.summary()
    label = _LABEL.get(lang, _LABEL["zh"])
    if lang == "en":
        tail = (
            f"{plural(s['findings'], 'finding')} ({plural(s['error'], 'error')}, {plural(s['warning'], 'warning')}, "
            f"{plural(s['info'], 'note')}) in {plural(s['files'], 'file')}, {plural(s['projects'], 'project')}"
        )
    else:
        tail = (
            f"共 {s['findings']} 个问题（{label['error']} {s['error']}，{label['warning']} {s['warning']}，"
            f"{label['info']} {s['info']}）；检查了 {s['files']} 个文件、{s['projects']} 个项目"
        )
    if s["unreadable"]:
        tail += (
            f"；{s['unreadable']} 个文件无法读取"
            if lang != "en"
            else f"; {s['unreadable']} unreadable"
        )
    safe, unsafe = tally.fixable_safe, tally.fixable_unsafe
    if safe or unsafe:
        if lang == "en":
            tail += f"\n[*] {safe} fixable with --fix; [*?] {unsafe} more with --unsafe-fixes"
        else:
            tail += f"\n[*] {safe} 个可用 --fix 自动修复；[*?] 另有 {unsafe} 个需 --unsafe-fixes（会改变含义，请先 --diff 查看）"
    return tail


def render(report: Report) -> str:
    return render_with(TextWriter, report)
