"""Shape: the department-wide table (部门整体支出绩效目标表), not a project's.

    2026年部门整体支出绩效目标表
    部门名称 | 某某局
    年度主要任务 | …
    一级指标 | 二级指标 | 三级指标 | 指标值
    …

It is told by a 部门名称-like label in its first rows (`department_labels`), or by a
title naming 部门整体 (`titles.department`), wherever it appears; a table after it that
names no project and prints no new title is its continuation on the next page. Its
rows are never a project's: they become the document's `DepartmentTable`s, and a
department table printed in the same stream as project tables (after a project's last
row, on the same sheet) is cut out of it (`split_department`). Fixture: tests/test_shapes.py.
"""

from __future__ import annotations

from kpilint.framework.templates import vocabulary
from kpilint.model import DepartmentTable
from kpilint.readers.grid import GridRow, clean_cell, is_title, marks, row_keys, squash, title_name
from kpilint.readers.shapes.block import interpret_project


def is_department_table(rows: list[GridRow], title: str | None = None) -> bool:
    """A 部门名称 label in the first rows, or a title (above the table or in it) naming
    部门整体. A project's goals may mention 部门整体: only a title counts."""
    words = vocabulary()
    if title and any(w in squash(title) for w in words.department_titles):
        return True
    head = []
    for row in rows[:8]:  # the marks before any project's name: after one, it is a stream
        if row_keys(row) & {"name", "code"}:
            break
        head.append(row)
    cells = marks(head)
    return bool(cells & words.department_labels) or any(
        c.endswith(words.target_suffix) and any(w in c for w in words.department_titles)
        for c in cells
    )


def department_start(row: GridRow) -> str | None:
    """Does a row open a department-wide table inside a stream of rows: "title" (its title
    on a row of its own), "label" (a 部门名称 label), or None."""
    words = vocabulary()
    filled = [squash(clean_cell(c.text)) for c in row if not c.literal and clean_cell(c.text)]
    if len(filled) == 1 and filled[0].endswith(words.target_suffix) and any(w in filled[0] for w in words.department_titles):
        return "title"
    return "label" if set(filled) & words.department_labels else None


def split_department(rows: list[GridRow]) -> tuple[list[GridRow], list[list[GridRow]]]:
    """A stream of rows without the department-wide tables inside it: the project rows, and
    each department table's rows (from the row that opens it to the next project's start)."""
    projects: list[GridRow] = []
    tables: list[list[GridRow]] = []
    inside = False
    for row in rows:
        start = department_start(row)
        if start and (not inside or start == "title"):
            tables.append([])
            inside = True
        elif inside and not start and (row_keys(row) & {"name", "code"} or title_name(row) is not None):
            inside = False  # the next project's table begins
        (tables[-1] if inside else projects).append(row)
    return projects, tables


def read_department(rows: list[GridRow], path: str, title: str | None = None) -> DepartmentTable:
    """A department-wide table's amounts, goals and indicators, read as the block shape reads
    a project's; what it cannot place is counted in the table, not reported."""
    named = title or next(
        (clean_cell(c.text) for row in rows[:3] for c in row if is_title(c.text) and not c.literal), None
    )
    project, diagnostics = interpret_project(rows, path)
    unplaced = sum(1 for d in diagnostics if d.code == "unplaced-row")
    return DepartmentTable(title=named, budget=project.budget, goals=project.goals, indicators=project.indicators,
                           location=project.location, unplaced_rows=unplaced)  # fmt: skip
