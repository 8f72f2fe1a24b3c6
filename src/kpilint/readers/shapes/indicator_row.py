"""One indicator row under a header, whatever the shape of its columns.

The header (from `grid.header_map`, or `headerless.headerless_header`) says which cell
holds which field; a header with 一级/二级 columns reads the row as `categorised`, one
without as `uncategorised`. Placeholders (`/`, `……`) are empty cells, and a weight printed
inside a category cell (`效益指标（30分）`) is the row's weight.
"""

from __future__ import annotations

import re
from functools import cache
from types import MappingProxyType

from kpilint.framework import category
from kpilint.framework.templates import alternation, vocabulary
from kpilint.model import Indicator
from kpilint.readers.grid import CATEGORIES, Cell, GridRow, clean_cell, squash, unless_placeholder
from kpilint.readers.shapes.categorised import LEVELS, fill_levels, has_level_columns
from kpilint.readers.shapes.uncategorised import uncategorised_indicator


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = vocabulary()
    score = re.compile(rf"\s*[（(]\s*(\d+(?:\.\d+)?\s*{re.escape(words.score_word)})\s*[）)]\s*$")
    numbered = re.compile(rf"^(?:{alternation(words.name_numbering)})\s*\d{{0,2}}\s*[:：]\s*")
    return score, numbered


def read_indicator(row: GridRow, header: dict[int, str], last: dict[str, str]) -> Indicator | None:
    """The indicator a row holds under `header`, or None for a row that holds none;
    `last` carries the categories of merged cells down the table."""
    cells: dict[str, Cell] = {
        field: row[i] for i, field in header.items() if i < len(row) and not field.startswith("project:")
    }
    texts = {f: clean_cell(c.text) for f, c in cells.items()}
    score, numbered = _patterns()
    if not any(unless_placeholder(t) for f, t in texts.items() if f not in LEVELS):
        # `经济效益指标 | / | /`: a row that says it has nothing
        texts = {f: t if f in LEVELS else "" for f, t in texts.items()}
    if not any(texts.values()):
        return None
    if [f for f, t in texts.items() if t] == ["level1"] and category(squash(texts["level1"])) not in CATEGORIES:
        return None  # text alone in the 一级 column that names no category: a note, a title
    for level in LEVELS:  # 效益指标（30分）: the category, and its weight
        if texts.get(level) and (m := score.search(texts[level])):
            texts[level] = texts[level][: m.start()].strip()
            texts.setdefault("weight", "")
            texts["weight"] = texts["weight"] or m.group(1)
    where = next((c.location for c in row if clean_cell(c.text)), row[0].location)
    fields = {f: c.location for f, c in cells.items()}
    if not has_level_columns(header):
        return uncategorised_indicator(texts, fields, where)
    levels = fill_levels(texts, cells, last)
    if levels is None:
        return None
    filled, how = levels
    return Indicator(
        level1=filled["level1"], level2=filled["level2"],
        name=numbered.sub("", filled.get("name", "")),
        description=filled.get("description", ""), value_text=filled.get("value", ""),
        basis=filled.get("basis", ""), unit=filled.get("unit") or None,
        comparator=filled.get("comparator") or None, weight=filled.get("weight") or None,
        location=where, fields=MappingProxyType(fields), provenance=MappingProxyType(how),
    )  # fmt: skip
