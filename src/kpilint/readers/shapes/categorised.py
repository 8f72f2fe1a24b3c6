"""Shape: indicator rows under 一级/二级/三级 columns (the Hebei template, most cities).

    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
    产出指标 | 数量指标 | 培训人次 | …            | ≥500人次 | …
             |          | 活动场次 | …            | ≥4场     | …

Merged category cells are printed once: rows below inherit them (fill down). A 一级 only
inherited cannot hold a 二级 the framework places elsewhere (a merged cell whose text the
source lost): the framework says where it belongs. Across a PDF page break a merged cell
is cut: rows under its part on one page wait for the label the other page prints
(`carry_over`), and a group whose label fell between the pages is named from what its
rows are (`infer_group`). Fixture: tests/test_pdf_pages.py builds each case.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from kpilint.framework import (
    COST,
    ECONOMIC_COST,
    HOME,
    LEVEL1,
    OUTPUT,
    category,
    clipped_category,
    current_level1,
    homes_of,
)
from kpilint.framework.templates import infer_category
from kpilint.model import Indicator
from kpilint.readers.grid import Cell, GridRow, clean_cell, squash
from kpilint.values import parse_value

LEVELS = ("level1", "level2")


def has_level_columns(header: dict[int, str]) -> bool:
    return bool(set(LEVELS) & set(header.values()))


def fill_levels(
    texts: dict[str, str], cells: dict[str, Cell], last: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]] | None:
    """The row's categories, filled down from `last` (updated), and how the ones not read
    from the row's own cells were obtained (model.PROVENANCE: a merged cell the page cut is
    `joined` to its label on the page before; a 一级 the framework supplies is `inferred`);
    None for a row before any category, or under a 一级 cell that is not one."""
    if not texts.get("level2") and not texts.get("level1") and not last["level2"] and not last["level1"]:
        return None
    if (
        texts.get("level1")
        and clipped_category(squash(texts["level1"])) not in LEVEL1
        and not last["level1"]
    ):
        return None
    inherited = not texts.get("level1")
    how: dict[str, str] = {}
    for level in LEVELS:  # merged cells are printed once: fill down
        if texts.get(level):
            joined = level in cells and cells[level].joined  # a label a page break cut, made whole
            last[f"{level}:how"] = "joined" if joined else ""
            if joined:
                how[level] = "joined"
            last[level] = texts[level]
            level2 = cells.get("level2")
            continued = level2 is not None and level2.open_above  # 二级 carried over a page
            if level == "level1" and not texts.get("level2") and not continued:
                last["level2"] = ""
        elif level in cells and cells[level].open_above and last[level]:
            how[level] = "joined"  # a merged cell the page cut: its label is on the page before
        elif last.get(f"{level}:how") and last[level]:
            how[level] = last[f"{level}:how"]  # filled down from a label joined across a page
        texts[level] = last[level]
    if inherited and texts.get("level2"):
        home = HOME.get(category(texts["level2"]))
        if home and home != current_level1(texts["level1"]):
            texts["level1"] = last["level1"] = home
            how["level1"] = "inferred"
    return texts, how


# --- a merged category cell cut by a page ----------------------------------------------------
def carry_over(row: GridRow, header: dict[int, str], indicators: list[Indicator],
               new: range, pending: dict[str, list[int] | None]) -> None:  # fmt: skip
    """Categories of merged cells the page cut or left unprinted.

    Rows under an empty cell that the page left open below wait for the label the next
    page prints in a cell open above. A merged cell that prints no label at all (its label
    fell between two pages) leaves its rows waiting too, and when the group ends unlabelled
    their category is inferred from what the rows are (`infer_group`)."""
    for j, level in header.items():
        if level not in LEVELS or j >= len(row):
            continue
        cell, waiting = row[j], pending.get(level)  # None: the current group has its label
        box = cell.location.bbox
        if clean_cell(cell.text):
            if cell.open_above and waiting:
                for k in waiting:
                    indicators[k] = _with_level(indicators[k], level, clean_cell(cell.text))
            else:
                infer_group(indicators, waiting or [], level)
            pending[level] = None
        elif waiting is not None and (box is None or cell.open_above):
            waiting.extend(new)  # covered by the unlabelled merged cell, or its part on this page
        elif waiting is None and cell.open_above:
            continue  # the part on this page of a labelled cell the page cut: its rows inherit
        elif box is not None and (cell.open_below or _spans_rows(row, cell)):
            infer_group(indicators, waiting or [], level)
            pending[level] = list(new)  # an empty merged cell: its label is elsewhere or lost
        elif box is not None:
            infer_group(indicators, waiting or [], level)
            pending[level] = None


def close_groups(indicators: list[Indicator], pending: dict[str, list[int] | None]) -> None:
    """Groups still open when the table ends."""
    for level, waiting in pending.items():
        infer_group(indicators, waiting or [], level)


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


def infer_group(indicators: list[Indicator], group: list[int], level: str) -> None:
    """A merged category cell that printed no label: when most of its rows say what they
    are (names, money values), they are that; otherwise they keep what they inherited."""
    if level != "level2" or len(group) < 2:
        return
    votes: dict[str, int] = {}
    for k in group:
        ind = indicators[k]
        value = parse_value(ind.value_text)
        guess = (COST, ECONOMIC_COST) if value.dimension == "currency" else None
        guess = guess or infer_category(ind.name, value.unit)
        if guess:
            home = guess[1]
            if guess[0] == COST and current_level1(ind.level1) == OUTPUT:
                home = COST  # older tables: 成本指标 is a 二级 of 产出指标
            votes[home] = votes.get(home, 0) + 1
    if not votes:
        return
    best, count = max(votes.items(), key=lambda kv: kv[1])
    level1 = current_level1(indicators[group[0]].level1)
    homes = homes_of(best)
    if count >= 0.6 * len(group) and (not homes or level1 in homes):  # it must fit the rows' 一级
        for k in group:
            indicators[k] = marked(replace(indicators[k], level2=best), "level2", "inferred")
