"""JSON for scripts: `{"findings": [...], "files": [...], "summary": {...}}`.

One finding per line, written as each file is checked; the file list and the
summary follow, so a script can still `json.load` the whole report."""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring

from kpilint.findings import Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import json_text, json_text_escaped


def _fix(f: Finding) -> str | None:
    return None if not f.fixable else ("safe" if f.fix_safe else "unsafe")




class _NotPlain(Exception):
    """A finding field that is not a text, a whole number or null (a plug-in's finding):
    its finding goes through the JSON encoder."""


def _text(value: object) -> str:
    """JSON of a text field (None: null), as `json.dumps(ensure_ascii=False)` writes it."""
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    raise _NotPlain


def _whole(value: object) -> str:
    """JSON of a number field (line, column, page; None: null)."""
    if type(value) is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    raise _NotPlain


def _texts(values: tuple[str, ...]) -> str:
    """JSON of `details`: a list of texts, or null when a finding stands for itself."""
    if not values:
        return "null"
    return "[" + ", ".join(_text(v) for v in values) + "]"


def _flag(value: object) -> str:
    """JSON of `fixable`: true or false."""
    if type(value) is bool:
        return "true" if value else "false"
    raise _NotPlain


#: `{"rule": …, "name": …, "severity": …, "message": ` for each rule that reports: a run
#: writes a hundred thousand findings of a few dozen rules
_HEADS: dict[tuple[str, str, str], str] = {}


def _head(f: Finding) -> str:
    key = (f.rule, f.name, f.severity)
    head = _HEADS.get(key)
    if head is None:
        head = (f'{{"rule": {_text(f.rule)}, "name": {_text(f.name)}, '
                f'"severity": {_text(f.severity)}, "message": ')  # fmt: skip
        if len(_HEADS) < 4096:
            _HEADS[key] = head
    return head


def _finding_json(f: Finding) -> str:
    """A finding's JSON object as `json.dumps(ensure_ascii=False)` writes it, written piece
    by piece (a tenth of a large run's time was building and encoding these dictionaries):
    its values are texts, whole numbers and nulls, whose JSON is what `json.dumps` writes
    for each. A finding with any other value goes through the encoder. Not yet escaped
    for terminals: `JsonWriter.findings_text` does that once for a file's findings."""
    try:
        return "".join((
            _head(f), _text(f.message), ', "path": ', _text(f.path),
            ', "line": ', _whole(f.line), ', "column": ', _whole(f.column),
            ', "cell": ', _text(f.cell), ', "page": ', _whole(f.page),
            ', "project_code": ', _text(f.project_code), ', "project_name": ', _text(f.project_name),
            ', "indicator": ', _text(f.indicator), ', "level1": ', _text(f.level1),
            ', "level2": ', _text(f.level2), ', "value": ', _text(f.value),
            ', "details": ', _texts(f.details),
            ', "fixable": ', _flag(f.fixable), ', "fix": ', _text(_fix(f)), "}",
        ))  # fmt: skip
    except _NotPlain:
        return json_text(f.to_json() | {"fixable": f.fixable, "fix": _fix(f)})


class JsonWriter(Writer):
    def start(self) -> None:
        self.first = True
        self.files: list[dict] = []
        self.out.write('{"findings": [')

    def findings_text(self, findings: Sequence[Finding]) -> str:
        # escaped once for the file: `json_text_escaped` changes single characters that
        # JSON text never holds raw between two findings
        return json_text_escaped(",\n ".join(_finding_json(f) for f in findings))

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
