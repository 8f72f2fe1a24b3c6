"""GitHub Actions workflow commands: annotations on the changed lines of a pull request."""

from __future__ import annotations

from collections.abc import Sequence

from kpilint.findings import Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import printable

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    text = printable(text)  # an Actions log shows ANSI sequences: escape them first
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(Writer):
    def start(self) -> None:
        self.errors: list[str] = []

    def findings_text(self, findings: Sequence[Finding]) -> str:
        return "".join(_command(f) for f in findings)

    def file(self, result: FileResult) -> None:
        self.out.write(self.text_of(result))
        if result.error:
            self.errors.append(
                f"::error file={_prop(result.path)},title=kpilint::{_data(result.error)}\n"
            )

    def finish(self, tally: Tally) -> None:
        self.out.write("".join(self.errors))


def _command(f: Finding) -> str:
    props = [f"file={_prop(f.path)}"]
    if f.line:
        props.append(f"line={f.line}")
        props.append(f"col={f.column or 1}")
    props.append(f"title={_prop(f'{f.rule} {f.name}')}")
    hint = "（可用 kpilint check --fix 修复）" if f.fixable and f.fix_safe else ""
    return f"::{LEVEL[f.severity]} {','.join(props)}::{_data(f.message + hint)}\n"


def render(report: Report) -> str:
    return render_with(GithubWriter, report)
