"""Tables (from xlsx, docx, pdf) to a Document, through the one grid interpreter.

Readers only extract; this module decides what each table is: a block project
table, a wide table of many projects, a department-wide table (skipped, counted),
or the continuation of the previous table on a new page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from kpilint.framework.templates import vocabulary
from kpilint.model import Coverage, Diagnostic, Document, Location, Project
from kpilint.readers.grid import (
    Cell,
    GridRow,
    cell_key,
    interpret_project,
    interpret_wide,
    is_department_table,
    is_goals_only,
    is_self_evaluation,
    is_wide,
    label_of,
    looks_like_indicator_row,
    split_projects,
)
from kpilint.readers.page_classes import PageRoles
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
    roles: PageRoles = field(default_factory=lambda: PageRoles({}))


def _title_row(title: str, where: Location) -> GridRow:
    return [Cell(f"{title}绩效目标表" if not title.endswith("绩效目标表") else title, where)]


def read_tables(tables: list[Table], path: str) -> TableReading:
    reading = TableReading()
    streams: list[list[GridRow]] = [[]]  # each sheet that names a project starts its own
    block_rows = streams[0]
    wide_rows: list[GridRow] = []
    wide_header: tuple[int, dict[int, str]] | None = None
    previous = None
    last_title: str | None = None
    for table in tables:
        rows = [r for r in table.rows if any(clean_cell(c.text) for c in r)]
        if not rows:
            continue
        page = table.location.page if table.location else rows[0][0].location.page
        reading.stats["tables"] += 1
        _unit_info(rows, reading)
        if is_self_evaluation(rows, table.title):
            reading.roles.add(page, "self_evaluation")
            reading.stats["self_evaluation_tables"] = reading.stats.get("self_evaluation_tables", 0) + 1
            previous = "skipped"
            continue
        if is_department_table(rows) or _department_title(table.title):
            reading.stats["skipped_tables"] += 1
            reading.roles.add(page, "department")
            previous = "department"
            continue
        if previous == "department" and not _has_name(rows) and not _new_title(table.title, last_title):
            reading.roles.add(page, "department_continued")  # 部门整体 carried over a page
            continue
        wide = is_wide(rows)
        if not wide and is_goals_only(rows):
            reading.roles.add(page, "goals_only")
            reading.stats["goals_only_tables"] = reading.stats.get("goals_only_tables", 0) + 1
            previous = "skipped"
            continue
        if wide or (previous == "wide" and _continues(rows)):
            if wide and wide_header is None:
                wide_header = (len(wide_rows) + wide[0], wide[1])
            wide_rows.extend(rows)
            previous = "wide"
            continue
        if table.location and table.location.sheet and block_rows and _has_name(rows):
            block_rows = []  # a workbook's sheet: its project ends where the sheet does
            streams.append(block_rows)
        if table.title and not _has_name(rows) and _new_title(table.title, last_title):
            block_rows.append(_title_row(table.title, table.location or rows[0][0].location))
        if table.title:
            last_title = table.title
        block_rows.extend(rows)
        previous = "block"
    if wide_header is not None:
        projects, diags, unit = interpret_wide(wide_rows, wide_header[0], wide_header[1], path)
        reading.projects.extend(projects)
        reading.diagnostics.extend(diags)
        reading.unit_code = reading.unit_code or unit.get("code")
        reading.unit_name = reading.unit_name or unit.get("name")
    for block in (b for stream in streams for b in split_projects(stream)):
        if not any(
            cell_key(clean_cell(c.text)) in ("name", "code") for row in block for c in row
        ) and not any(
            squash(clean_cell(c.text)).endswith("绩效目标表") for row in block for c in row
        ):
            _orphan_rows(block, reading)  # text before the first table, or rows of no project
            continue
        project, diags = interpret_project(block, path)
        if _is_empty_form(project):
            reading.stats["empty_tables"] = reading.stats.get("empty_tables", 0) + 1
            reading.roles.add(project.location.page if project.location else None, "blank")
            continue  # a blank form published as is: nothing to check
        if any(d.code == "unplaced-row" for d in diags):  # its reading may be incomplete
            project = replace(project, reading_notes=(*project.reading_notes, "rows-unplaced"))
        reading.projects.append(project)
        reading.diagnostics.extend(diags)
    reading.projects.sort(key=_position)  # wide and block tables in document order
    reading.stats["projects"] = len(reading.projects)
    reading.stats["unplaced_rows"] = sum(1 for d in reading.diagnostics if d.code == "unplaced-row")
    for d in reading.diagnostics:
        if d.code == "unplaced-row":
            reading.roles.add(d.location.page, "unplaced")
    return reading


def _position(project: Project) -> tuple[float, float]:
    where = project.location
    if where is None or where.page is None:
        return (0, 0)
    return (where.page, where.bbox[1] if where.bbox else 0)


def _new_title(title: str | None, last: str | None) -> bool:
    """A title that is not the one the previous table printed: Shandong repeats its generic
    title (政策和项目预算绩效目标表) on each page of one project; Fujian names each project."""
    return bool(title) and (last is None or squash(title or "") != squash(last))


def _department_title(title: str | None) -> bool:
    words = vocabulary()
    return bool(title) and any(w in squash(title or "") for w in words.department_titles)


def _orphan_rows(block: list[GridRow], reading: TableReading) -> None:
    """Rows before any project's name: document titles and units are expected there; an
    indicator row is not, and is reported instead of dropped."""
    for row in block:
        texts = [clean_cell(c.text) for c in row if clean_cell(c.text)]
        if texts and looks_like_indicator_row(texts):
            where = next(c.location for c in row if clean_cell(c.text))
            reading.diagnostics.append(
                Diagnostic(
                    "unplaced-row",
                    f"此行不属于任何项目（表前没有项目名称）：{' | '.join(texts)}",
                    where,
                )
            )


def _is_empty_form(project: Project) -> bool:
    b = project.budget
    no_values = all(not i.value_text and not i.name for i in project.indicators)
    return (
        not project.name and not project.code and b.total is None and b.fiscal is None and no_values
    )


def _has_name(rows: list[GridRow]) -> bool:
    return any(cell_key(clean_cell(c.text)) in ("name", "code") for row in rows[:6] for c in row)


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
                extra_diagnostics: list[Diagnostic] | None = None,
                coverage: Coverage | None = None) -> Document:  # fmt: skip
    """The document of a reading; its coverage counted here unless the reader accounted for
    its pages itself (a PDF)."""
    return Document(
        path=path, unit_code=reading.unit_code, unit_name=reading.unit_name, year=year,
        money_unit=reading.money_unit, projects=tuple(reading.projects), template=template,
        diagnostics=tuple(reading.diagnostics + (extra_diagnostics or [])),
        stats=MappingProxyType(dict(reading.stats)),
        coverage=coverage if coverage is not None else Coverage.of(reading.projects, reading.diagnostics, reading.stats["tables"]),
    )  # fmt: skip


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None
