"""Shapes kpilint recognises so as to skip them on purpose, and says so.

- **self-evaluation tables** (绩效自评表: 实际完成值, 自评得分 columns, or a 自评 title): the
  year's results, not its targets;
- **goals-only lists** (项目名称 | 绩效目标 and no indicator rows): nothing to check a value
  against;
- **blank forms** (a template published unfilled: no name, no amounts, placeholders
  where values go).

Each is counted and its pages are named in a note (KPI014), never passed over in
silence. Fixture: tests/test_pdf_pages.py::test_self_evaluation_blank_form_and_goals_list….
"""

from __future__ import annotations

from kpilint.framework.templates import vocabulary
from kpilint.model import Project
from kpilint.readers.grid import (
    GridRow,
    cell_label,
    clean_cell,
    header_map,
    looks_like_indicator_row,
    marks,
    squash,
    texts,
)


def is_self_evaluation(rows: list[GridRow], title: str | None = None) -> bool:
    """A self-evaluation (执行结果) table: 实际完成值 / 自评得分 columns, or a 自评 title."""
    words = vocabulary()
    if title and any(w in squash(title) for w in words.self_evaluation_titles):
        return True
    cells = marks(rows[:10])
    return bool(cells & words.self_evaluation_columns) or any(
        c.endswith(words.target_suffix[-1:]) and any(w in c for w in words.self_evaluation_titles)
        for c in cells
    )


def is_goals_only(rows: list[GridRow]) -> bool:
    """A list of projects with their goals and no indicator table (项目名称 | 绩效目标 columns)."""
    if any(header_map(row) for row in rows) or any(
        looks_like_indicator_row([t for t in texts(row) if t]) for row in rows
    ):
        return False
    return any({"name", "goals"} <= {cell_label(c) for c in row if clean_cell(c.text)} for row in rows[:4])


def is_blank_form(project: Project) -> bool:
    """A project table published as an unfilled form: nothing to check."""
    b = project.budget
    no_values = all(not i.value_text and not i.name for i in project.indicators)
    return not project.name and not project.code and b.total is None and b.fiscal is None and no_values
