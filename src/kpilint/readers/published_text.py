"""Reader for published 绩效目标 documents as extracted text (the Hebei template).

Each project table starts at its 项目编码 cell, and each table is read in the layout it
is written in (one file can hold several: an extractor's setting changed, a page printed
otherwise), told apart by its content:

- ``tabs``: one printed row per line, cells separated by tabs;
- ``cells``: one cell per line (tab-indented), rows separated by blank lines;
- ``wrapped``: cells flattened into lines wrapped at their column width; cells one per line
  with nothing to part the rows (no indent, or no blank line between rows) are flattened
  the same way and read as these are;
- ``mixed``: one table that goes from one layout to another (a page break).

The first two become tables for `tables.read_tables` (the block shape); the wrapped layout
goes through `wrapped.read_rows` for its indicator rows and a reading of the flattened header
block for the rest. Every table is read or named: one that gives nothing is an unread table,
one skipped on purpose (a self-evaluation) is named with why. Department text before the
tables gives the overall goals.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from types import MappingProxyType

from kpilint.framework import LEVEL1, LEVEL2
from kpilint.framework.templates import spaced, vocabulary
from kpilint.model import (
    Budget,
    Checkpoint,
    Coverage,
    Diagnostic,
    Document,
    Location,
    Project,
    SpendPlan,
)
from kpilint.readers.grid import Cell, GridRow, header_word
from kpilint.readers.shapes.block import interpret_project
from kpilint.readers.spend_plan import checkpoint_labels, month_of_label
from kpilint.readers.tables import (
    SKIPPED_TABLE_MESSAGES,
    Table,
    TableReading,
    read_tables,
    to_document,
    year_in,
)
from kpilint.readers.vocabulary import (
    basis_header_piece,
    join_wraps,
    money_unit_in,
    split_goals,
    squash,
    unit_line,
)
from kpilint.readers.wrapped import Line, read_rows

_HEBEI_CODE = re.compile(r"^\d{6}(\d{2})P")
_TOC = re.compile(r"\.{4,}|…{2,}")
_NUMBERED = re.compile(r"^\d{1,3}\s*[.．、]")


def _is_code_line(text: str) -> bool:
    head = text.strip().split("\t")[0].split(" ")[0]
    return vocabulary().project_labels.get(squash(head)) == "code"


def _shape(lines: list[str]) -> str:
    if any(
        line.count("\t") >= 2 and len([c for c in line.split("\t") if c.strip()]) >= 2
        for line in lines
    ):
        return "tabs"
    if sum(line.startswith("\t") for line in lines) > len([x for x in lines if x.strip()]) / 2:
        return "cells" if _rows_apart(lines) else "wrapped"
    return "wrapped"


def _rows_apart(lines: list[str]) -> bool:
    """Do blank lines part a cell-per-line table's rows? Its indicator header is then a row
    of its own, with no label of the project part before it and no category of the rows
    after it; without them the cells are one stream, flattened as the wrapped layout's are
    (and read as it is)."""
    words = vocabulary().column_words
    not_header = {*LEVEL1, *LEVEL2, *vocabulary().project_labels}
    for row in _grid(lines, 1, "cells", ""):
        texts = [squash(c.text) for c in row if c.text.strip()]
        if any(t in words["level1"] for t in texts):
            return not any(t in not_header for t in texts)
    inside = [line for line in lines if line.strip()]
    first, last = lines.index(inside[0]), len(lines) - lines[::-1].index(inside[-1])
    return any(not line.strip() and "\t" not in line for line in lines[first:last])  # no header row


@cache
def _header_words() -> frozenset[str]:
    return frozenset(w for ws in vocabulary().column_words.values() for w in ws)


def _grid(lines: list[str], first: int, shape: str, path: str) -> list[GridRow]:
    rows: list[GridRow] = []
    if shape == "tabs":
        for n, line in enumerate(lines, first):
            if line.strip():
                rows.append(
                    [
                        Cell(join_wraps(text), Location(path, n, col + 1))
                        for col, text in enumerate(line.split("\t"))
                    ]
                )
        return rows
    current: GridRow = []
    for n, line in enumerate(lines, first):
        if not line.strip() and line.count("\t") == 0:
            if current:
                rows.append(current)
            current = []
            continue
        current.append(Cell(join_wraps(line.removeprefix("\t")), Location(path, n, 2)))
    if current:
        rows.append(current)
    return rows


def _is_title_or_unit(line: str) -> bool:
    """A line of the next table's head: its unit line, its money unit, its (wrapped) title."""
    text = line.strip()
    suffix = vocabulary().target_suffix
    flat = squash(text)
    if not text or unit_line(text) or money_unit_in(text) or (len(flat) >= 2 and suffix.endswith(flat)):
        return True
    if flat.endswith(suffix) and "\t" not in text.strip():  # a whole title on its line
        return True
    return bool(_NUMBERED.match(text)) and suffix[:3] in flat


def _block_end(lines: list[str], start: int, stop: int) -> int:
    """Where a project's lines end: before the next table's title and unit lines."""
    end = stop
    while end - 1 > start and _is_title_or_unit(lines[end - 1]):
        end -= 1
    return end


# --- the wrapped layout's header block ---------------------------------------------------------
def _flat(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    text, starts = "", []
    for number, line in lines:
        starts.append((len(text), number))
        text += line.strip()
    return text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    line = starts[0][1]
    for begin, number in starts:
        if begin > offset:
            break
        line = number
    return line


def _label(words: tuple[str, ...]) -> str:
    """Label words as a pattern that lets a wrap split them and a colon go missing."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(spaced(w).replace("：", "[:：]?") for w in ordered) + ")"


@cache
def _header_fields() -> re.Pattern[str]:
    """The flattened head of a Hebei table: 项目编码 … 项目名称 … 预算规模 … 预算数 … 其中：财政
    资金 … 其他资金 … (资金用途) 资金支出计划 … 绩效目标 …"""
    words = vocabulary()
    label = words.label_words
    w = r"\s*"
    return re.compile(
        rf"{_label(label['code'])}{w}(?P<code>[0-9A-Za-z\s]+?){w}{_label(label['name'])}{w}(?P<name>.*?)"
        rf"{w}{_label(words.purpose_below)}.*?{_label(label['total'])}{w}(?P<total>[\d.,]*){w}"
        rf"{_label(label['fiscal'])}{w}(?P<fiscal>[\d.,]*){w}"
        rf"{_label(label['other'])}{w}(?P<other>[\d.,]*)(?P<purpose>.*?)"
        rf"{_label(words.spend_plan_labels)}{w}(?P<plan>.*?){_label(label['goals'])}(?P<goals>.*)$",
        re.S,
    )


_PLAN_VALUE = re.compile(r"\d+(?:\.\d+)?\s*%?")


def _wrapped_plan(plan_text: str, where: Location) -> SpendPlan | None:
    labels = checkpoint_labels(plan_text)
    if not labels:
        return None
    tail = plan_text[labels[-1].end() :]
    values = [v.group().replace(" ", "") for v in _PLAN_VALUE.finditer(tail)]
    values += [""] * (len(labels) - len(values))
    declared = "%" in plan_text[: labels[0].start()]
    return SpendPlan(
        tuple(
            Checkpoint(lab.group(), month_of_label(lab.group()), val, where)
            for lab, val in zip(labels, values, strict=False)
        ),
        declared,
        where,
    )


def _wrapped_project(block: list[tuple[int, str]], path: str) -> tuple[Project, list[Diagnostic]]:
    header_end = next((k for k, (_, t) in enumerate(block) if _header_start(t) or squash(t) in _header_words()), len(block))
    flat, starts = _flat(block[:header_end])
    diagnostics: list[Diagnostic] = []
    m = _header_fields().search(flat)
    first_line = block[0][0]
    if m is None:
        diagnostics.append(
            Diagnostic(
                "unplaced-row",
                "未能读出项目表头（项目编码、项目名称、预算数、资金支出计划、绩效目标）",
                Location(path, first_line),
            )
        )
        return Project(code=None, name=None, location=Location(path, first_line)), diagnostics
    where = {k: Location(path, _line_at(starts, m.start(k))) for k in m.groupdict()}
    number = lambda k: float(m.group(k).replace(",", "")) if m.group(k) else None  # noqa: E731
    plan = _wrapped_plan(m.group("plan"), where["plan"])
    goals = _goal_lines(block, header_end, starts, m.start("goals"))
    body = [Line(t, n) for n, t in block[header_end:] if t.strip()]
    while body and not _row_start(body[0].text):  # the header row, maybe wrapped (…确定依\n据)
        body.pop(0)
    indicators, row_diags = read_rows(body, path)
    purpose = m.group("purpose").strip()
    budget = Budget(number("total"), number("fiscal"), number("other"))
    project = Project(
        code=squash(m.group("code")),
        name=m.group("name").strip() or None,
        budget=budget,
        purpose=purpose,
        spend_plan=plan,
        goals=goals,
        indicators=tuple(indicators),
        location=Location(path, first_line),
        fields=MappingProxyType(
            {
                "code": where["code"],
                "name": where["name"],
                "budget": where["total"],
                "purpose": where["purpose"],
                "spend_plan": where["plan"],
                "goals": where["goals"],
            }
        ),
    )
    return project, diagnostics + row_diags


def _header_start(text: str) -> bool:
    """Does a line start the indicator header (`一级指标 …`)?"""
    return squash(text).startswith(vocabulary().column_words["level1"])


def _row_start(text: str) -> bool:
    """Is a line of the body an indicator row's, not a piece of the header?"""
    flat = squash(text)
    basis = vocabulary().column_words["basis"]
    return not (
        _header_start(text)
        or flat in _header_words()  # the header printed one cell a line
        or any(flat.startswith((w[:-1], w[-1:])) for w in basis)
        or basis_header_piece(text)
    )


def _goal_lines(
    block: list[tuple[int, str]], header_end: int, starts: list[tuple[int, int]], offset: int
) -> tuple[str, ...]:
    first = _line_at(starts, offset)
    lines = [t.strip() for n, t in block[:header_end] if n >= first and t.strip()]
    if lines:
        lines[0] = re.split(_label(vocabulary().label_words["goals"]), lines[0], maxsplit=1)[-1].strip()
    goals: list[str] = []
    for line in lines:
        if not line:
            continue
        if re.match(r"^\d{1,2}\s*[.．、]", line) or not goals:
            goals.append(line)
        else:
            goals[-1] += line
    return tuple(part for goal in goals for part in split_goals(goal))  # `1. 甲 2. 乙` on one line


# --- a project whose layout switches (wrapped lines on one page, a cell per line on the next) ---
_HEBEI_FIELDS = ("level1", "level2", "name", "description", "value", "basis")


def _kind(line: str) -> str:
    return "blank" if not line.strip() else ("cells" if line.startswith("\t") else "flat")


def _is_mixed(block: list[str]) -> bool:
    """Both layouts in one project: a few lines of each, not a stray tab."""
    kinds = [_kind(line) for line in block]
    return kinds.count("cells") >= 3 and kinds.count("flat") >= 3 and _shape(block) != "tabs"


def _runs(lines: list[str], first: int) -> list[tuple[str, list[str], int]]:
    """(kind, lines, first line number) of each stretch of one layout; blank lines stay with
    the stretch they are in (they separate rows of cells)."""
    runs: list[tuple[str, list[str], int]] = []
    for n, line in enumerate(lines, first):
        kind = _kind(line)
        if runs and (kind == "blank" or kind == runs[-1][0]):
            runs[-1][1].append(line)
        elif kind != "blank":
            runs.append((kind, [line], n))
    return runs


def _mixed_project(block: list[str], first: int, path: str) -> tuple[Project, list[Diagnostic]]:
    """The project's head read in its own layout; then each stretch of indicator rows in its
    own, the categories carried from one stretch to the next."""
    start = next((k for k, line in enumerate(block) if _header_start(line)), len(block))
    head, body = block[:start], block[start:]
    if _shape(head) == "cells" and not _is_mixed(head):
        project, diagnostics = interpret_project(_grid(head, first, "cells", path), path)
    else:
        project, diagnostics = _wrapped_project(list(enumerate(head, first)), path)
    indicators = list(project.indicators)
    for kind, lines, number in _runs(body, first + start):
        if kind == "flat":
            rows = [Line(t, n) for n, t in enumerate(lines, number) if t.strip()]
            while rows and not _row_start(rows[0].text):
                rows.pop(0)
            found, diags = read_rows(rows, path)
        elif not _rows_apart(lines):  # cells one stream: read as flattened lines
            rows = [Line(t, n) for n, t in enumerate(lines, number) if t.strip()]
            found, diags = read_rows(rows, path)
        else:
            grid = _grid(lines, number, "cells", path)
            where = grid[0][0].location if grid and grid[0] else Location(path, number)
            if grid and not any(header_word(c.text) == "level1" for c in grid[0]):
                words = vocabulary().column_words
                grid.insert(0, [Cell(words[f][0], where) for f in _HEBEI_FIELDS])
            if indicators:  # rows that go on under the previous page's categories
                grid.insert(1, [Cell(indicators[-1].level1, where), Cell(indicators[-1].level2, where)])
            read, diags = interpret_project(grid, path)
            found = [i for i in read.indicators if i.name or i.value_text or i.description]
            diags = [d for d in diags if d.code != "unplaced-row" or d.location.line != number]
        indicators.extend(found)
        diagnostics.extend(diags)
    return replace(project, indicators=tuple(indicators)), diagnostics


# --- the document ----------------------------------------------------------------------------
@cache
def _goals_heading() -> re.Pattern[str]:
    words = vocabulary().goals_heading
    return re.compile(rf"^(?:[一1][、.．])?(?:{'|'.join(map(re.escape, words))})(?:[:：](.*))?$")


def _overall_goals(lines: list[str], end: int) -> str:
    start = None
    first = ""
    for k in range(end):
        m = _goals_heading().match(squash(lines[k]))
        if m and not _TOC.search(lines[k]):
            start, first = k, m.group(1) or ""
            break
    if start is None:
        return ""
    out = [first] if first else []
    ends = vocabulary().goals_end
    for k in range(start + 1, end):
        text = squash(lines[k])
        if any(w in text for w in ends) or text.startswith(vocabulary().goals_end_headings):
            break
        if lines[k].strip():
            out.append(lines[k].strip())
    return "".join(out)


def read_published_text(text: str, path: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    codes = [k for k, line in enumerate(lines) if _is_code_line(line)]
    reading = TableReading()
    for line in lines:
        if unit := unit_line(line):
            reading.unit_code, reading.unit_name = unit[0], unit[1]
            reading.money_unit = unit[2] or reading.money_unit
            break
    tables: list[Table] = []
    shapes = set()
    blocks: list[tuple[int, int]] = []
    for n, start in enumerate(codes):
        stop = codes[n + 1] if n + 1 < len(codes) else len(lines)
        block = lines[start : _block_end(lines, start, stop)]
        blocks.append((start + 1, start + len(block)))
        shape = "mixed" if _is_mixed(block) else _shape(block)
        shapes.add(shape)
        if shape == "mixed":
            reading.add(*_mixed_project(block, start + 1, path))
        elif shape == "wrapped":
            reading.add(*_wrapped_project(list(enumerate(block, start + 1)), path))
        else:  # a grid: read as every other table is
            tables.append(Table(_grid(block, start + 1, shape, path), location=Location(path, start + 1)))
    read_tables(tables, path, reading)
    reading.stats["tables"] = len(codes)
    unread, skipped = _account(blocks, reading)
    extra = [Diagnostic("unread-table", f"{where}看起来是项目绩效目标表（有“项目编码”），但没有读出任何项目或指标行，"
                        "该表未经检查；请用 kpilint show 查看，或附上文件报告问题", Location(path, line))
             for where, line in unread]  # fmt: skip
    for shape, firsts in skipped.items():
        where = "、".join(map(str, firsts))
        extra.append(Diagnostic("skipped-pages", f"第 {where} 行起的表{SKIPPED_TABLE_MESSAGES[shape]}，已跳过",
                                Location(path, firsts[0])))  # fmt: skip
    if unread and not reading.projects:
        extra.append(Diagnostic("no-projects", f"共 {len(codes)} 个项目绩效目标表，却没有读出任何项目；本文件实际未经检查",
                                Location(path, unread[0][1])))  # fmt: skip
    if not codes:
        extra.append(
            Diagnostic(
                "no-tables",
                "文中没有找到项目绩效目标表（没有“项目编码”）；只读取了部门整体绩效目标",
                Location(path, 1),
            )
        )
    year = year_in(text)
    code = reading.projects[0].code if reading.projects else None
    if year is None and code and (m := _HEBEI_CODE.match(code)):
        year = 2000 + int(m.group(1))
    coverage = Coverage.of(reading.projects, reading.diagnostics, reading.stats["tables"],
                           unread_tables=tuple(where for where, _ in unread))  # fmt: skip
    return to_document(reading, path, "hebei-text:" + "+".join(sorted(shapes)), year, extra, coverage,
                       overall_goals=_overall_goals(lines, codes[0] if codes else len(lines)))  # fmt: skip


def _account(blocks: list[tuple[int, int]], reading: TableReading) -> tuple[list[tuple[str, int]], dict[str, list[int]]]:
    """Every table a text holds is read or named: (`第 N 行起的表`, N) of each that gave no
    project, no row, no reported row and is no unfilled form; and the first lines of those
    skipped on purpose (a self-evaluation, a 部门整体 table), by shape."""
    used = {where.line for p in reading.projects for where in (p.location, *p.fields.values()) if where}
    used |= {i.location.line for p in reading.projects for i in p.indicators if i.location}
    used |= {d.location.line for d in reading.diagnostics if d.location}
    used |= {where.line for where in reading.blank_forms}
    shape_at = {where.line: shape for where, shape in reading.shapes if where}
    unread: list[tuple[str, int]] = []
    skipped: dict[str, list[int]] = {}
    for first, last in blocks:
        if shape_at.get(first) in SKIPPED_TABLE_MESSAGES:
            skipped.setdefault(shape_at[first], []).append(first)
        elif not any(line is not None and first <= line <= last for line in used):
            unread.append((f"第 {first} 行起的表", first))
    return unread, skipped
