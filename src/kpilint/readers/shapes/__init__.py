"""Table shapes: what a table is, and how its rows are read. One module per shape.

What a table *is* (`TABLE_SHAPES`, tried in order):

- `skipped.is_self_evaluation` — a 绩效自评表: skipped, counted, its pages named;
- `department` — the 部门整体 table: never a project's rows;
- `wide` — a row per indicator (or, with `packed`, per project), project fields as columns;
- `skipped.is_goals_only` — a list of project names and goals: skipped, named;
- `block` — the project table of labels, spend plan, goals and an indicator header.

How an indicator row's cells are laid out, decided by the header:
`categorised` (一级/二级/三级 columns), `uncategorised` (指标名称 | 指标性质 | 指标值 |
计量单位), `headerless` (rows printed without their header), `packed` (several
indicators in one cell). `project` turns what a shape found into a Project.

The words each shape recognises are in `framework/templates.yaml`: a new city's variant
of a known shape is a change there; a new shape is a module here, added to the registry.
A table that continues one of the shape before it on a new page (no project name of
its own, no new title) is read as that shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kpilint.readers.grid import GridRow, row_keys, squash
from kpilint.readers.shapes.department import is_department_table
from kpilint.readers.shapes.skipped import is_goals_only, is_self_evaluation
from kpilint.readers.shapes.wide import wide_header


@dataclass(frozen=True)
class TableShape:
    name: str
    #: does a table (its rows, the title printed above it) have this shape?
    recognise: Callable[[list[GridRow], str | None], bool]
    #: told by its own marks (a title, columns), whatever table came before it
    marked: bool = False
    #: does a table after one of this shape carry it on (rows, title, the last title)?
    continued_by: Callable[[list[GridRow], str | None, str | None], bool] | None = None


def names_project(rows: list[GridRow]) -> bool:
    """Does a table name a project (a name or code label in its first rows)?"""
    return any(row_keys(row) & {"name", "code"} for row in rows[:6])


def new_title(title: str | None, last: str | None) -> bool:
    """A title that is not the one the previous table printed: Shandong repeats its generic
    title (政策和项目预算绩效目标表) on each page of one project; Fujian names each project."""
    return bool(title) and (last is None or squash(title or "") != squash(last))


SELF_EVALUATION = TableShape("self_evaluation", is_self_evaluation, marked=True)
DEPARTMENT = TableShape(
    "department", is_department_table, marked=True,
    continued_by=lambda rows, title, last: not names_project(rows) and not new_title(title, last),
)  # fmt: skip
WIDE = TableShape(
    "wide", lambda rows, title: wide_header(rows) is not None,
    continued_by=lambda rows, title, last: not names_project(rows),
)  # fmt: skip
GOALS_ONLY = TableShape("goals_only", lambda rows, title: is_goals_only(rows))
BLOCK = TableShape("block", lambda rows, title: True)

#: every table shape, in the order they are tried; the block table takes what is left
TABLE_SHAPES: tuple[TableShape, ...] = (SELF_EVALUATION, DEPARTMENT, WIDE, GOALS_ONLY, BLOCK)


def recognise(rows: list[GridRow], title: str | None, previous: TableShape | None,
              last_title: str | None) -> tuple[TableShape, bool]:  # fmt: skip
    """The shape of a table, and whether it continues the previous table's."""
    for shape in TABLE_SHAPES:
        if shape.marked and shape.recognise(rows, title):
            return shape, False
    if previous is not None and previous.continued_by and previous.continued_by(rows, title, last_title):
        return previous, True
    return next(s for s in TABLE_SHAPES if not s.marked and s.recognise(rows, title)), False
