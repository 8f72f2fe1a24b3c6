"""Shape: the department-wide table (部门整体支出绩效目标表), not a project's.

    2026年部门整体支出绩效目标表
    部门名称 | 某某局
    年度主要任务 | …
    一级指标 | 二级指标 | 三级指标 | 指标值
    …

It is told by a 部门名称-like label in its first rows (`department_labels`), or by a
title naming 部门整体 (`titles.department`), wherever it appears; a table after it that
names no project and prints no new title is its continuation on the next page. Its
rows are never a project's. Fixture: tests/test_shapes.py.
"""

from __future__ import annotations

from kpilint.framework.templates import vocabulary
from kpilint.readers.grid import GridRow, marks, squash


def is_department_table(rows: list[GridRow], title: str | None = None) -> bool:
    """A 部门名称 label in the first rows, or a title (above the table or in it) naming
    部门整体. A project's goals may mention 部门整体: only a title counts."""
    words = vocabulary()
    if title and any(w in squash(title) for w in words.department_titles):
        return True
    cells = marks(rows[:8])
    return bool(cells & words.department_labels) or any(
        c.endswith(words.target_suffix) and any(w in c for w in words.department_titles)
        for c in cells
    )
