"""JSON for scripts: `{"findings": [...], "files": [...], "summary": {...}}`.

One finding per line, written as each file is checked; the file list and the
summary follow, so a script can still `json.load` the whole report."""

from __future__ import annotations

from collections.abc import Sequence

from kpilint.findings import Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import json_text


def _fix(f: Finding) -> str | None:
    return None if not f.fixable else ("safe" if f.fix_safe else "unsafe")


class JsonWriter(Writer):
    def start(self) -> None:
        self.first = True
        self.files: list[dict] = []
        self.out.write('{"findings": [')

    def findings_text(self, findings: Sequence[Finding]) -> str:
        return ",\n ".join(
            json_text({**f.to_json(), "fixable": f.fixable, "fix": _fix(f)}) for f in findings
        )

    def file(self, result: FileResult) -> None:
        if text := self.text_of(result):
            self.out.write(("\n " if self.first else ",\n ") + text)
            self.first = False
        self.files.append(
            {
                "path": result.path,
                "projects": result.projects,
                "template": result.template,
                "error": result.error,
                "stats": result.stats,
            }
        )

    def finish(self, tally: Tally) -> None:
        self.out.write("\n],\n" if not self.first else "],\n")
        self.out.write(' "files": [')
        self.out.write(",".join("\n  " + json_text(f) for f in self.files))
        self.out.write("\n ],\n" if self.files else "],\n")
        self.out.write(f' "summary": {json_text(tally.summary())}\n}}\n')


def render(report: Report) -> str:
    return render_with(JsonWriter, report)
