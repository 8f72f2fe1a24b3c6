"""Tables (from xlsx, docx, pdf) to a Document, through the one grid interpreter.

Readers only extract; this module decides what each table is: a block project
table, a wide table of many projects, a department-wide table (skipped, counted),
or the continuation of the previous table on a new page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType

from kpilint.model import Diagnostic, Document, Location, Project
from kpilint.readers.grid import (
    Cell,
    GridRow,
    interpret_project,
    interpret_wide,
    is_department_table,
    is_wide,
    label_of,
    split_projects,
)
from kpilint.readers.vocabulary import UNIT_LINE, clean_cell, squash

_MONEY_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
_YEAR = re.compile(r"(20\d{2})\s*年\s*(?:度)?\s*(?:部门预算|部门决算|预算|项目支出)")


@dataclass
class Table:
    rows: list[GridRow]
    title: str | None = None  # a title printed above the table (…项目绩效目标表)
    location: Location | None = None


@dataclass
class TableReading:
    projects: list[Project] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unit_code: str | None = None
    unit_name: str | None = None
    money_unit: str = "万元"
    stats: dict[str, int] = field(
        default_factory=lambda: {"tables": 0, "projects": 0, "skipped_tables": 0}
    )


def _title_row(title: str, where: Location) -> GridRow:
    return [Cell(f"{title}绩效目标表" if not title.endswith("绩效目标表") else title, where)]


def read_tables(tables: list[Table], path: str) -> TableReading:
    reading = TableReading()
    block_rows: list[GridRow] = []
    wide_rows: list[GridRow] = []
    wide_header: tuple[int, dict[int, str]] | None = None
    previous = None
    for table in tables:
        rows = [r for r in table.rows if any(clean_cell(c.text) for c in r)]
        if not rows:
            continue
        reading.stats["tables"] += 1
        _unit_info(rows, reading)
        if is_department_table(rows):
            reading.stats["skipped_tables"] += 1
            previous = "department"
            continue
        wide = is_wide(rows)
        if wide or (previous == "wide" and _continues(rows)):
            if wide and wide_header is None:
                wide_header = (len(wide_rows) + wide[0], wide[1])
            wide_rows.extend(rows)
            previous = "wide"
            continue
        if table.title and not _has_name(rows):
            block_rows.append(_title_row(table.title, table.location or rows[0][0].location))
        block_rows.extend(rows)
        previous = "block"
    if wide_header is not None:
        projects, diags, unit = interpret_wide(wide_rows, wide_header[0], wide_header[1], path)
        reading.projects.extend(projects)
        reading.diagnostics.extend(diags)
        reading.unit_code = reading.unit_code or unit.get("code")
        reading.unit_name = reading.unit_name or unit.get("name")
    for block in split_projects(block_rows):
        if not any(
            label_of(clean_cell(c.text)) in ("name", "code") for row in block for c in row
        ) and not any(
            squash(clean_cell(c.text)).endswith("绩效目标表") for row in block for c in row
        ):
            continue  # text before the first table: titles of the whole document, units
        project, diags = interpret_project(block, path)
        if _is_empty_form(project):
            reading.stats["empty_tables"] = reading.stats.get("empty_tables", 0) + 1
            continue  # a blank form published as is: nothing to check
        reading.projects.append(project)
        reading.diagnostics.extend(diags)
    reading.stats["projects"] = len(reading.projects)
    reading.stats["unplaced_rows"] = sum(1 for d in reading.diagnostics if d.code == "unplaced-row")
    return reading


def _is_empty_form(project: Project) -> bool:
    b = project.budget
    no_values = all(not i.value_text and not i.name for i in project.indicators)
    return (
        not project.name and not project.code and b.total is None and b.fiscal is None and no_values
    )


def _has_name(rows: list[GridRow]) -> bool:
    return any(label_of(clean_cell(c.text)) in ("name", "code") for row in rows[:6] for c in row)


def _continues(rows: list[GridRow]) -> bool:
    return not _has_name(rows)


def _unit_info(rows: list[GridRow], reading: TableReading) -> None:
    for row in rows[:4]:
        for cell in row:
            text = clean_cell(cell.text)
            if (m := UNIT_LINE.match(text)) and reading.unit_code is None:
                reading.unit_code, reading.unit_name = m.group(1), m.group(2)
            if m2 := _MONEY_UNIT.search(text):
                reading.money_unit = m2.group(1)
    if reading.unit_name is None:
        for row in rows[:6]:
            cells = [clean_cell(c.text) for c in row if clean_cell(c.text)]
            for j, text in enumerate(cells[:-1]):
                if label_of(text) == "department" and label_of(cells[j + 1]) is None:
                    reading.unit_name = re.sub(r"^\[\d+\]|^\d+_", "", cells[j + 1])
                    return


def to_document(reading: TableReading, path: str, template: str, year: int | None = None,
                extra_diagnostics: list[Diagnostic] | None = None) -> Document:  # fmt: skip
    return Document(
        path=path, unit_code=reading.unit_code, unit_name=reading.unit_name, year=year,
        money_unit=reading.money_unit, projects=tuple(reading.projects), template=template,
        diagnostics=tuple(reading.diagnostics + (extra_diagnostics or [])),
        stats=MappingProxyType(dict(reading.stats)),
    )  # fmt: skip


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None
