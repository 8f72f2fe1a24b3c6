"""Text for people: `path:line:col: KPI301 [error] 消息`, grouped by project (ruff-like)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from kpilint.findings import Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import printable
from kpilint.texts import say_in

_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


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


def _tail(tally: Tally, lang: str) -> str:
    """The last line: the counts (English nouns agree with them), what could not be read,
    and what --fix can repair."""
    counts = tally.summary()
    plurals = {f"{key}_s": "" if n == 1 else "s" for key, n in counts.items()}
    tail = say_in(lang, "summary", **counts, **plurals)
    if counts["unreadable"]:
        tail += say_in(lang, "summary-unreadable", n=counts["unreadable"])
    if tally.fixable_safe or tally.fixable_unsafe:
        tail += "\n" + say_in(lang, "summary-fixable", safe=tally.fixable_safe, unsafe=tally.fixable_unsafe)
    return tail


def render(report: Report) -> str:
    return render_with(TextWriter, report)
