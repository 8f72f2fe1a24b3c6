"""JSON for scripts: `{"findings": [...], "files": [...], "summary": {...}}`.

One finding per line, written as each file is checked; the file list and the
summary follow, so a script can still `json.load` the whole report."""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring

from kpilint.findings import JSON_KEYS, Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import json_text, json_text_escaped


def _fix(f: Finding) -> str | None:
    return None if not f.fixable else ("safe" if f.fix_safe else "unsafe")


_KEYS = (*JSON_KEYS, "fixable", "fix")
_HEADS = tuple(("{" if i == 0 else ", ") + encode_basestring(k) + ": " for i, k in enumerate(_KEYS))
_CONSTANTS = {None: "null", True: "true", False: "false"}


def _finding_json(f: Finding) -> str:
    """`json_text` of a finding's JSON object, written piece by piece: its values are texts,
    whole numbers and nulls, whose JSON is what `json.dumps` writes for each. Anything else
    goes through the encoder. A tenth of a large run's time was building and encoding
    these dictionaries."""
    values = (*(getattr(f, key) for key in JSON_KEYS), f.fixable, _fix(f))
    parts = []
    for head, value in zip(_HEADS, values, strict=True):
        kind = type(value)
        if kind is str:
            parts.append(head + encode_basestring(value))
        elif kind is int:
            parts.append(head + int.__repr__(value))
        elif value is None or kind is bool:
            parts.append(head + _CONSTANTS[value])
        else:
            return json_text(dict(zip(_KEYS, values, strict=True)))
    text = "".join(parts) + "}"
    return json_text_escaped(text)


class JsonWriter(Writer):
    def start(self) -> None:
        self.first = True
        self.files: list[dict] = []
        self.out.write('{"findings": [')

    def findings_text(self, findings: Sequence[Finding]) -> str:
        return ",\n ".join(_finding_json(f) for f in findings)

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
