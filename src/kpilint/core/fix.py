"""Apply fixes: YAML drafts by replacing only the changed scalars' text, workbooks cell by cell
in their package XML.

Everything else in a draft — comments, key order, quoting, blank lines — stays
byte for byte, because each edit replaces exactly the characters the reader
recorded for that scalar. Fixes run in passes until none applies (at most
MAX_PASSES); a draft whose result would not parse is left untouched and
reported. The findings a fix acts on are the ones `check` reports for the file
(`pipeline.findings_for`: per-path ignores and inline suppressions included).
Published text and PDFs are never rewritten: `--diff` shows their converted draft fixed.

The three fixers here are what `kpilint.core.formats` names for each kind of input.
"""

from __future__ import annotations

import difflib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kpilint.config import Config
from kpilint.core.atomic import write_atomic, written_path
from kpilint.core.pipeline import findings_for
from kpilint.errors import KpilintError, ReadError
from kpilint.findings import Edit, Finding
from kpilint.limits import Limits, check_zip
from kpilint.model import Document
from kpilint.readers import decode, read_bytes
from kpilint.readers.tables import Table
from kpilint.readers.xlsx import sheet_tables, tables_document
from kpilint.readers.yaml_draft import read_draft
from kpilint.writers.xlsx_cells import CellEdit, CellEditRefused, edit_cells
from kpilint.writers.yaml_draft import write_draft

MAX_PASSES = 5
_FLOW_UNSAFE = set(",[]{}#:&*!|>'\"%@`")

#: reads any input with the run's limits (what `formats.load` does), for the fixers that re-read
Load = Callable[[str], Document]


class FixError(KpilintError):
    pass


@dataclass
class FixOutcome:
    path: str
    applied: list[Edit] = field(default_factory=list)
    new_text: str | None = None  # YAML: the fixed text
    diff: str = ""
    refused: str | None = None


def _wanted(findings: list[Finding], unsafe: bool) -> list[Edit]:
    edits: list[Edit] = []
    taken: set[tuple[Any, ...]] = set()
    for f in findings:
        if not f.fixable or not (f.fix_safe or unsafe):
            continue
        for e in f.edits:
            key = (e.location.offset, e.location.sheet, e.location.cell, e.location.line)
            if key not in taken:  # two rules fixing one cell: the first wins this pass
                taken.add(key)
                edits.append(e)
    return edits


def render_scalar(new: str, raw_old: str) -> str:
    """The new value written in the old scalar's style; plain only where plain is safe."""
    if raw_old.startswith("'"):
        return "'" + new.replace("'", "''") + "'"
    if raw_old.startswith('"'):
        return json.dumps(new, ensure_ascii=False)
    plain_ok = (
        new and new.strip() == new and not (set(new) & _FLOW_UNSAFE - {"%"}) and new[0] not in "%-?"
    )
    if plain_ok:
        try:
            plain_ok = yaml.safe_load(f"k: {new}") == {"k": new}
        except yaml.YAMLError:
            plain_ok = False
    return new if plain_ok else "'" + new.replace("'", "''") + "'"


def scalar_replacement(text: str, e: Edit) -> tuple[int, int, str] | None:
    """Where an edit replaces a draft's text and what goes there — the new value in the old
    scalar's style — or None where --fix leaves it: a block scalar, or text that is no
    longer what the reader saw."""
    start, end = e.location.offset, e.location.end
    if start is None or end is None:
        return None
    raw = text[start:end]
    if raw[:1] in "|>":  # block scalars are left to the user
        return None
    if raw[:1] in "'\"":
        try:
            current = str(yaml.safe_load(f"k: {raw}")["k"])
        except (yaml.YAMLError, TypeError, KeyError):
            return None
    else:
        current = raw  # a plain scalar is the text as typed (0.50 stays 0.50)
    return (start, end, render_scalar(e.new, raw)) if current == e.old else None


def splice(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """Replace each edit's scalar text; edits whose text is not where the reader saw it are skipped."""
    applied = []
    for e in sorted(edits, key=lambda e: e.location.offset or -1, reverse=True):
        replacement = scalar_replacement(text, e)
        if replacement is None:
            continue
        start, end, new = replacement
        text = text[:start] + new + text[end:]
        applied.append(e)
    return text, applied


@dataclass(frozen=True)
class Replacement:
    """What --fix writes in place of a region of a draft: 1-based lines, columns in code
    points, `end` just after the last character replaced."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


def draft_replacements(path: str, edits: list[Edit], limits: Limits) -> list[Replacement] | None:
    """Each edit's replacement in the draft at `path`, as the first pass of --fix would make
    it; None if the file cannot be read or an edit would not apply."""
    try:
        text, _ = decode(read_bytes(path, limits), path)
    except (ReadError, OSError):
        return None
    out = []
    for e in edits:
        found = scalar_replacement(text, e)
        line, column = e.location.line, e.location.column
        if found is None or line is None or column is None:
            return None
        start, end, new = found
        raw = text[start:end]
        breaks = raw.count("\n")
        last = (line, column + len(raw)) if not breaks else (line + breaks, len(raw) - raw.rfind("\n"))
        out.append(Replacement((line, column), last, new))
    return out


def fix_yaml_text(text: str, path: str, config: Config, unsafe: bool,
                  origin: str | None = None) -> tuple[str, list[Edit]]:  # fmt: skip
    """Fixed text and the edits made, in passes until nothing more applies. `origin` is the
    file the text stands for, when it is not `path` (a published file's converted draft)."""
    done: list[Edit] = []
    for _ in range(MAX_PASSES):
        edits = _wanted(findings_for(read_draft(text, path), config, path=origin), unsafe)
        if not edits:
            break
        new_text, applied = splice(text, edits)
        if not applied:
            break
        try:
            read_draft(new_text, path)
        except ReadError:
            raise FixError(f"{path}: 错误: 修复后的草稿无法解析，文件未改动") from None
        text = new_text
        done.extend(applied)
    return text, done


def _unified(old: str, new: str, label: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{label.lstrip('/')}", tofile=f"b/{label.lstrip('/')}")  # fmt: skip
    return "".join(lines)


def fix_draft(path: str, load: Load, config: Config, unsafe: bool, write: bool) -> FixOutcome:
    """A YAML draft, scalar by scalar, written back in its own encoding."""
    outcome = FixOutcome(path)
    original = read_bytes(path, config.reader_limits)
    text, encoding = decode(original, path)
    new_text, outcome.applied = fix_yaml_text(text, path, config, unsafe)
    outcome.diff = _unified(text, new_text, path)
    outcome.new_text = new_text
    if write and outcome.applied:
        _refuse_read_only(path)
        write_atomic(path, _encoded(new_text, encoding, original), unchanged=original)
    return outcome


def _encoded(text: str, encoding: str, original: bytes) -> bytes:
    """`text` in the encoding the draft was read in, with the byte-order mark it had: a
    UTF-16 draft keeps its byte order (Python's "utf-16" would write the machine's)."""
    if encoding == "utf-16":
        bom = original[:2]
        return bom + text.encode("utf-16-be" if bom == b"\xfe\xff" else "utf-16-le")
    return text.encode(encoding)


def fix_workbook(path: str, load: Load, config: Config, unsafe: bool, write: bool) -> FixOutcome:
    """A workbook, cell by cell in its package XML (writers.xlsx_cells): every part and
    every cell but the fixed ones keeps its bytes — cached formula results, VBA, drawings.
    The fixed bytes are checked in memory before they replace the file: they must read
    the same as the original apart from the fixed cells, each of which reads its new text."""
    limits = config.reader_limits
    outcome = FixOutcome(path)
    data = original = read_bytes(path, limits)
    first = tables = _tables(path, data, limits)
    for _ in range(MAX_PASSES):
        found = findings_for(tables_document(path, tables), config, path=path)
        edits = [e for e in _wanted(found, unsafe) if e.location.sheet and e.location.cell]
        if not edits:
            break
        try:
            data = edit_cells(data, [_cell_edit(e) for e in edits])
        except CellEditRefused as exc:
            raise FixError(f"{path}: 错误: {exc}；工作簿未改动") from None
        outcome.applied.extend(edits)
        tables = _tables(path, data, limits)
    outcome.diff = "".join(f"-{e.location.sheet}!{e.location.cell}: {e.old}\n"
                           f"+{e.location.sheet}!{e.location.cell}: {e.new}\n" for e in outcome.applied)  # fmt: skip
    if outcome.applied:
        _check_only_fixed_cells_changed(path, _cells(first), _cells(tables), outcome.applied)
        if write:
            _refuse_read_only(path)
            write_atomic(path, data, unchanged=original)
    return outcome


def _refuse_read_only(path: str) -> None:
    """A file no one may write is not rewritten, whoever runs kpilint (root included)."""
    mode = written_path(path).stat().st_mode
    if not mode & 0o222:
        raise FixError(f"{path}: 错误: 文件为只读（权限 {mode & 0o777:04o}），未修复\n"
                       f"  提示: 确需修复请先 chmod u+w {path}")  # fmt: skip


def _cell_edit(edit: Edit) -> CellEdit:
    assert edit.location.sheet and edit.location.cell
    return CellEdit(edit.location.sheet, edit.location.cell, edit.new, percent=edit.what == "checkpoint")


def _tables(path: str, data: bytes, limits: Limits) -> list[Table]:
    """The sheets of a workbook's bytes, read within the limits as `check` reads the file."""
    check_zip(path, limits, io.BytesIO(data))
    return sheet_tables(path, limits, io.BytesIO(data))


def _cells(tables: list[Table]) -> dict[tuple[str | None, str | None], str]:
    return {(c.location.sheet, c.location.cell): c.text for t in tables for row in t.rows for c in row}


def _check_only_fixed_cells_changed(path: str, before: dict[tuple[str | None, str | None], str],
                                    after: dict[tuple[str | None, str | None], str], applied: list[Edit]) -> None:  # fmt: skip
    """The fixed workbook reads as the original but for the fixed cells, which read as fixed."""
    want = dict(before)
    for e in applied:  # the last edit of a cell is what it holds
        want[(e.location.sheet, e.location.cell)] = e.new
    wrong = sorted(f"{sheet}!{cell}" for key in want.keys() | after.keys()
                   if want.get(key, "") != after.get(key, "") for sheet, cell in [key])  # fmt: skip
    if wrong:
        raise FixError(f"{path}: 错误: 修复后的工作簿读出来与预期不符（{'、'.join(wrong[:5])}），工作簿未改动\n"
                       f"  提示: 请手工修改这些单元格，并把此工作簿报告给维护者")  # fmt: skip


def fix_by_draft(path: str, load: Load, config: Config, unsafe: bool, write: bool) -> FixOutcome:
    """Published text and PDFs are never rewritten; the diff shows their draft fixed."""
    outcome = FixOutcome(path)
    draft = write_draft(load(path))
    label = Path(path).with_suffix(".yaml").name
    fixed, outcome.applied = fix_yaml_text(draft, label, config, unsafe, origin=path)
    outcome.diff = _unified(draft, fixed, f"{label}（由 {Path(path).name} 转换的草稿）")
    outcome.refused = (f"{path}: 公开文本和 PDF 不会被改写；用 --diff 查看修正后的草稿，"
                       f"或先 kpilint convert {Path(path).name} -o 草稿.yaml 再修复") if write else None  # fmt: skip
    return outcome
