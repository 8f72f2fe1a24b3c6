"""Reader for published 绩效目标 documents as extracted text (the Hebei template).

Each project table starts at its 项目编码 cell. A table's rows arrive in one of
three shapes, told apart by their content:

- ``tabs``: one printed row per line, cells separated by tabs;
- ``cells``: one cell per line (tab-indented), rows separated by blank lines;
- ``wrapped``: cells flattened into lines wrapped at their column width.

The first two become grids for `grid.interpret_project`; the third goes through
`wrapped.read_rows` for its indicator rows and a reading of the flattened header
block for the rest. Department text before the tables gives the overall goals.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

from kpilint.model import (
    Budget,
    Checkpoint,
    Coverage,
    Diagnostic,
    Document,
    Location,
    Project,
    SpendPlan,
)
from kpilint.readers.grid import Cell, GridRow, interpret_project
from kpilint.readers.spend_plan import month_of_label
from kpilint.readers.vocabulary import UNIT_LINE, join_wraps, squash
from kpilint.readers.wrapped import Line, read_rows

_TITLE = re.compile(r"^\s*\d{1,3}\s*[.．、]\s*\S.*绩效目标表\s*$")
_YEAR_TITLE = re.compile(r"(20\d{2})\s*年\s*(?:度)?\s*部门预算")
_HEBEI_CODE = re.compile(r"^\d{6}(\d{2})P")
_TOC = re.compile(r"\.{4,}|…{2,}")
_GOALS_HEADING = re.compile(r"^(?:[一1][、.．])?(?:部门)?总体绩效目标(?:[:：](.*))?$")


def _is_code_line(text: str) -> bool:
    head = text.strip().split("\t")[0].split(" ")[0]
    return head == "项目编码"


def _shape(lines: list[str]) -> str:
    if any(
        line.count("\t") >= 2 and len([c for c in line.split("\t") if c.strip()]) >= 2
        for line in lines
    ):
        return "tabs"
    if sum(line.startswith("\t") for line in lines) > len([x for x in lines if x.strip()]) / 2:
        return "cells"
    return "wrapped"


def _grid(lines: list[str], first: int, shape: str, path: str) -> list[GridRow]:
    rows: list[GridRow] = []
    if shape == "tabs":
        for n, line in enumerate(lines, first):
            if line.strip():
                rows.append(
                    [
                        Cell(join_wraps(text), Location(path, n, col + 1))
                        for col, text in enumerate(line.split("\t"))
                    ]
                )
        return rows
    current: GridRow = []
    for n, line in enumerate(lines, first):
        if not line.strip() and line.count("\t") == 0:
            if current:
                rows.append(current)
            current = []
            continue
        current.append(Cell(join_wraps(line.removeprefix("\t")), Location(path, n, 2)))
    if current:
        rows.append(current)
    return rows


def _is_title_or_unit(line: str) -> bool:
    text = line.strip()
    if not text or UNIT_LINE.match(text) or squash(text).startswith("单位：") or text == "标表":
        return True
    return bool(re.match(r"^\d{1,3}\s*[.．、]", text)) and "绩效目" in text


def _block_end(lines: list[str], start: int, stop: int) -> int:
    """Where a project's lines end: before the next table's title and unit lines."""
    end = stop
    while end - 1 > start and _is_title_or_unit(lines[end - 1]):
        end -= 1
    return end


# --- the wrapped layout's header block ---------------------------------------------------------
def _flat(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    text, starts = "", []
    for number, line in lines:
        starts.append((len(text), number))
        text += line.strip()
    return text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    line = starts[0][1]
    for begin, number in starts:
        if begin > offset:
            break
        line = number
    return line


_W = r"\s*"
_HEADER_FIELDS = re.compile(
    rf"项{_W}目{_W}编{_W}码{_W}(?P<code>[0-9A-Za-z\s]+?){_W}项{_W}目{_W}名{_W}称{_W}(?P<name>.*?)"
    rf"{_W}预{_W}算{_W}规{_W}模.*?预{_W}算{_W}数{_W}(?P<total>[\d.,]*){_W}"
    rf"其{_W}中{_W}[:：]?{_W}财{_W}政{_W}资{_W}金{_W}(?P<fiscal>[\d.,]*){_W}"
    rf"其{_W}他{_W}资{_W}金{_W}(?P<other>[\d.,]*)(?P<purpose>.*?)"
    rf"资{_W}金{_W}支{_W}出{_W}计{_W}划{_W}(?P<plan>.*?)绩{_W}效{_W}目{_W}标(?P<goals>.*)$",
    re.S,
)
_PLAN_LABEL = re.compile(r"\d{1,2}\s*月底|第[一二三四]季度|[一二三四]季度")
_PLAN_VALUE = re.compile(r"\d+(?:\.\d+)?\s*%?")


def _wrapped_project(block: list[tuple[int, str]], path: str) -> tuple[Project, list[Diagnostic]]:
    header_end = next(
        (k for k, (_, t) in enumerate(block) if squash(t).startswith("一级指标")), len(block)
    )
    flat, starts = _flat(block[:header_end])
    diagnostics: list[Diagnostic] = []
    m = _HEADER_FIELDS.search(flat)
    first_line = block[0][0]
    if m is None:
        diagnostics.append(
            Diagnostic(
                "unplaced-row",
                "未能读出项目表头（项目编码、项目名称、预算数、资金支出计划、绩效目标）",
                Location(path, first_line),
            )
        )
        return Project(code=None, name=None, location=Location(path, first_line)), diagnostics
    where = {k: Location(path, _line_at(starts, m.start(k))) for k in m.groupdict()}
    number = lambda k: float(m.group(k).replace(",", "")) if m.group(k) else None  # noqa: E731
    plan_text = m.group("plan")
    labels = list(_PLAN_LABEL.finditer(plan_text))
    plan = None
    if labels:
        tail = plan_text[labels[-1].end() :]
        values = [v.group().replace(" ", "") for v in _PLAN_VALUE.finditer(tail)]
        values += [""] * (len(labels) - len(values))
        declared = "%" in plan_text[: labels[0].start()]
        loc = where["plan"]
        plan = SpendPlan(
            tuple(
                Checkpoint(lab.group(), month_of_label(lab.group()), val, loc)
                for lab, val in zip(labels, values, strict=False)
            ),
            declared,
            loc,
        )
    goals = _goal_lines(block, header_end, starts, m.start("goals"))
    body = [Line(t, n) for n, t in block[header_end:] if t.strip()]
    while body and not _row_start(body[0].text):  # the header row, maybe wrapped (…确定依\n据)
        body.pop(0)
    indicators, row_diags = read_rows(body, path)
    purpose = m.group("purpose").strip()
    budget = Budget(number("total"), number("fiscal"), number("other"))
    project = Project(
        code=squash(m.group("code")),
        name=m.group("name").strip() or None,
        budget=budget,
        purpose=purpose,
        spend_plan=plan,
        goals=goals,
        indicators=tuple(indicators),
        location=Location(path, first_line),
        fields=MappingProxyType(
            {
                "code": where["code"],
                "name": where["name"],
                "budget": where["total"],
                "purpose": where["purpose"],
                "spend_plan": where["plan"],
                "goals": where["goals"],
            }
        ),
    )
    return project, diagnostics + row_diags


def _row_start(text: str) -> bool:
    return not (squash(text).startswith(("一级指标", "指标值确定依", "据")) or squash(text) == "据")


def _goal_lines(
    block: list[tuple[int, str]], header_end: int, starts: list[tuple[int, int]], offset: int
) -> tuple[str, ...]:
    first = _line_at(starts, offset)
    lines = [t.strip() for n, t in block[:header_end] if n >= first and t.strip()]
    if lines:
        lines[0] = lines[0].split("绩效目标", 1)[-1].strip() if "绩效目标" in lines[0] else lines[0]
    goals: list[str] = []
    for line in lines:
        if not line:
            continue
        if re.match(r"^\d{1,2}\s*[.．、]", line) or not goals:
            goals.append(line)
        else:
            goals[-1] += line
    return tuple(goals)


# --- a project whose layout switches (wrapped lines on one page, a cell per line on the next) ---
_HEBEI_COLUMNS = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


def _kind(line: str) -> str:
    return "blank" if not line.strip() else ("cells" if line.startswith("\t") else "flat")


def _is_mixed(block: list[str]) -> bool:
    """Both layouts in one project: a few lines of each, not a stray tab."""
    kinds = [_kind(line) for line in block]
    return kinds.count("cells") >= 3 and kinds.count("flat") >= 3 and _shape(block) != "tabs"


def _runs(lines: list[str], first: int) -> list[tuple[str, list[str], int]]:
    """(kind, lines, first line number) of each stretch of one layout; blank lines stay with
    the stretch they are in (they separate rows of cells)."""
    runs: list[tuple[str, list[str], int]] = []
    for n, line in enumerate(lines, first):
        kind = _kind(line)
        if runs and (kind == "blank" or kind == runs[-1][0]):
            runs[-1][1].append(line)
        elif kind != "blank":
            runs.append((kind, [line], n))
    return runs


def _mixed_project(block: list[str], first: int, path: str) -> tuple[Project, list[Diagnostic]]:
    """The project's head read in its own layout; then each stretch of indicator rows in its
    own, the categories carried from one stretch to the next."""
    start = next(
        (k for k, line in enumerate(block) if squash(line).startswith("一级指标")), len(block)
    )
    head, body = block[:start], block[start:]
    if _shape(head) == "cells" and not _is_mixed(head):
        project, diagnostics = interpret_project(_grid(head, first, "cells", path), path)
    else:
        project, diagnostics = _wrapped_project(list(enumerate(head, first)), path)
    indicators = list(project.indicators)
    for kind, lines, number in _runs(body, first + start):
        if kind == "flat":
            rows = [Line(t, n) for n, t in enumerate(lines, number) if t.strip()]
            while rows and not _row_start(rows[0].text):
                rows.pop(0)
            found, diags = read_rows(rows, path)
        else:
            grid = _grid(lines, number, "cells", path)
            where = grid[0][0].location if grid and grid[0] else Location(path, number)
            if grid and not any(squash(c.text) == "一级指标" for c in grid[0]):
                grid.insert(0, [Cell(word, where) for word in _HEBEI_COLUMNS])
            if indicators:  # rows that go on under the previous page's categories
                grid.insert(1, [Cell(indicators[-1].level1, where), Cell(indicators[-1].level2, where)])
            read, diags = interpret_project(grid, path)
            found = [i for i in read.indicators if i.name or i.value_text or i.description]
            diags = [d for d in diags if d.code != "unplaced-row" or d.location.line != number]
        indicators.extend(found)
        diagnostics.extend(diags)
    return replace(project, indicators=tuple(indicators)), diagnostics


# --- the document ----------------------------------------------------------------------------
def _overall_goals(lines: list[str], end: int) -> str:
    start = None
    first = ""
    for k in range(end):
        m = _GOALS_HEADING.match(squash(lines[k]))
        if m and not _TOC.search(lines[k]):
            start, first = k, m.group(1) or ""
            break
    if start is None:
        return ""
    out = [first] if first else []
    for k in range(start + 1, end):
        text = squash(lines[k])
        if "分项绩效目标" in text or text.startswith(("二、", "三、")):
            break
        if lines[k].strip():
            out.append(lines[k].strip())
    return "".join(out)


def read_published_text(text: str, path: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    codes = [k for k, line in enumerate(lines) if _is_code_line(line)]
    diagnostics: list[Diagnostic] = []
    unit_code = unit_name = None
    money_unit = "万元"
    for line in lines:
        if m := UNIT_LINE.match(line):
            unit_code, unit_name = m.group(1), m.group(2)
            money_unit = m.group(3) or money_unit
            break
    projects: list[Project] = []
    shapes = set()
    for n, start in enumerate(codes):
        stop = codes[n + 1] if n + 1 < len(codes) else len(lines)
        end = _block_end(lines, start, stop)
        block = lines[start:end]
        shape = "mixed" if _is_mixed(block) else _shape(block)
        shapes.add(shape)
        if shape == "mixed":
            project, diags = _mixed_project(block, start + 1, path)
        elif shape == "wrapped":
            project, diags = _wrapped_project(list(enumerate(block, start + 1)), path)
        else:
            project, diags = interpret_project(_grid(block, start + 1, shape, path), path)
        projects.append(project)
        diagnostics.extend(diags)
    if not codes:
        diagnostics.append(
            Diagnostic(
                "no-tables",
                "文中没有找到项目绩效目标表（没有“项目编码”）；只读取了部门整体绩效目标",
                Location(path, 1),
            )
        )
    year = None
    if m := _YEAR_TITLE.search(text):
        year = int(m.group(1))
    elif projects and projects[0].code and (m := _HEBEI_CODE.match(projects[0].code)):
        year = 2000 + int(m.group(1))
    return Document(
        path=path,
        unit_code=unit_code,
        unit_name=unit_name,
        year=year,
        money_unit=money_unit,
        overall_goals=_overall_goals(lines, codes[0] if codes else len(lines)),
        projects=tuple(projects),
        template="hebei-text:" + "+".join(sorted(shapes)),
        diagnostics=tuple(diagnostics),
        coverage=Coverage.of(projects, diagnostics, tables=len(codes)),
    )
