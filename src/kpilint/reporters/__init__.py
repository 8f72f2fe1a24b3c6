"""Reporters: findings out, one module per format.

Each format is a `Writer` fed one file's result at a time, so checking ten thousand
files holds one file's findings in memory, not all of them. `render(report) -> str`
runs the same writer over results already collected (html, the library API and tests).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TextIO

from kpilint.findings import Finding, Tally

if TYPE_CHECKING:  # the core and the engine are imported when a report is made, not before
    from kpilint.core import FileResult
    from kpilint.engine.rules import Rule

__all__ = ["FORMATS", "WHOLE", "FileResult", "Report", "Tally", "Writer", "render_with", "renderer", "writer_for"]


@dataclass(frozen=True)
class Report:
    """Findings and the files they came from, for the formats that render all at once."""

    findings: list[Finding]
    files: list[FileResult]
    rules: list[Rule] = field(default_factory=list)
    lang: str = "zh"
    color: bool = False

    @classmethod
    def of(cls, results: Iterable[FileResult], rules: list[Rule], lang: str = "zh",
           color: bool = False) -> Report:  # fmt: skip
        files = list(results)
        return cls([f for r in files for f in r.findings], files, rules, lang, color)

    def tally(self) -> Tally:
        t = Tally()
        for result in self.by_file():
            t.add(result)
        return t

    def summary(self) -> dict[str, int]:
        return self.tally().summary()

    def by_file(self) -> Iterator[FileResult]:
        """Each file with its findings, in the order of `files`; findings of files not listed
        (a Report built by hand) come last under a result of their own."""
        groups: dict[str, list[Finding]] = {}
        for f in self.findings:
            groups.setdefault(f.path, []).append(f)
        for fr in self.files:
            yield replace(fr, findings=tuple(groups.pop(fr.path, ())))
        from kpilint.core import FileResult

        for path, findings in groups.items():
            yield FileResult(path, tuple(findings))


class Writer:
    """One report format, written as results arrive. Subclasses override the three steps."""

    def __init__(self, out: TextIO, rules: list[Rule], lang: str = "zh", color: bool = False):
        self.out, self.rules, self.lang, self.color = out, rules, lang, color

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        raise NotImplementedError

    def findings_text(self, findings: Sequence[Finding]) -> str | None:
        """One file's findings as this format writes them, made from nothing but the
        findings (no state of the run), so the worker that checked the file can make it
        and the run's process only writes it. None: this format cannot (its findings go
        into a structure written at the end)."""
        return None

    def text_of(self, result: FileResult) -> str:
        """`findings_text` of a result: made by its worker, or here."""
        if result.rendered is not None:
            return result.rendered
        return self.findings_text(result.findings) or ""

    def finish(self, tally: Tally) -> None:
        pass


def render_with(writer: type[Writer], report: Report) -> str:
    out = io.StringIO()
    w = writer(out, report.rules, report.lang, report.color)
    w.start()
    for result in report.by_file():
        w.file(result)
    w.finish(report.tally())
    return out.getvalue()


def writer_for(name: str) -> type[Writer]:
    """The streaming writer of a format; html and review are not (they lay out every table
    at once)."""
    from kpilint.reporters import github, gitlab, json_report, junit, sarif, text

    return {
        "text": text.TextWriter,
        "json": json_report.JsonWriter,
        "sarif": sarif.SarifWriter,
        "junit": junit.JunitWriter,
        "github": github.GithubWriter,
        "gitlab": gitlab.GitlabWriter,
    }[name]


def renderer(name: str) -> Callable[[Report], str]:
    from kpilint.reporters import html, review

    if name == "html":
        return html.render
    if name == "review":
        return review.render
    writer = writer_for(name)
    return lambda report: render_with(writer, report)


FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "html", "review")
#: the formats that lay out every file at once, from the documents read (not streamed)
WHOLE = ("html", "review")


def __getattr__(name: str) -> Any:
    """`FileResult`, as the writers name it, imported from the core when first asked for."""
    if name == "FileResult":
        from kpilint.core import FileResult

        return FileResult
    raise AttributeError(f"module 'kpilint.reporters' has no attribute {name!r}")
