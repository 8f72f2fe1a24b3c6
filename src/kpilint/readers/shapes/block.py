"""Shape: the block project table (the Hebei template and most cities).

    3.科学技术普及经费绩效目标表
    项目编码 | 13082625P002088100059 | 项目名称 | 科学技术普及经费
    预算规模及资金用途 | 预算数 | 12.00 | 其中：财政资金 | 12.00 | 其他资金 |
                       | 用于…（资金用途）
    资金支出计划（%） | 3月底 | 6月底 | 10月底 | 12月底
                      | 10%   | 60%   | 90%    | 100%
    绩效目标 | 1. …
    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
    …indicator rows (categorised, uncategorised or headerless)…

Label cells are followed by their values; the indicator header turns the rows after it
into indicator rows. A stream of rows (several tables, pages) is split into projects at
titles and at name/code labels (`split_projects`). Each row of a project goes to the first
row handler that takes it (`ROW_HANDLERS`); a row no handler can read is a diagnostic.
Fixtures: tests/test_published_text.py (tab layout), tests/test_pdf_pages.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kpilint.framework.templates import vocabulary
from kpilint.model import Checkpoint, Diagnostic, Indicator, Location, Project, SpendPlan
from kpilint.readers.grid import (
    Cell,
    GridRow,
    amount,
    cell_label,
    clean_cell,
    fused_label,
    header_map,
    is_frame_line,
    is_note,
    is_spend_plan_label,
    label_of,
    patterns,
    row_keys,
    squash,
    structural,
    texts,
    title_name,
    unless_placeholder,
)
from kpilint.readers.shapes.categorised import carry_over, close_groups
from kpilint.readers.shapes.headerless import headerless_header
from kpilint.readers.shapes.indicator_row import read_indicator
from kpilint.readers.shapes.packed import split_packed
from kpilint.readers.shapes.project import HEADER_KEYS, Found, build_project, unplaced
from kpilint.readers.spend_plan import month_of_label
from kpilint.readers.vocabulary import split_goals

_AMOUNTS = {"total", "fiscal", "other", "carryover", "fiscal_account"}
#: the project field a label's key fills, where they differ (model.FIELD_WORDS names)
_PROJECT_FIELD = {"total": "budget", "fiscal": "budget", "other": "budget", "carryover": "budget",
                  "period_total": "budget", "fiscal_account": "budget", "period_goals": "goals"}  # fmt: skip
_TRAILING_AMOUNT = re.compile(r"[:：]?\s*([\d,]+(?:\.\d+)?)$")
#: labels whose value may sit below them (a row of labels over a row of values)
_BELOW_KEYS = {"name", "code", "total", "period_total", "fiscal", "other", "carryover", "goals", *HEADER_KEYS}
#: a number as a spreadsheet shows it when it kept fewer digits than were typed (4.403062313915E+20)
_FLOAT_SHOWN = re.compile(r"^\d(?:\.\d+)?E\+\d+$", re.IGNORECASE)


# --- splitting a stream of rows into projects -------------------------------------------------
def split_projects(rows: list[GridRow]) -> list[list[GridRow]]:
    """Blocks of rows, one per project table. A new block starts at a title, or at a name
    or code label once the current block has seen that label or an indicator header."""
    blocks: list[list[GridRow]] = [[]]
    seen: set[str] = set()
    for row in rows:
        labels = row_keys(row)
        starts = bool(labels & {"name", "code"}) and (
            bool(labels & seen & {"name", "code"}) or "header" in seen
        )
        starts = starts or (title_name(row) is not None and bool(seen))
        if starts:
            blocks.append([])
            seen = set()
        blocks[-1].append(row)
        seen |= labels
        if header_map(row):
            seen.add("header")
    return [b for b in blocks if b]


def names_a_project(block: list[GridRow]) -> bool:
    """Does a block hold a name or code label, or a title, that makes it a project?"""
    return any(row_keys(row) & {"name", "code"} for row in block) or any(
        not c.literal and squash(clean_cell(c.text)).endswith(vocabulary().target_suffix)
        for row in block
        for c in row
    )


# --- reading one project's rows ---------------------------------------------------------------
@dataclass
class BlockReading:
    """What the rows of one project table have given so far."""

    path: str
    title: str | None = None
    found: Found = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    plan: SpendPlan | None = None
    goals: tuple[str, ...] = ()
    header: dict[int, str] | None = None
    indicators: list[Indicator] = field(default_factory=list)
    last: dict[str, str] = field(default_factory=lambda: {"level1": "", "level2": ""})
    in_goals: bool = False
    annual_col: int | None = None  # amounts right of it are 年度, left 实施期
    pending: dict[str, list[int] | None] = field(default_factory=dict)
    #: project fields not read from their own cell (model.PROVENANCE)
    provenance: dict[str, str] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)  # ids of cells read as a label's value from above


#: a row handler reads rows[i] (and maybe rows after it) into the reading and returns how
#: many rows it took, or 0 when the row is not its kind
RowHandler = Callable[[BlockReading, list[GridRow], int], int]


def frame_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """An empty row, `(2026年度)` under a title, `307001 某单位本级 | 单位：万元` above a table."""
    filled = [c for c in rows[i] if clean_cell(c.text)]
    return 1 if all(not c.literal and is_frame_line(c.text) for c in filled) else 0


def header_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """The indicator header (一级指标 … 指标值); repeated after a page break, it is skipped."""
    if header := header_map(rows[i]):
        reading.header = header
        return 1
    return 0


def note_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """The form's note (`备注：作为导入模板…`), or a title row inside the indicator table: never
    an indicator."""
    return 1 if is_note(rows[i]) or (reading.header is not None and title_name(rows[i]) is not None) else 0


def indicator_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """A row under the indicator header (or the first of rows printed without one)."""
    row = rows[i]
    if reading.header is None and (synthetic := headerless_header(row)):
        reading.header = synthetic
    if reading.header is None:
        return 0
    cells = texts(row)
    ind = read_indicator(row, reading.header, reading.last)
    if ind is not None:
        start = len(reading.indicators)
        reading.indicators.extend(split_packed(ind))
        carry_over(row, reading.header, reading.indicators, range(start, len(reading.indicators)),
                   reading.pending)  # fmt: skip
    elif cell_label(row[0]) != "ignore" and any(map(unless_placeholder, cells)):
        where = next(c.location for c in row if clean_cell(c.text))
        reading.diagnostics.append(
            unplaced(f"此行无法归入指标表：{' | '.join(t for t in cells if t)}", where)
        )
    return 1


def spend_plan_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """资金支出计划（%） | 3月底 | 6月底 …, the figures on the row below."""
    row = rows[i]
    start = next(
        (j for j, c in enumerate(row) if not c.literal and is_spend_plan_label(clean_cell(c.text))), None
    )
    if start is None:
        return 0
    below = rows[i + 1] if i + 1 < len(rows) else []
    values = [] if any(structural(c.text) for c in below if clean_cell(c.text) and not c.literal) else below
    checkpoints = []
    for j in range(start + 1, len(row)):
        label = clean_cell(row[j].text)
        if not label:
            continue
        cell = values[j] if j < len(values) else None
        text = clean_cell(cell.text) if cell else ""
        checkpoints.append(
            Checkpoint(label, month_of_label(label), text, cell.location if cell else row[j].location)
        )
    header = row[start]
    declared = "%" in header.text or "％" in header.text
    reading.plan = SpendPlan(tuple(checkpoints), declared, header.location)
    return 2 if values else 1


def title_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """The table's title (`3.某项目绩效目标表`): the project's name when no cell gives one."""
    if (name := title_name(rows[i])) is None:
        return 0
    reading.title = reading.title or name
    return 1


def goal_columns_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """实施期总目标 | 年度目标 heading two cells of goals on the row below."""
    labels = [(j, cell_label(c)) for j, c in enumerate(rows[i]) if clean_cell(c.text)]
    if len(labels) < 2 or any(key is None for _, key in labels) or i + 1 >= len(rows):
        return 0
    columns = [(j, key) for j, key in labels if key in ("goals", "period_goals")]
    if len(columns) < 2:
        return 0
    below = rows[i + 1]
    starts = [j for j, _ in columns] + [len(below)]
    for (begin, key), end in zip(columns, starts[1:], strict=False):
        cells = [c for c in below[begin:end] if clean_cell(c.text)]
        if cells and key not in reading.found:
            reading.found[key] = (" ".join(clean_cell(c.text) for c in cells), cells[0].location)
    if "goals" not in reading.found and "period_goals" in reading.found:
        reading.found["goals"] = reading.found["period_goals"]
    if "goals" in reading.found:
        reading.goals = split_goals(reading.found["goals"][0])
    reading.in_goals = False
    return 2


def label_row(reading: BlockReading, rows: list[GridRow], i: int) -> int:
    """Label cells and their values (项目名称 | 某项目 | 预算数 | 12.00); a goal on a row of
    its own under 绩效目标; anything else is reported."""
    row, cells = rows[i], texts(rows[i])
    found = reading.found
    had_goals = "goals" in found
    keys = {cell_label(c) for c in row if clean_cell(c.text)}
    if {"total", "period_total"} <= keys:  # 实施期 | 年度 amounts side by side
        reading.annual_col = next(j for j, c in enumerate(row) if clean_cell(c.text) and cell_label(c) == "total")
    leftovers: list[Cell] = []
    next_row = rows[i + 1] if i + 1 < len(rows) else None
    labelled = read_labels(row, found, reading.annual_col, leftovers, next_row, reading.taken, reading.provenance)
    if leftovers and (scattered := _scattered_label(row)) and scattered[0] not in found:
        found[scattered[0]] = (scattered[1], leftovers[-1].location)
        leftovers = []
    if leftovers and not all(not c.literal and is_frame_line(c.text) for c in leftovers):
        reading.diagnostics.append(
            unplaced(f"此行有无法识别的内容：{' | '.join(clean_cell(c.text) for c in leftovers)}",
                     leftovers[0].location)
        )
    if "goals" in found and not had_goals:
        reading.goals = split_goals(found["goals"][0])
        reading.in_goals = True
    elif labelled:
        reading.in_goals = False
    taken = 1
    if _purpose_below(row, reading, rows, i):
        taken = 2
    if not labelled and any(cells):
        first = next(t for t in cells if t)
        if reading.in_goals and len([t for t in cells if t]) == 1:
            reading.goals = (*reading.goals, first)  # one goal per row below the 绩效目标 label
        elif patterns().goal_heading.match(first) and reading.goals:
            reading.goals = (*reading.goals, first)  # 主要政策任务：… continues the goals
        else:
            where = next(c.location for c in row if clean_cell(c.text))
            reading.diagnostics.append(unplaced(f"此行无法识别：{' | '.join(t for t in cells if t)}", where))
    return taken


def _purpose_below(row: GridRow, reading: BlockReading, rows: list[GridRow], i: int) -> bool:
    """预算规模及资金用途 | 预算数 | … with the 资金用途 alone on the row below: take it."""
    first = squash(clean_cell(row[0].text)) if row else ""
    if not first.startswith(vocabulary().purpose_below) or i + 1 >= len(rows) or "purpose" in reading.found:
        return False
    nxt = [c for c in rows[i + 1] if clean_cell(c.text)]
    if len(nxt) != 1 or (structural(nxt[0].text) and not nxt[0].literal):
        return False
    reading.found["purpose"] = (clean_cell(nxt[0].text), nxt[0].location)
    return True


#: the order row handlers are tried in; the last takes any row
ROW_HANDLERS: tuple[RowHandler, ...] = (
    frame_row, header_row, note_row, indicator_row, spend_plan_row, title_row, goal_columns_row, label_row,
)  # fmt: skip


def interpret_project(rows: list[GridRow], path: str, title: str | None = None) -> tuple[Project, list[Diagnostic]]:
    """Rows of one project table (from its first label to its last indicator row) to a Project."""
    reading = BlockReading(path, title)
    rows = list(rows)
    i = 0
    while i < len(rows):
        if reading.taken:  # cells a label above took as its value are read once
            rows[i] = [Cell("", c.location) if id(c) in reading.taken else c for c in rows[i]]
        i += next(taken for handler in ROW_HANDLERS if (taken := handler(reading, rows, i)))
    close_groups(reading.indicators, reading.pending)
    if reading.title and "name" not in reading.found:
        where = rows[0][0].location if rows and rows[0] else Location(path)
        reading.found["name"] = (reading.title, where)
    code = reading.found.get("code")
    if code and _FLOAT_SHOWN.match(squash(code[0])):
        reading.diagnostics.append(Diagnostic(
            "code-lost-digits",
            f"项目编码“{code[0]}”被存成了数字，只保留了前 15 位有效数字，末几位已丢失；"
            "请把该单元格设为文本格式，重新输入完整的编码",
            code[1],
        ))  # fmt: skip
    project = build_project(reading.found, reading.plan, reading.goals, reading.indicators, rows, path,
                            reading.provenance)  # fmt: skip
    return project, reading.diagnostics


# --- label cells ------------------------------------------------------------------------------
def read_labels(row: GridRow, found: Found, annual_col: int | None = None,
                leftovers: list[Cell] | None = None, below: GridRow | None = None,
                taken: set[int] | None = None, how: dict[str, str] | None = None) -> bool:  # fmt: skip
    """Record `label → value` pairs; True if the row held any label. A label's value is the
    next non-empty cell right of it, or, when a label (or nothing) follows it, the cell
    below it (a row of labels over a row of values); cells taken from below are added to
    `taken` (their ids) so that row does not read them again. Amounts right of
    `annual_col` are the 年度 ones of a table that prints 实施期 figures beside them. A
    header field or amount label with no value is recorded empty: the template has the
    field and it was not filled. Cells that are neither a label nor a label's value go to
    `leftovers`; `how` records the fields read from a cell a page break cut (page_cuts)."""
    labelled = False
    cells = [(k, c) for k, c in enumerate(row) if clean_cell(c.text)]
    used: set[int] = set()
    for j, (column, cell) in enumerate(cells):
        key = cell_label(cell)
        if key is None:
            if not cell.literal and (fused := fused_label(cell.text)):
                found.setdefault(fused[0], (fused[1], cell.location))
                labelled = True
                used.add(j)
            continue
        labelled = True
        used.add(j)
        if key == "section":
            continue
        following: Cell | None = cells[j + 1][1] if j + 1 < len(cells) else None
        if following is not None and cell_label(following) is None:
            used.add(j + 1)
        elif key in _BELOW_KEYS and (under := _value_below(key, column, below)) is not None:
            following = under
            if taken is not None:
                taken.add(id(under))
        else:
            following = None
        if key == "ignore":
            continue
        if following is None:
            if key in _AMOUNTS or key in HEADER_KEYS or key == "period_total":
                _store(found, key, ("", cell.location))  # the field is there, unfilled
            continue
        value = (clean_cell(following.text), following.location)
        if how is not None and (following.joined or cell.joined) and key not in found:
            how[_PROJECT_FIELD.get(key, key)] = "joined"  # cut by a page break, made whole
        if annual_col is not None and column >= annual_col and key in _AMOUNTS:
            found[key] = value
        else:
            _store(found, key, value)
    if leftovers is not None and labelled:
        leftovers.extend(c for j, (_, c) in enumerate(cells) if j not in used)
    return labelled


def _store(found: Found, key: str, value: tuple[str, Location]) -> None:
    """The first value of a label wins; an unfilled one gives way to a filled one."""
    if key not in found or (not found[key][0] and value[0]):
        found[key] = value


def _value_below(key: str, column: int, below: GridRow | None) -> Cell | None:
    """The value under a label: a non-empty cell that is no label or table word (and, for
    an amount, a number)."""
    if below is None or column >= len(below):
        return None
    cell = below[column]
    text = clean_cell(cell.text)
    if not text or (not cell.literal and (structural(text) or is_note([cell]))):
        return None
    if key in _AMOUNTS | {"period_total"} and amount(text) is None:
        return None
    return cell


def _is_subsequence(word: str, text: str) -> bool:
    chars = iter(text)
    return all(c in chars for c in word)


def _scattered_label(row: GridRow) -> tuple[str, str] | None:
    """An amount whose label the PDF scattered over neighbouring cells (a label clipped by
    its cell: `实施…` | `期资金总` | `额： 55.72`): the longest amount label whose characters
    appear in order in the row's text before the number."""
    cells = [squash(t) for t in texts(row) if t]
    at = next((k for k, t in enumerate(cells) if _TRAILING_AMOUNT.search(t)), None)
    if at is None:
        return None
    m = _TRAILING_AMOUNT.search(cells[at])
    assert m is not None
    before = "".join(cells[:at]) + cells[at][: m.start()]
    for label, key in vocabulary().fusable_labels:  # longest first
        if key in _AMOUNTS | {"period_total"} and len(label) >= 5 and _is_subsequence(label, before):
            return key, m.group(1)
    return None


__all__ = ["ROW_HANDLERS", "BlockReading", "RowHandler", "interpret_project", "label_of",
           "names_a_project", "read_labels", "split_projects"]  # fmt: skip
