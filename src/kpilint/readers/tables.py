"""Tables (from xlsx, docx, pdf, extracted text) to a Document, through the table shapes.

Readers only extract; each table's shape (`readers.shapes`) decides what it is: a block
project table, a wide table of many projects, a department-wide table, a table skipped on
purpose (self-evaluation, goals-only list, blank form), or the continuation of the
previous table on a new page. Every table is counted, and every page it came from given
a role, so that the reader can account for all of its input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from types import MappingProxyType

from kpilint.framework.templates import alternation, vocabulary
from kpilint.model import Coverage, DepartmentTable, Diagnostic, Document, Location, Project
from kpilint.readers.grid import (
    Cell,
    GridRow,
    cell_label,
    clean_cell,
    header_map,
    looks_like_indicator_row,
    texts,
)
from kpilint.readers.page_classes import PageRoles
from kpilint.readers.page_cuts import join_cut_cells
from kpilint.readers.shapes import (
    BLOCK,
    DEPARTMENT,
    GOALS_ONLY,
    SELF_EVALUATION,
    WIDE,
    TableShape,
    names_project,
    new_title,
    recognise,
)
from kpilint.readers.shapes.block import interpret_project, names_a_project, split_projects
from kpilint.readers.shapes.department import read_department, split_department
from kpilint.readers.shapes.project import unplaced
from kpilint.readers.shapes.skipped import is_blank_form
from kpilint.readers.shapes.wide import interpret_wide, wide_header
from kpilint.readers.vocabulary import money_unit_in, squash, unit_line


@dataclass
class Table:
    rows: list[GridRow]
    title: str | None = None  # a title printed above the table (…项目绩效目标表)
    location: Location | None = None
    heading: str | None = None  # the nearest heading above the table, whatever it says


@dataclass
class TableReading:
    projects: list[Project] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unit_code: str | None = None
    unit_name: str | None = None
    money_unit: str = field(default_factory=lambda: vocabulary().default_money_unit)
    stats: dict[str, int] = field(
        default_factory=lambda: {"tables": 0, "projects": 0, "skipped_tables": 0}
    )
    roles: PageRoles = field(default_factory=lambda: PageRoles({}))
    department_tables: list[DepartmentTable] = field(default_factory=list)
    #: (where, shape) of every table read, in order: the accounting of readers without pages
    shapes: list[tuple[Location | None, str]] = field(default_factory=list)
    #: where each table published as an unfilled form starts (read, with nothing to check)
    blank_forms: list[Location] = field(default_factory=list)

    def count(self, stat: str) -> None:
        self.stats[stat] = self.stats.get(stat, 0) + 1

    def add(self, project: Project, diagnostics: list[Diagnostic]) -> None:
        """A project read, with what its reading could not place."""
        if any(d.code == "unplaced-row" for d in diagnostics):  # its reading may be incomplete
            project = replace(project, reading_notes=(*project.reading_notes, "rows-unplaced"))
        self.projects.append(project)
        self.diagnostics.extend(diagnostics)


def _title_row(title: str, where: Location) -> GridRow:
    suffix = vocabulary().target_suffix
    return [Cell(title if title.endswith(suffix) else f"{title}{suffix}", where)]


#: what each skipped shape adds to the stats, and the role its page gets
_SKIPPED = {SELF_EVALUATION.name: "self_evaluation_tables", GOALS_ONLY.name: "goals_only_tables"}


def read_tables(tables: list[Table], path: str, reading: TableReading | None = None) -> TableReading:
    """Every table by its shape; projects in document order. `reading`: a reading the
    caller began (projects it read by other means), to be completed."""
    reading = reading or TableReading()
    streams: list[list[GridRow]] = [[]]  # each workbook sheet that names a project starts its own
    block_rows = streams[0]
    wide_rows: list[GridRow] = []
    wide_start: tuple[int, dict[int, str]] | None = None
    previous: TableShape | None = None
    last_title: str | None = None
    department: list[tuple[str | None, list[GridRow]]] = []  # (title, rows) of each 部门整体 table
    headings: dict[Location, str] = {}  # where a table's first row starts → the heading above it
    for table in tables:
        rows = [r for r in table.rows if any(clean_cell(c.text) for c in r)]
        if not rows:
            continue
        page = table.location.page if table.location else rows[0][0].location.page
        reading.stats["tables"] += 1
        _unit_info(rows, reading)
        shape, continued = recognise(rows, table.title, previous, last_title)
        reading.shapes.append((table.location, shape.name))
        if shape.name in _SKIPPED:
            reading.roles.add(page, shape.name)
            reading.count(_SKIPPED[shape.name])
            previous = None
        elif shape is DEPARTMENT:
            repeated = bool(department) and previous is DEPARTMENT and not names_project(rows) and \
                squash(table.title or "") == squash(department[-1][0] or "")  # its title on each page
            if (continued or repeated) and department:
                department[-1][1].extend(rows)
            else:
                reading.stats["skipped_tables"] += 1
                department.append((table.title, list(rows)))
            reading.roles.add(page, "department_continued" if continued else "department")
            previous = shape
        elif shape is WIDE:
            header = wide_header(rows)
            if header and wide_start is None:
                wide_start = (len(wide_rows) + header[0], header[1])
            wide_rows.extend(rows)
            previous = shape
        else:
            if table.location and table.location.sheet and block_rows and names_project(rows):
                block_rows = []  # a workbook's sheet: its project ends where the sheet does
                streams.append(block_rows)
            if table.title and not names_project(rows) and new_title(table.title, last_title):
                block_rows.append(_title_row(table.title, table.location or rows[0][0].location))
            if table.title:
                last_title = table.title
            if table.heading:
                headings[rows[0][0].location] = table.heading
            block_rows.extend(rows)
            previous = BLOCK
    if wide_start is not None:
        projects, diags, unit = interpret_wide(join_cut_cells(wide_rows), wide_start[0], wide_start[1], path)
        reading.projects.extend(projects)
        reading.diagnostics.extend(diags)
        reading.unit_code = reading.unit_code or unit.get("code")
        reading.unit_name = reading.unit_name or unit.get("name")
    projects_of: list[list[GridRow]] = []
    for stream in streams:
        project_rows, inside = split_department(join_cut_cells(stream))
        projects_of.append(project_rows)
        department += [(None, rows) for rows in inside]
        for rows_of in inside:
            for page in {c.location.page for row in rows_of for c in row if c.location.page}:
                reading.roles.add(page, "department")
    reading.department_tables = [read_department(join_cut_cells(rows), path, title) for title, rows in department]
    reading.stats["department_tables"] = len(reading.department_tables)
    for block in (b for stream in projects_of for b in split_projects(stream)):
        if not names_a_project(block):
            _orphan_rows(block, reading, headings, path)  # text before the first table, or rows of no project
            continue
        project, diags = interpret_project(block, path)
        if is_blank_form(project):
            reading.count("empty_tables")
            if project.location:
                reading.blank_forms.append(project.location)
            reading.roles.add(project.location.page if project.location else None, "blank")
            continue  # a blank form published as is: nothing to check
        reading.add(project, diags)
    reading.projects.sort(key=_position)  # wide and block tables in document order
    reading.stats["projects"] = len(reading.projects)
    reading.stats["unplaced_rows"] = sum(1 for d in reading.diagnostics if d.code == "unplaced-row")
    for d in reading.diagnostics:
        if d.code == "unplaced-row":
            reading.roles.add(d.location.page, "unplaced")
    return reading


def _position(project: Project) -> tuple[float, float, float]:
    where = project.location
    if where is None:
        return (0, 0, 0)
    return (where.page or 0, where.line or 0, where.bbox[1] if where.bbox else 0)


def _orphan_rows(block: list[GridRow], reading: TableReading, headings: dict[Location, str], path: str) -> None:
    """Rows before any project's name. Document titles and units are expected there; an
    indicator table is not: it becomes a project named from the heading above it (and says
    so), or, with no heading, its rows are reported and its page fails the check."""
    rows = [row for row in block if (cells := [t for t in texts(row) if t]) and looks_like_indicator_row(cells)]
    if not rows:
        return
    headed = any(header_map(row) for row in block)
    heading = next((headings[row[0].location] for row in block if row and row[0].location in headings), None)
    if heading and headed:
        project, diags = interpret_project(block, path, title=heading)
        if project.indicators:
            named = replace(project, reading_notes=(*project.reading_notes, "name-from-heading"),
                            provenance=MappingProxyType({**project.provenance, "name": "inferred"}))  # fmt: skip
            reading.add(named, diags)
            return
    for row in rows:
        cells = [t for t in texts(row) if t]
        where = next(c.location for c in row if clean_cell(c.text))
        reading.diagnostics.append(unplaced(f"此行不属于任何项目（表前没有项目名称）：{' | '.join(cells)}", where))
    if headed or len(rows) > 1:
        where = next(c.location for c in rows[0] if clean_cell(c.text))
        page = f"第 {where.page} 页" if where.page else str(where)
        reading.diagnostics.append(Diagnostic(
            "no-projects", f"{page}有 {len(rows)} 行指标，却没有项目名称、表题或标题，未能归入任何项目，未经检查", where,
        ))  # fmt: skip


def _unit_info(rows: list[GridRow], reading: TableReading) -> None:
    for row in rows[:4]:
        for cell in row:
            text = clean_cell(cell.text)
            if (unit := unit_line(text)) and reading.unit_code is None:
                reading.unit_code, reading.unit_name = unit[0], unit[1]
            if declared := money_unit_in(text):
                reading.money_unit = declared
    if reading.unit_name is None:
        for row in rows[:6]:
            cells = [c for c in row if clean_cell(c.text)]
            for j, cell in enumerate(cells[:-1]):
                if cell_label(cell) == "department" and cell_label(cells[j + 1]) is None:
                    reading.unit_name = re.sub(r"^\[\d+\]|^\d+_", "", clean_cell(cells[j + 1].text))
                    return


def to_document(reading: TableReading, path: str, template: str, year: int | None = None,
                extra_diagnostics: list[Diagnostic] | None = None,
                coverage: Coverage | None = None, overall_goals: str = "") -> Document:  # fmt: skip
    """The document of a reading; its coverage counted here unless the reader accounted for
    its pages itself (a PDF)."""
    return Document(
        path=path, unit_code=reading.unit_code, unit_name=reading.unit_name, year=year,
        money_unit=reading.money_unit, projects=tuple(reading.projects), template=template,
        overall_goals=overall_goals,
        diagnostics=tuple(reading.diagnostics + (extra_diagnostics or [])),
        stats=MappingProxyType(dict(reading.stats)), department_tables=tuple(reading.department_tables),
        coverage=coverage if coverage is not None else Coverage.of(reading.projects, reading.diagnostics, reading.stats["tables"]),
    )  # fmt: skip


SKIPPED_TABLE_MESSAGES = {"self_evaluation": "是绩效自评表（实际完成值、得分），不是绩效目标表",
                   "goals_only": "是只列项目名称和绩效目标的清单，没有指标行",
                   "department": "是部门整体绩效目标表，单独读取，不计入项目"}  # fmt: skip


def account_tables(path: str, tables: list[Table], reading: TableReading) -> tuple[Coverage, list[Diagnostic]]:
    """The accounting of a reader whose input has tables but no pages (Word): every table
    that looks like a target table gave a project or rows, or was skipped on purpose, or is
    named; skipped tables are named with why; no project from target-looking tables fails
    the check, as a PDF's pages do."""
    from kpilint.readers.page_classes import page_hint

    used = {i.location.sheet for p in reading.projects for i in p.indicators if i.location}
    used |= {where.sheet for p in reading.projects for where in p.fields.values()}
    shape_of = {where.sheet: shape for where, shape in reading.shapes if where and where.sheet}
    unread: list[str] = []
    looked: list[str] = []
    skipped: dict[str, list[str]] = {}
    for table in tables:
        sheet = table.location.sheet if table.location else None
        if sheet is None:
            continue
        shape = shape_of.get(sheet)
        target = page_hint(" ".join(c.text for row in table.rows for c in row)).target
        if shape in SKIPPED_TABLE_MESSAGES:
            skipped.setdefault(shape, []).append(sheet)
        elif sheet in used:
            looked.append(sheet)
        elif target:
            unread.append(sheet)
    extra = [Diagnostic("unread-table", f"{sheet}看起来是项目绩效目标表，但没有读出任何项目或指标行，该表未经检查；"
                        "请用 kpilint show 查看，或附上文件报告问题", Location(path, sheet=sheet)) for sheet in unread]  # fmt: skip
    if not reading.projects and unread:
        extra.append(Diagnostic("no-projects", f"共 {len(tables)} 个表格，其中 {len(unread)} 个像项目绩效目标表，"
                                "却没有读出任何项目；本文件实际未经检查", Location(path, sheet=unread[0])))  # fmt: skip
    for shape, sheets in skipped.items():
        extra.append(Diagnostic("skipped-pages", f"{'、'.join(sheets)}{SKIPPED_TABLE_MESSAGES[shape]}，已跳过",
                                Location(path, sheet=sheets[0])))  # fmt: skip
    coverage = Coverage.of(reading.projects, reading.diagnostics, reading.stats["tables"], unread_tables=tuple(unread))
    return coverage, extra


@cache
def _year_pattern() -> re.Pattern[str]:
    return re.compile(rf"(20\d{{2}})\s*年\s*(?:度)?\s*(?:{alternation(vocabulary().year_titles)})")


def year_in(text: str) -> int | None:
    """The budget year a document's title gives (`2026年部门预算`)."""
    m = _year_pattern().search(text)
    return int(m.group(1)) if m else None
