"""Rows of cells, and what their words say: the vocabulary every table shape reads with.

A reader turns its source into `GridRow`s — cells with their locations. Which cell is a
label (项目名称, 预算数…), a column header (一级指标, 指标值…), a title (…绩效目标表) or a
placeholder is decided here, from `templates.yaml`, never by position; what a table *is*
and how its rows are read is the business of the shapes (`readers/shapes/`).

A cell a writer marked as a written value (`Cell.literal`) is never a label or a header,
whatever its text: a 资金用途 that reads `总计` round-trips as a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kpilint.framework import LEVEL1, LEVEL2, category
from kpilint.framework.templates import alternation, money_units, vocabulary
from kpilint.model import Location
from kpilint.readers.vocabulary import (
    clean_cell,
    looks_like_value,
    money_unit_in,
    squash,
    unit_line,
)
from kpilint.values import parse_value


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    location: Location
    #: a cell the page cut (PDF): its merged text may be printed on the previous/next page
    open_above: bool = False
    open_below: bool = False
    #: a value as written (a workbook kpilint wrote marks its value cells): never a label
    literal: bool = False
    #: its text was joined from the parts a page break cut it into (readers/page_cuts.py)
    joined: bool = False


GridRow = list[Cell]

CATEGORIES = frozenset((*LEVEL1, *LEVEL2))


class _Patterns:
    """Patterns built from the template's words, once per process."""

    def __init__(self) -> None:
        words = vocabulary()
        units = words.money_unit_alternation()
        fillers = "".join(f"(?:{re.escape(w)})?" for w in words.title_name_fillers)
        # `（万元）` after a label, or `，万元）` closing a bracket (项目总金额（中期规划，万元）)
        self.money_suffix = re.compile(rf"[（(]({units})[）)]$|[，,]({units})(?=[）)]$)")
        self.title = re.compile(
            rf"^(?:\d{{1,3}}\s*[.．、])?\s*(.+?){fillers}{re.escape(words.target_suffix)}$"
        )
        labels = alternation(words.money_unit_labels)
        self.frame_line = re.compile(rf"^(\d{{6}}\s+\S.*|(?:{labels})\s*[:：]\s*({units}))$")
        self.placeholder = re.compile(rf"^[{re.escape(words.placeholder_characters)}\s]+$")
        self.goal_heading = re.compile(rf"^[^：:]{{2,12}}(?:{alternation(words.goal_headings)})[:：]")
        self.year_line = re.compile(rf"^[（(]?\d{{4}}(?:{alternation(words.year_line)})[)）]?$")


@cache
def patterns() -> _Patterns:
    return _Patterns()


def texts(row: GridRow) -> list[str]:
    """The cleaned text of each cell of a row."""
    return [clean_cell(c.text) for c in row]


def marks(rows: list[GridRow]) -> set[str]:
    """The words (whitespace removed) of the cells of `rows` that may mark a table's kind:
    every filled cell but a written value."""
    return {squash(t) for row in rows for c in row if not c.literal and (t := clean_cell(c.text))}


def label_of(text: str) -> str | None:
    """The key a label cell stands for: `年度资金总额：` → total, `资金金额（万元）` → section."""
    word = patterns().money_suffix.sub("", squash(text).rstrip(":："))
    words = vocabulary()
    if word in words.project_labels:
        return words.project_labels[word]
    if word.startswith(words.section_prefixes):
        return "section"
    return None


def cell_label(cell: Cell) -> str | None:
    """The key a cell stands for as a label; a written value stands for none."""
    return None if cell.literal else label_of(cell.text)


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


def row_keys(row: GridRow) -> set[str]:
    """The keys the label cells of a row stand for (written values stand for none)."""
    return {key for c in row if not c.literal and (t := clean_cell(c.text)) and (key := cell_key(t))}


def header_word(text: str) -> str | None:
    """The indicator field a header cell heads (一级指标 → level1, 指标值 → value)."""
    word = squash(text)
    words = vocabulary()
    if word in words.indicator_columns:
        return words.indicator_columns[word]
    return next((field for prefix, field in words.column_prefixes if word.startswith(prefix)), None)


def header_map(row: GridRow) -> dict[int, str] | None:
    """column → field, for a row that heads an indicator table; None for any other row."""
    fields = {i: f for i, c in enumerate(row) if not c.literal and (f := header_word(c.text))}
    names = set(fields.values())
    return fields if {"level1", "value"} <= names or {"name", "value"} <= names else None


def is_spend_plan_label(text: str) -> bool:
    return squash(text).startswith(vocabulary().spend_plan_labels)


def title_name(row: GridRow) -> str | None:
    """The project name a row's lone title cell gives (`3.某项目绩效目标表` → 某项目), not
    a department-wide title's; "" for a form's own title that names no project."""
    filled = [c for c in row if clean_cell(c.text)]
    if len(filled) != 1 or filled[0].literal:
        return None
    text = clean_cell(filled[0].text)
    if squash(text).endswith(vocabulary().declaration_titles):
        return ""  # a form's own title (二级项目支出绩效目标申报表) names no project
    m = patterns().title.match(squash(text))
    if m and not any(w in squash(text) for w in vocabulary().department_titles):
        return m.group(1)
    return None


def is_note(row: GridRow) -> bool:
    """The form's note row (`备注：作为导入模板…`): one cell, a note word and a colon."""
    filled = [c for c in row if clean_cell(c.text)]
    if len(filled) != 1 or filled[0].literal:
        return False
    word = squash(clean_cell(filled[0].text))
    return any(word.startswith((p + "：", p + ":")) for p in vocabulary().note_prefixes)


def is_title(text: str) -> bool:
    """Does a cell end as a target table's title (`…绩效目标表`)?"""
    return squash(clean_cell(text)).endswith(vocabulary().target_suffix)


def structural(text: str) -> bool:
    """A label or a table word, never a value: 资金支出计划（%）, 一级指标…"""
    return label_of(text) is not None or is_spend_plan_label(text) or header_word(text) is not None


def is_frame_line(text: str) -> bool:
    """What a table prints around its cells and nothing to check: the year under a title
    (`（2026年度）`), the unit above it (`307001 某单位本级`, `单位：万元`)."""
    found = patterns()
    return bool(found.year_line.match(squash(text)) or found.frame_line.match(clean_cell(text)))


def unless_placeholder(text: str) -> str:
    """`/`, `-`, `……` where a cell has nothing to say: the cell is empty."""
    return "" if patterns().placeholder.match(text) else text


def looks_like_indicator_row(cells: list[str]) -> bool:
    """Could these cells be an indicator row (a category word, or a value with a comparator
    or unit)? Titles and unit lines above a table are not."""
    return any(category(squash(t)) in CATEGORIES for t in cells) or any(
        looks_like_value(t, strong=True) for t in cells
    )


def amount(text: str) -> float | None:
    """An amount cell in the table's money unit (`12.00`; `120000元` is 12 万元). Amounts are
    written in figures: a word the value grammar reads as a number (`八`, `两`) is text."""
    if not any(ch.isdigit() for ch in text):
        return None
    value = parse_value(text)
    if value.kind != "quantity" or value.magnitude is None:
        return None
    if value.dimension in ("dimensionless", "currency"):
        if value.unit in money_units():  # in the default unit: `120000元` is 12 万元
            return value.magnitude * money_units()[value.unit] / money_factor(None)
        return value.magnitude
    return None


def money_factor(unit: str | None) -> float:
    """元 per `unit`; a unit not given is the templates' default (万元)."""
    units = money_units()
    return units.get(unit or vocabulary().default_money_unit, units[vocabulary().default_money_unit])


__all__ = [
    "CATEGORIES",
    "Cell",
    "GridRow",
    "amount",
    "cell_key",
    "cell_label",
    "clean_cell",
    "fused_label",
    "header_map",
    "header_word",
    "is_frame_line",
    "is_spend_plan_label",
    "is_title",
    "label_of",
    "looks_like_indicator_row",
    "marks",
    "money_factor",
    "money_unit_in",
    "row_keys",
    "squash",
    "structural",
    "texts",
    "title_name",
    "unit_line",
    "unless_placeholder",
]  # fmt: skip
