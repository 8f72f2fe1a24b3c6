"""Shape: the wide table, a row per indicator and the project's fields as columns.

    项目名称 | 预算数 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 度量单位 | 指标值类型
    某专项   | 35.78  | 成本指标 | 经济成本指标 | 总成本 | 35.78 | 万元 | ≤
             |        | 产出指标 | 数量指标 | …

(Changsha; Chongqing's 一般性项目 table.) The header names a project column (项目名称-like)
and indicator columns, over one or two rows; a new project starts where the name column
changes. A merged name cell repeated at the top of a page continues its project; the
table's total row (`total_rows` in templates.yaml) and a unit's own row are no projects.
A wide table whose indicator column packs every indicator into one cell is read by
`packed`. Fixture: tests/test_shapes.py.
"""

from __future__ import annotations

from kpilint.framework.templates import vocabulary
from kpilint.model import Diagnostic, Indicator, Project
from kpilint.readers.grid import Cell, GridRow, cell_label, clean_cell, header_map, squash, texts
from kpilint.readers.shapes.indicator_row import read_indicator
from kpilint.readers.shapes.packed import packed_indicators, split_packed
from kpilint.readers.shapes.project import HEADER_KEYS, Found, build_project, unplaced
from kpilint.readers.vocabulary import split_goals

PROJECT_COLUMNS = {*HEADER_KEYS, "name", "code", "total", "period_total", "fiscal", "fiscal_account", "other",
                   "carryover", "goals", "purpose", "unit_code"}  # fmt: skip
PACKED = "packed"


def wide_header(rows: list[GridRow]) -> tuple[int, dict[int, str]] | None:
    """A wide table's header: project columns and indicator columns, over one or two rows."""
    for i, row in enumerate(rows[:6]):
        fields = {j: cell_label(c) for j, c in enumerate(row)}
        project_cols = {j: f for j, f in fields.items() if f in PROJECT_COLUMNS}
        if "name" not in project_cols.values():
            continue
        for k in (i, i + 1):
            if k < len(rows) and (header := header_map(rows[k])):
                return k, {**{j: f"project:{f}" for j, f in project_cols.items()}, **header}
        packed = vocabulary().packed_columns
        for j, c in enumerate(row):
            if not c.literal and squash(c.text) in packed:  # every project's indicators in one cell
                return i, {**{j: f"project:{f}" for j, f in project_cols.items()}, j: PACKED}
    return None


def _cell_at(row: GridRow, columns: dict[str, int], key: str) -> Cell | None:
    j = columns.get(key)
    return row[j] if j is not None and j < len(row) else None


def _project_fields(row: GridRow, columns: dict[str, int]) -> Found:
    return {
        key: (clean_cell(row[j].text), row[j].location)
        for key, j in columns.items()
        if j < len(row) and clean_cell(row[j].text) and key != "unit_code"
    }


def _close(found: Found | None, indicators: list[Indicator], path: str, projects: list[Project]) -> None:
    if found is not None:
        goals = split_goals(found["goals"][0]) if "goals" in found else ()
        first = [[Cell(found["name"][0], found["name"][1])]] if "name" in found else []
        projects.append(build_project(found, None, goals, indicators, first, path))


def interpret_wide(rows: list[GridRow], header_row: int, columns: dict[int, str], path: str
                   ) -> tuple[list[Project], list[Diagnostic], dict[str, str]]:  # fmt: skip
    """One row per indicator; a new project where the name column changes."""
    projects: list[Project] = []
    diagnostics: list[Diagnostic] = []
    unit: dict[str, str] = {}
    header = {j: f for j, f in columns.items() if not f.startswith("project:")}
    project_cols = {f.removeprefix("project:"): j for j, f in columns.items() if f.startswith("project:")}
    current: Found | None = None
    indicators: list[Indicator] = []
    last = {"level1": "", "level2": ""}
    packed = next((j for j, f in header.items() if f == PACKED), None)
    totals = vocabulary().total_rows
    for row in rows[header_row + 1 :]:
        cells = texts(row)
        if not any(cells) or header_map(row):
            continue
        name_cell = _cell_at(row, project_cols, "name")
        name = clean_cell(name_cell.text) if name_cell else ""
        if name_cell is not None and cell_label(name_cell) is not None:  # the header, repeated on a new page
            continue
        if totals & {squash(row[j].text).rstrip(":：") for j in project_cols.values() if j < len(row) and not row[j].literal}:
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
            _close(current, indicators, path, projects)
            current, indicators, last = _project_fields(row, project_cols), [], {"level1": "", "level2": ""}
        if current is None:
            diagnostics.append(unplaced(f"此行不属于任何项目：{' | '.join(t for t in cells if t)}", row[0].location))
            continue
        ind = read_indicator(row, header, last)
        if ind is not None:
            indicators.extend(split_packed(ind))
    _close(current, indicators, path, projects)
    return projects, diagnostics, unit


def _packed_row(row: GridRow, column: int, name: str, project_cols: dict[str, int],
                projects: list[Project], diagnostics: list[Diagnostic], path: str) -> None:  # fmt: skip
    """A row of a wide table whose indicators are packed into one cell: one whole project."""
    cell = row[column] if column < len(row) else None
    if cell is None or not cell.text.strip():
        return  # a funding unit's subtotal row: amounts, no goals, no indicators
    if not name:
        diagnostics.append(unplaced(f"此行没有项目名称：{clean_cell(cell.text)[:60]}…", cell.location))
        return
    indicators, leftovers = packed_indicators(cell.text, cell.location)
    for piece in leftovers:
        diagnostics.append(unplaced(f"“{name}”的绩效指标中有无法拆分的文字：{piece[:80]}", cell.location))
    found = _project_fields(row, project_cols)
    goals = split_goals(found["goals"][0]) if "goals" in found else ()
    projects.append(build_project(found, None, goals, indicators, [[Cell(name, row[0].location)]], path))


__all__ = ["PROJECT_COLUMNS", "interpret_wide", "wide_header"]
