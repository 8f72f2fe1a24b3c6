"""One interpreter for tables that arrive as rows of cells (text, xlsx, docx, pdf).

A reader turns its source into `GridRow`s — cells with their locations; this
module finds projects, their key–value cells, spend plan, goals and indicator
table by the template's words, never by fixed positions:

- **block tables** (the Hebei template and most cities): label cells (项目名称,
  预算数/资金总额, 财政资金/财政拨款, 其他资金, 上年结转, 资金支出计划, 绩效目标/年度目标)
  followed by their values, then a header row (一级指标 … 指标值) and indicator rows;
- **wide tables** (one row per indicator, project fields as columns, e.g. Changsha):
  a header naming both 项目名称-like and 指标 columns.

Anything after an indicator header that cannot be placed becomes a Diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from types import MappingProxyType

from kpilint.framework import HOME, LEVEL1, LEVEL2, MONEY_UNITS, category, current_level1, homes_of
from kpilint.framework.templates import infer_category, vocabulary
from kpilint.model import Budget, Checkpoint, Diagnostic, Indicator, Location, Project, SpendPlan
from kpilint.readers.packed_indicators import parse_packed
from kpilint.readers.spend_plan import month_of_label
from kpilint.readers.vocabulary import (
    clean_cell,
    looks_like_value,
    split_goals,
    squash,
)
from kpilint.values import parse_value


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    location: Location
    #: a cell the page cut (PDF): its merged text may be printed on the previous/next page
    open_above: bool = False
    open_below: bool = False


GridRow = list[Cell]

_MONEY_SUFFIX = re.compile(r"[（(](万元|元|千元|亿元)[）)]$")
_TITLE = re.compile(r"^(?:\d{1,3}\s*[.．、])?\s*(.+?)(?:项目)?(?:支出)?绩效目标表$")
_MONEY = r"([\d,]+(?:\.\d+)?)\s*(万元|元|千元|亿元)?"
_PROSE_BUDGET = {
    "total": re.compile(rf"预算(?:数|资金)[:：]?\s*{_MONEY}"),
    "fiscal": re.compile(rf"财政资金[:：]?\s*{_MONEY}"),
    "other": re.compile(rf"其他资金[:：]?\s*{_MONEY}"),
}
_UNIT_ROW = re.compile(r"^(\d{6}\s+\S.*|单位\s*[:：]\s*(万元|元|千元|亿元))$")
_YEAR_LINE = re.compile(r"^[（(]?\d{4}年度?[)）]?$")
_CATEGORIES = frozenset((*LEVEL1, *LEVEL2))
_PROJECT_COLUMNS = {"name", "code", "total", "period_total", "fiscal", "fiscal_account", "other",
                    "carryover", "goals", "purpose", "unit_code"}  # fmt: skip


def label_of(text: str) -> str | None:
    """The key a label cell stands for: `年度资金总额：` → total, `资金金额（万元）` → section."""
    word = _MONEY_SUFFIX.sub("", squash(text).rstrip(":："))
    words = vocabulary()
    if word in words.project_labels:
        return words.project_labels[word]
    if word.startswith(words.section_prefixes):
        return "section"
    return None


_FUSABLE = ("name", "code", "department")


def fused_label(text: str) -> tuple[str, str] | None:
    """A label and its value printed in one cell (`专项（项目）名称伯乐奖`), for the labels
    that head a project; None for anything else."""
    word = squash(text)
    for label, key in vocabulary().fusable_labels:
        if word.startswith(label) and len(word) > len(label) and key in _FUSABLE:
            return key, word[len(label) :].lstrip(":：")
    return None


def cell_key(text: str) -> str | None:
    """The key a cell stands for, whether a label alone or a label fused with its value."""
    key = label_of(text)
    if key is None and (fused := fused_label(text)):
        return fused[0]
    return key


def _number(text: str) -> float | None:
    value = parse_value(text)
    if value.kind != "quantity" or value.magnitude is None:
        return None
    if value.dimension in ("dimensionless", "currency"):
        return value.magnitude / 1e4 if value.unit == "元" else value.magnitude
    return None


def prose_budget(text: str, money_factor: float = 1e4) -> dict[str, float]:
    """Figures quoted in prose (`预算数1044.94万元。其中：财政资金…`) in the money unit."""
    found: dict[str, float] = {}
    for key, pattern in _PROSE_BUDGET.items():
        if m := pattern.search(text):
            number = float(m.group(1).replace(",", ""))
            found[key] = number * MONEY_UNITS.get(m.group(2) or "万元", 1e4) / money_factor
    if "total" in found and "fiscal" not in found and "全部为财政资金" in squash(text):
        found["fiscal"] = found["total"]
    return found


def _texts(row: GridRow) -> list[str]:
    return [clean_cell(c.text) for c in row]


def _header_word(text: str) -> str | None:
    word = squash(text)
    words = vocabulary()
    if word in words.indicator_columns:
        return words.indicator_columns[word]
    return next((field for prefix, field in words.column_prefixes if word.startswith(prefix)), None)


def header_map(row: GridRow) -> dict[int, str] | None:
    fields = {i: f for i, c in enumerate(row) if (f := _header_word(c.text))}
    names = set(fields.values())
    return fields if {"level1", "value"} <= names or {"name", "value"} <= names else None


def _title(texts: list[str]) -> str | None:
    filled = [t for t in texts if t]
    if len(filled) == 1 and (m := _TITLE.match(squash(filled[0]))) and "部门整体" not in filled[0]:
        return m.group(1)
    return None


# --- splitting a stream of rows into projects -------------------------------------------------
def split_projects(rows: list[GridRow]) -> list[list[GridRow]]:
    """Blocks of rows, one per project table. A new block starts at a title, or at a name
    or code label once the current block has seen that label or an indicator header."""
    blocks: list[list[GridRow]] = [[]]
    seen: set[str] = set()
    for row in rows:
        texts = _texts(row)
        labels = {key for t in texts if t and (key := cell_key(t))}
        starts = bool(labels & {"name", "code"}) and (
            bool(labels & seen & {"name", "code"}) or "header" in seen
        )
        starts = starts or (_title(texts) is not None and bool(seen))
        if starts:
            blocks.append([])
            seen = set()
        blocks[-1].append(row)
        seen |= labels
        if header_map(row):
            seen.add("header")
    return [b for b in blocks if b]


def is_department_table(rows: list[GridRow]) -> bool:
    """The department-wide table (部门整体支出绩效目标表) is not a project table: it has a
    部门名称 label, or a title naming 部门整体. A project's goals may mention 部门整体."""
    words = vocabulary()
    cells = {squash(t) for row in rows[:8] for t in _texts(row) if t}
    return bool(cells & words.department_labels) or any(
        c.endswith(words.target_suffix) and any(w in c for w in words.department_titles)
        for c in cells
    )


def is_self_evaluation(rows: list[GridRow], title: str | None = None) -> bool:
    """A self-evaluation (执行结果) table: 实际完成值 / 自评得分 columns, or a 自评 title."""
    words = vocabulary()
    if title and any(w in squash(title) for w in words.self_evaluation_titles):
        return True
    cells = {squash(t) for row in rows[:10] for t in _texts(row) if t}
    return bool(cells & words.self_evaluation_columns) or any(
        c.endswith("表") and any(w in c for w in words.self_evaluation_titles) for c in cells
    )


def is_goals_only(rows: list[GridRow]) -> bool:
    """A list of projects with their goals and no indicator table (项目名称 | 绩效目标 columns)."""
    if any(header_map(row) for row in rows) or any(
        looks_like_indicator_row([t for t in _texts(row) if t]) for row in rows
    ):
        return False
    return any({"name", "goals"} <= {label_of(t) for t in _texts(row) if t} for row in rows[:4])


def looks_like_indicator_row(texts: list[str]) -> bool:
    """Could these cells be an indicator row (a category word, or a value with a comparator
    or unit)? Titles and unit lines above a table are not."""
    return any(category(squash(t)) in _CATEGORIES for t in texts) or any(
        looks_like_value(t, strong=True) for t in texts
    )


def is_wide(rows: list[GridRow]) -> tuple[int, dict[int, str]] | None:
    """A wide table's header: project columns and indicator columns, over one or two rows."""
    for i, row in enumerate(rows[:6]):
        fields = {j: label_of(c.text) for j, c in enumerate(row)}
        project_cols = {j: f for j, f in fields.items() if f in _PROJECT_COLUMNS}
        if "name" not in project_cols.values():
            continue
        for k in (i, i + 1):
            if k < len(rows) and (header := header_map(rows[k])):
                return k, {**{j: f"project:{f}" for j, f in project_cols.items()}, **header}
        packed = vocabulary().packed_columns
        for j, c in enumerate(row):
            if squash(c.text) in packed:  # every project's indicators in one cell
                return i, {**{j: f"project:{f}" for j, f in project_cols.items()}, j: "packed"}
    return None


# --- block tables ----------------------------------------------------------------------------
def interpret_project(
    rows: list[GridRow], path: str, title: str | None = None
) -> tuple[Project, list[Diagnostic]]:
    """Rows of one project table (from its first label to its last indicator row) to a Project."""
    found: dict[str, tuple[str, Location]] = {}
    diagnostics: list[Diagnostic] = []
    plan: SpendPlan | None = None
    goals: tuple[str, ...] = ()
    header: dict[int, str] | None = None
    indicators: list[Indicator] = []
    last = {"level1": "", "level2": ""}
    in_goals = False
    annual_col: int | None = None
    pending: dict[str, list[int] | None] = {}
    i = 0
    while i < len(rows):
        row, texts = rows[i], _texts(rows[i])
        if not any(texts) or all(
            _YEAR_LINE.match(squash(t)) or _UNIT_ROW.match(t) for t in texts if t
        ):
            i += 1  # (2026年度) under a title; `307001 某单位本级 | 单位：万元` above the table
            continue
        if header_map(row):
            header = header_map(row)  # a header repeated after a page break is skipped
            i += 1
            continue
        if header is None and (synthetic := headerless_header(row)):
            header = synthetic  # indicator rows printed without their header row
        if header is not None:
            ind = _indicator(row, header, last)
            if ind is not None:
                start = len(indicators)
                indicators.extend(split_packed(ind))
                _carry_over(row, header, indicators, range(start, len(indicators)), pending)
            elif label_of(texts[0] or "") != "ignore" and any(map(_unless_placeholder, texts)):
                where = next(c.location for c in row if clean_cell(c.text))
                diagnostics.append(
                    Diagnostic(
                        "unplaced-row",
                        f"此行无法归入指标表：{' | '.join(t for t in texts if t)}",
                        where,
                    )
                )
            i += 1
            continue
        squashed = [squash(t) for t in texts]
        plan_col = next((j for j, t in enumerate(squashed) if t.startswith("资金支出计划")), None)
        if plan_col is not None:
            below = rows[i + 1] if i + 1 < len(rows) else []
            values = [] if any(_structural(t) for t in _texts(below) if t) else below
            plan = _spend_plan(row, values, plan_col)
            i += 2 if values else 1
            continue
        if (name := _title(texts)) is not None:
            title = title or name
            i += 1
            continue
        if (columns := _goal_columns(texts)) and i + 1 < len(rows):
            # 实施期总目标 | 年度目标 over two cells of goals on the row below
            _read_columns(rows[i + 1], columns, found)
            if "goals" not in found and "period_goals" in found:
                found["goals"] = found["period_goals"]
            goals = split_goals(found["goals"][0]) if "goals" in found else goals
            in_goals = False
            i += 2
            continue
        had_goals = "goals" in found
        keys = {label_of(t) for t in texts if t}
        if {"total", "period_total"} <= keys:  # 实施期 | 年度 amounts side by side
            annual_col = next(j for j, t in enumerate(texts) if t and label_of(t) == "total")
        leftovers: list[Cell] = []
        labelled = _read_labels(row, found, annual_col, leftovers)
        if leftovers and (scattered := _scattered_label(row)) and scattered[0] not in found:
            found[scattered[0]] = (scattered[1], leftovers[-1].location)
            leftovers = []
        if leftovers and not _ignorable(row, leftovers):
            diagnostics.append(
                Diagnostic(
                    "unplaced-row",
                    f"此行有无法识别的内容：{' | '.join(clean_cell(c.text) for c in leftovers)}",
                    leftovers[0].location,
                )
            )
        if "goals" in found and not had_goals:
            goals = split_goals(found["goals"][0])
            in_goals = True
        elif labelled:
            in_goals = False
        if squashed[0].startswith("预算规模") and i + 1 < len(rows) and "purpose" not in found:
            nxt = [t for t in _texts(rows[i + 1]) if t]
            if len(nxt) == 1 and not _structural(nxt[0]):  # 资金用途 on the row below
                cell = next(c for c in rows[i + 1] if clean_cell(c.text))
                found["purpose"] = (nxt[0], cell.location)
                i += 1
        if not labelled and any(texts):
            first = next(t for t in texts if t)
            if in_goals and len([t for t in texts if t]) == 1:
                goals = (*goals, first)  # one goal per row below the 绩效目标 label
            elif re.match(r"^[^：:]{2,12}(目标|任务)[：:]", first) and goals:
                goals = (*goals, first)  # 主要政策任务：… continues the goals
            else:
                where = next(c.location for c in row if clean_cell(c.text))
                diagnostics.append(
                    Diagnostic(
                        "unplaced-row", f"此行无法识别：{' | '.join(t for t in texts if t)}", where
                    )
                )
        i += 1
    for level, waiting in pending.items():
        _infer_group(indicators, waiting or [], level)  # a group still open when the table ends
    if title and "name" not in found:
        found["name"] = (title, rows[0][0].location if rows and rows[0] else Location(path))
    return _project(found, plan, goals, indicators, rows, path), diagnostics


_TRAILING_AMOUNT = re.compile(r"[:：]?\s*([\d,]+(?:\.\d+)?)$")


def _is_subsequence(word: str, text: str) -> bool:
    chars = iter(text)
    return all(c in chars for c in word)


def _scattered_label(row: GridRow) -> tuple[str, str] | None:
    """An amount whose label the PDF scattered over neighbouring cells (a label clipped by
    its cell: `实施…` | `期资金总` | `额： 55.72`): the longest amount label whose characters
    appear in order in the row's text before the number."""
    texts = [squash(t) for t in _texts(row) if t]
    at = next((k for k, t in enumerate(texts) if _TRAILING_AMOUNT.search(t)), None)
    if at is None:
        return None
    m = _TRAILING_AMOUNT.search(texts[at])
    assert m is not None
    before = "".join(texts[:at]) + texts[at][: m.start()]
    for label, key in vocabulary().fusable_labels:  # longest first
        if key in _AMOUNTS | {"period_total"} and len(label) >= 5 and _is_subsequence(label, before):
            return key, m.group(1)
    return None


def _ignorable(row: GridRow, leftovers: list[Cell]) -> bool:
    """Leftovers a table prints beside its labels that carry nothing to check: the year,
    the money unit."""
    return all(
        _YEAR_LINE.match(squash(c.text)) or _UNIT_ROW.match(clean_cell(c.text)) for c in leftovers
    )


def _carry_over(row: GridRow, header: dict[int, str], indicators: list[Indicator],
                new: range, pending: dict[str, list[int] | None]) -> None:  # fmt: skip
    """Categories of merged cells the page cut or left unprinted.

    Rows under an empty cell that the page left open below wait for the label the next
    page prints in a cell open above. A merged cell that prints no label at all (its label
    fell between two pages) leaves its rows waiting too, and when the group ends unlabelled
    their category is inferred from what the rows are (`_infer_group`)."""
    for j, level in header.items():
        if level not in ("level1", "level2") or j >= len(row):
            continue
        cell, waiting = row[j], pending.get(level)  # None: the current group has its label
        box = cell.location.bbox
        if clean_cell(cell.text):
            if cell.open_above and waiting:
                for k in waiting:
                    indicators[k] = _with_level(indicators[k], level, clean_cell(cell.text))
            else:
                _infer_group(indicators, waiting or [], level)
            pending[level] = None
        elif waiting is not None and (box is None or cell.open_above):
            waiting.extend(new)  # covered by the unlabelled merged cell, or its part on this page
        elif box is not None and (cell.open_below or _spans_rows(row, cell)):
            _infer_group(indicators, waiting or [], level)
            pending[level] = list(new)  # an empty merged cell: its label is elsewhere or lost
        elif box is not None:
            _infer_group(indicators, waiting or [], level)
            pending[level] = None


def _with_level(ind: Indicator, level: str, label: str) -> Indicator:
    """A row whose category cell the page cut: its label, printed on the other page."""
    changed = replace(ind, level1=label) if level == "level1" else replace(ind, level2=label)
    return marked(changed, level, "joined")


def marked(ind: Indicator, field_name: str, how: str) -> Indicator:
    """The row, noting that one of its fields was not read from its own cell (PROVENANCE)."""
    return replace(ind, provenance=MappingProxyType({**ind.provenance, field_name: how}))


def _spans_rows(row: GridRow, cell: Cell) -> bool:
    """Is a cell taller than its row (a merged cell over several rows)?"""
    heights = [c.location.bbox[3] - c.location.bbox[1] for c in row if c.location.bbox]
    box = cell.location.bbox
    return box is not None and bool(heights) and box[3] - box[1] > 1.5 * min(heights)


def _infer_group(indicators: list[Indicator], group: list[int], level: str) -> None:
    """A merged category cell that printed no label: when most of its rows say what they
    are (names, money values), they are that; otherwise they keep what they inherited."""
    if level != "level2" or len(group) < 2:
        return
    votes: dict[str, int] = {}
    for k in group:
        ind = indicators[k]
        value = parse_value(ind.value_text)
        guess = ("成本指标", "经济成本指标") if value.dimension == "currency" else None
        guess = guess or infer_category(ind.name, value.unit)
        if guess:
            home = guess[1]
            if guess[0] == "成本指标" and current_level1(ind.level1) == "产出指标":
                home = "成本指标"  # older tables: 成本指标 is a 二级 of 产出指标
            votes[home] = votes.get(home, 0) + 1
    if not votes:
        return
    best, count = max(votes.items(), key=lambda kv: kv[1])
    level1 = current_level1(indicators[group[0]].level1)
    homes = homes_of(best)
    if count >= 0.6 * len(group) and (not homes or level1 in homes):  # it must fit the rows' 一级
        for k in group:
            indicators[k] = marked(replace(indicators[k], level2=best), "level2", "inferred")


def _structural(text: str) -> bool:
    """A label or a table word, never a value: 资金支出计划（%）, 一级指标…"""
    word = squash(text)
    return (
        label_of(text) is not None
        or word.startswith("资金支出计划")
        or _header_word(text) is not None
    )


_AMOUNTS = {"total", "fiscal", "other", "carryover", "fiscal_account"}


def _read_labels(
    row: GridRow,
    found: dict[str, tuple[str, Location]],
    annual_col: int | None = None,
    leftovers: list[Cell] | None = None,
) -> bool:
    """Record `label → next non-empty cell` pairs; True if the row held any label. Amounts
    right of `annual_col` are the 年度 ones of a table that prints 实施期 figures beside them.
    Cells that are neither a label nor a label's value go to `leftovers`."""
    labelled = False
    cells = [(k, c) for k, c in enumerate(row) if clean_cell(c.text)]
    used: set[int] = set()
    for j, (column, cell) in enumerate(cells):
        key = label_of(cell.text)
        if key is None:
            if fused := fused_label(cell.text):
                found.setdefault(fused[0], (fused[1], cell.location))
                labelled = True
                used.add(j)
            continue
        labelled = True
        used.add(j)
        if key == "section":
            continue
        following = cells[j + 1][1] if j + 1 < len(cells) else None
        if following is not None and label_of(following.text) is None:
            used.add(j + 1)
            if key == "ignore":
                continue
            value = (clean_cell(following.text), following.location)
            if annual_col is not None and column >= annual_col and key in _AMOUNTS:
                found[key] = value
            else:
                found.setdefault(key, value)
        elif key == "other":
            found.setdefault(key, ("", cell.location))
    if leftovers is not None and labelled:
        leftovers.extend(c for j, (_, c) in enumerate(cells) if j not in used)
    return labelled


def _goal_columns(texts: list[str]) -> list[tuple[int, str]] | None:
    """A row of labels only, heading columns of goals (实施期总目标 | 年度目标)."""
    labels = [(j, label_of(t)) for j, t in enumerate(texts) if t]
    if len(labels) < 2 or any(key is None for _, key in labels):
        return None
    columns = [(j, key) for j, key in labels if key in ("goals", "period_goals")]
    return columns if len(columns) >= 2 else None


def _read_columns(row: GridRow, columns: list[tuple[int, str]], found: dict[str, tuple[str, Location]]) -> None:
    starts = [j for j, _ in columns] + [len(row)]
    for (start, key), end in zip(columns, starts[1:], strict=False):
        cells = [c for c in row[start:end] if clean_cell(c.text)]
        if cells and key not in found:
            found[key] = (" ".join(clean_cell(c.text) for c in cells), cells[0].location)


def _spend_plan(labels: GridRow, values: GridRow, start: int) -> SpendPlan:
    header = labels[start]
    checkpoints = []
    for j in range(start + 1, len(labels)):
        label = clean_cell(labels[j].text)
        if not label:
            continue
        cell = values[j] if j < len(values) else None
        text = clean_cell(cell.text) if cell else ""
        checkpoints.append(
            Checkpoint(
                label, month_of_label(label), text, cell.location if cell else labels[j].location
            )
        )
    declared = "%" in header.text or "％" in header.text
    return SpendPlan(tuple(checkpoints), declared, header.location)


def _indicator(row: GridRow, header: dict[int, str], last: dict[str, str]) -> Indicator | None:
    cells = {
        field: row[i]
        for i, field in header.items()
        if i < len(row) and not field.startswith("project:")
    }
    texts = {f: clean_cell(c.text) for f, c in cells.items()}
    if not any(_unless_placeholder(t) for f, t in texts.items() if f not in ("level1", "level2")):
        # `经济效益指标 | / | /`: a row that says it has nothing
        texts = {f: t if f in ("level1", "level2") else "" for f, t in texts.items()}
    if not any(texts.values()):
        return None
    for level in ("level1", "level2"):  # 效益指标（30分）: the category, and its weight
        if texts.get(level) and (m := _SCORE_SUFFIX.search(texts[level])):
            texts[level] = texts[level][: m.start()].strip()
            texts.setdefault("weight", "")
            texts["weight"] = texts["weight"] or m.group(1)
    if not {"level1", "level2"} & set(header.values()):
        return _uncategorised(row, cells, texts)
    if (
        not texts.get("level2")
        and not texts.get("level1")
        and not last["level2"]
        and not last["level1"]
    ):
        return None
    if (
        texts.get("level1")
        and squash(texts["level1"]).rstrip("指标") + "指标" not in LEVEL1
        and not last["level1"]
    ):
        return None
    inherited = not texts.get("level1")
    how: dict[str, str] = {}
    for level in ("level1", "level2"):  # merged cells are printed once: fill down
        if texts.get(level):
            last[level] = texts[level]
            level2 = cells.get("level2")
            continued = level2 is not None and level2.open_above  # 二级 carried over a page
            if level == "level1" and not texts.get("level2") and not continued:
                last["level2"] = ""
        elif level in cells and cells[level].open_above and last[level]:
            how[level] = "joined"  # a merged cell the page cut: its label is on the page before
        texts[level] = last[level]
    if inherited and texts.get("level2"):
        # A 一级 we only inherited cannot hold this 二级 (a merged cell whose text the
        # source lost, e.g. across a PDF page): the framework says where it belongs.
        home = HOME.get(category(texts["level2"]))
        if home and home != current_level1(texts["level1"]):
            texts["level1"] = last["level1"] = home
            how["level1"] = "inferred"
    where = next((c.location for c in row if clean_cell(c.text)), row[0].location)
    return Indicator(
        level1=texts["level1"], level2=texts["level2"],
        name=_NUMBERED_NAME.sub("", texts.get("name", "")),
        description=texts.get("description", ""), value_text=texts.get("value", ""),
        basis=texts.get("basis", ""), unit=texts.get("unit") or None,
        comparator=texts.get("comparator") or None, weight=texts.get("weight") or None,
        location=where, fields=MappingProxyType({f: c.location for f, c in cells.items()}),
        provenance=MappingProxyType(how),
    )  # fmt: skip


_PACK_SEP = re.compile(r"\s*[；;]\s*")
_LIST_SEP = re.compile(r"\s*、\s*")
_ITEM_NUMBER = re.compile(r"^\d{1,2}\s*[:：.．、]\s*")


def split_packed(ind: Indicator) -> list[Indicator]:
    """Indicators a cell packs together (older Xi'an tables): `物业管理面积；服务人次` with
    `17839平方米；每天3000人次` are two rows. Split only where names and values pair off one
    to one; a list with 、 only where every value is a number (`≥45、≥1000`)."""
    for separator, numbers_only in ((_PACK_SEP, False), (_LIST_SEP, True)):
        names = [n for n in separator.split(ind.name) if n]
        values = [v for v in separator.split(ind.value_text) if v]
        if len(names) < 2 or len(names) != len(values):
            continue
        if numbers_only and not all(parse_value(v).kind in ("quantity", "range") for v in values):
            continue
        return [
            replace(ind, name=_ITEM_NUMBER.sub("", name), value_text=_ITEM_NUMBER.sub("", value))
            for name, value in zip(names, values, strict=True)
        ]
    return [ind]


_SCORE_SUFFIX = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?\s*分)\s*[）)]\s*$")
_PLACEHOLDER = re.compile(r"^[/／\\\-－—–_.。…·\s]+$")
_NUMBERED_NAME = re.compile(r"^指标\s*\d{0,2}\s*[:：]\s*")


def _unless_placeholder(text: str) -> str:
    """`/`, `-`, `……` where a cell has nothing to say: the cell is empty."""
    return "" if _PLACEHOLDER.match(text) else text


def headerless_header(row: GridRow) -> dict[int, str] | None:
    """A header for indicator rows printed without one: the category cells of the first
    such row, then its name and value cells (`产出指标 | 数量指标 | 指标：… | 7375人`)."""
    texts = _texts(row)
    levels = [j for j, t in enumerate(texts) if t and category(squash(t)) in _CATEGORIES]
    if not levels:
        return None
    rest = [j for j, t in enumerate(texts) if t and j > levels[-1]]
    if len(rest) < 2:
        return None
    header = {j: "level1" if category(squash(texts[j])) in LEVEL1 else "level2" for j in levels}
    return {**header, rest[0]: "name", rest[1]: "value"}


def _uncategorised(row: GridRow, cells: dict[str, Cell], texts: dict[str, str]) -> Indicator | None:
    """A row of a table without category columns: its category inferred from its name."""
    if not texts.get("name") and not texts.get("value"):
        return None
    unit = texts.get("unit") or parse_value(texts.get("value", "")).unit
    level1, level2 = infer_category(texts.get("name", ""), unit) or ("", "")
    where = next((c.location for c in row if clean_cell(c.text)), row[0].location)
    return Indicator(
        level1=level1, level2=level2, name=texts.get("name", ""),
        description=texts.get("description", ""), value_text=texts.get("value", ""),
        basis=texts.get("basis", ""), unit=texts.get("unit") or None,
        comparator=texts.get("comparator") or None, weight=texts.get("weight") or None,
        location=where, fields=MappingProxyType({f: c.location for f, c in cells.items()}),
        category_inferred=True,
    )  # fmt: skip


def _project(found: dict[str, tuple[str, Location]], plan: SpendPlan | None, goals: tuple[str, ...],
             indicators: list[Indicator], rows: list[GridRow], path: str) -> Project:  # fmt: skip
    text = {k: v[0] for k, v in found.items()}
    budget = {
        k: _number(text[k]) if text.get(k) else None
        for k in ("total", "fiscal", "other", "carryover", "period_total")
    }
    if text.get("fiscal_account") and (account := _number(text["fiscal_account"])):
        budget["other"] = (budget["other"] or 0.0) + account  # 财政专户拨款: not 财政拨款
    if budget["total"] is None and budget["period_total"] is not None:
        budget["total"] = budget["period_total"]  # a one-year table names only 实施期
    if not goals and text.get("period_goals"):
        goals = split_goals(text["period_goals"])  # only 实施期 goals given
    purpose = text.get("purpose", "")
    if budget["total"] is None and purpose:
        budget.update(prose_budget(purpose))
    start = next((c.location for row in rows for c in row if clean_cell(c.text)), Location(path))
    fields = {k: v[1] for k, v in found.items()}
    if "total" in fields or "period_total" in fields:
        fields["budget"] = fields.get("total") or fields["period_total"]
    notes = []
    if any(i.category_inferred for i in indicators):
        notes.append("no-category-columns")
        if any(not i.level1 for i in indicators):
            notes.append("category-unknown")
    return Project(
        code=squash(text.get("code", "")) or None, name=text.get("name") or None,
        budget=Budget(**budget), purpose=purpose, spend_plan=plan, goals=goals,
        indicators=tuple(indicators), location=start,
        fields=MappingProxyType(
            fields | ({"spend_plan": plan.location} if plan and plan.location else {})
        ),
        reading_notes=tuple(notes),
    )  # fmt: skip


# --- wide tables -----------------------------------------------------------------------------
def _cell_at(row: GridRow, columns: dict[str, int], key: str) -> Cell | None:
    j = columns.get(key)
    return row[j] if j is not None and j < len(row) else None


def interpret_wide(rows: list[GridRow], header_row: int, columns: dict[int, str], path: str
                   ) -> tuple[list[Project], list[Diagnostic], dict[str, str]]:  # fmt: skip
    """One row per indicator; a new project where the name column changes."""
    projects: list[Project] = []
    diagnostics: list[Diagnostic] = []
    unit: dict[str, str] = {}
    header = {j: f for j, f in columns.items() if not f.startswith("project:")}
    project_cols = {
        f.removeprefix("project:"): j for j, f in columns.items() if f.startswith("project:")
    }
    current: dict[str, tuple[str, Location]] | None = None
    indicators: list[Indicator] = []
    last = {"level1": "", "level2": ""}
    packed = next((j for j, f in header.items() if f == "packed"), None)

    def close() -> None:
        if current is not None:
            goals = split_goals(current["goals"][0]) if "goals" in current else ()
            first = [[Cell(current["name"][0], current["name"][1])]] if "name" in current else []
            projects.append(_project(current, None, goals, indicators, first, path))

    for row in rows[header_row + 1 :]:
        texts = _texts(row)
        if not any(texts) or header_map(row):
            continue
        name_cell = _cell_at(row, project_cols, "name")
        name = clean_cell(name_cell.text) if name_cell else ""
        if label_of(name) is not None:  # the header, repeated on a new page
            continue
        if {"合计", "总计"} & {
            squash(row[j].text).rstrip(":：") for j in project_cols.values() if j < len(row)
        }:
            continue  # the table's total row
        has_indicator = any(clean_cell(row[j].text) for j in header if j < len(row))
        if name and not has_indicator:  # the unit's own row, or 合计
            if (code := _cell_at(row, project_cols, "unit_code")) and clean_cell(code.text):
                unit = {"code": clean_cell(code.text), "name": name}
            continue
        if packed is not None:
            _packed_row(row, packed, name, project_cols, projects, diagnostics, path)
            continue
        if name and current is not None and current.get("name", ("",))[0] == name:
            name = ""  # a merged cell repeated at the top of a new page: same project
        if name:
            close()
            current, indicators, last = {}, [], {"level1": "", "level2": ""}
            for key, j in project_cols.items():
                if j < len(row) and clean_cell(row[j].text) and key != "unit_code":
                    current[key] = (clean_cell(row[j].text), row[j].location)
        if current is None:
            diagnostics.append(
                Diagnostic(
                    "unplaced-row",
                    f"此行不属于任何项目：{' | '.join(t for t in texts if t)}",
                    row[0].location,
                )
            )
            continue
        ind = _indicator(row, header, last)
        if ind is not None:
            indicators.extend(split_packed(ind))
    close()
    return projects, diagnostics, unit


def _packed_row(row: GridRow, column: int, name: str, project_cols: dict[str, int],
                projects: list[Project], diagnostics: list[Diagnostic], path: str) -> None:  # fmt: skip
    """A row of a wide table whose indicators are packed into one cell: one whole project."""
    cell = row[column] if column < len(row) else None
    text = cell.text if cell is not None else ""
    if not name or not text.strip():
        if text.strip():
            diagnostics.append(
                Diagnostic("unplaced-row", f"此行没有项目名称：{clean_cell(text)[:60]}…", cell.location)  # type: ignore[union-attr]
            )
        return  # a funding unit's subtotal row: amounts, no goals, no indicators
    assert cell is not None
    items, leftovers = parse_packed(text)
    found = {
        key: (clean_cell(row[j].text), row[j].location)
        for key, j in project_cols.items()
        if j < len(row) and clean_cell(row[j].text) and key != "unit_code"
    }
    for piece in leftovers:
        diagnostics.append(
            Diagnostic("unplaced-row", f"“{name}”的绩效指标中有无法拆分的文字：{piece[:80]}", cell.location)
        )
    fields = MappingProxyType({"name": cell.location, "value": cell.location})
    indicators = [
        Indicator(level1=i.level1, level2=i.level2, name=i.name, value_text=i.value,
                  location=cell.location, fields=fields)
        for i in items
    ]  # fmt: skip
    goals = split_goals(found["goals"][0]) if "goals" in found else ()
    projects.append(_project(found, None, goals, indicators, [[Cell(name, row[0].location)]], path))
