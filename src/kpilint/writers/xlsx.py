"""Write a Document as workbooks in the Hebei template, and annotate a user's workbook.

`write_xlsx`: a 部门信息 sheet, then one sheet per project laid out like the printed
table (merged title and label cells, column widths, number formats), which the
xlsx reader reads back to an equal Document.

`annotate_xlsx`: a copy of the user's own workbook with each problem cell filled
(red error, amber warning, blue info) and a comment holding the rule and message,
plus a `kpilint` sheet listing every finding with a link to its cell.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from kpilint.draft_format import DEPARTMENT_SHEET, DEPARTMENT_SHEET_LABELS, WRITTEN_VALUE_STYLE
from kpilint.errors import ReadError
from kpilint.findings import Finding
from kpilint.model import Document, Project

_WIDTHS = {"A": 14, "B": 16, "C": 24, "D": 30, "E": 16, "F": 20, "G": 12, "H": 12, "I": 10}
_PERCENT = re.compile(r"^(\d+)(?:\.(\d+))?%$")
_PLAIN = re.compile(r"^(\d+)(?:\.(\d+))?$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


#: what a spreadsheet reads as the start of a formula when the cell is edited (OWASP)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def text_cell(cell: Any, text: str) -> Any:
    """`text` in `cell` as data: a string cell (never a formula, whatever it starts with),
    control characters XML cannot hold removed, and a text that a spreadsheet would take
    for a formula when the cell is next edited marked with a quote prefix (as typing
    `'=…` in Excel does). Returns the cell."""
    cell.value = _ILLEGAL.sub("", text)
    cell.data_type = "s"
    if cell.value.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def _set(
    ws, ref: str, value, *, bold: bool = False, center: bool = False, fmt: str | None = None,
    written: bool = False,
) -> None:
    """A cell of the workbook; `written` marks a value (not a label, header or title) with
    the style its reader knows, so that no value is read back as a label."""
    from openpyxl.styles import Alignment, Font

    cell = ws[ref]
    if written:
        cell.style = WRITTEN_VALUE_STYLE
    if isinstance(value, str):
        text_cell(cell, value)  # text as typed: `=…` or `1` stay text, not a formula or number
    else:
        cell.value = value
    if fmt:
        cell.number_format = fmt
    cell.alignment = Alignment(
        wrap_text=True, vertical="center", horizontal="center" if center else None
    )
    if bold:
        cell.font = Font(bold=True)


def _number_format(value: float) -> str:
    return "0.00" if round(value, 2) == value else "General"


def _plan_cell(text: str) -> tuple[object, str | None]:
    """`10%` as the number 0.1 shown as a percent, `100.00` as a number; anything else as text."""
    if m := _PERCENT.match(text):
        decimals = len(m.group(2) or "")
        return float(text[:-1]) / 100, "0." + "0" * decimals + "%" if decimals else "0%"
    if m := _PLAIN.match(text):
        decimals = len(m.group(2) or "")
        return float(text), "0." + "0" * decimals if decimals else "0"
    return text, None


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name or "项目")[:28] or "项目"
    title, n = base, 2
    while title in used:
        title = f"{base[:26]}{n}"
        n += 1
    used.add(title)
    return title


def _project_sheet(ws, number: int, doc: Document, p: Project) -> None:
    from openpyxl.styles import Border, Side

    extra = [
        k
        for k in ("unit", "comparator", "weight")
        if any(getattr(i, k) is not None for i in p.indicators)
    ]
    last_col = max("G", chr(ord("F") + len(extra)))
    row = 1
    if p.name:
        ws.merge_cells(f"A1:{last_col}1")
        _set(ws, "A1", f"{number}.{p.name}绩效目标表", bold=True, center=True)
        row = 2
    ws.merge_cells(f"A{row}:E{row}")
    _set(ws, f"A{row}", f"{doc.unit_code or ''} {doc.unit_name or ''}".strip())
    _set(ws, f"F{row}", f"单位：{doc.money_unit}")
    row += 1
    _set(ws, f"A{row}", "项目编码", bold=True)
    ws.merge_cells(f"B{row}:C{row}")
    _set(ws, f"B{row}", p.code or "", written=True)
    _set(ws, f"D{row}", "项目名称", bold=True)
    ws.merge_cells(f"E{row}:{last_col}{row}")
    _set(ws, f"E{row}", p.name or "", written=True)
    row += 1
    row = _header_rows(ws, row, p, last_col)
    ws.merge_cells(f"A{row}:A{row + 1}")
    _set(ws, f"A{row}", "预算规模及资金用途", bold=True)
    b = p.budget
    for col, label, amount in (
        ("B", "预算数", b.total),
        ("D", "其中：财政资金", b.fiscal),
        ("F", "其他资金", b.other),
    ):
        _set(ws, f"{col}{row}", label, bold=True)
        nxt = chr(ord(col) + 1)
        if amount is not None:
            _set(ws, f"{nxt}{row}", amount, fmt=_number_format(amount), written=True)
    if b.carryover is not None:
        _set(ws, f"H{row}", "上年结转", bold=True)
        _set(ws, f"I{row}", b.carryover, fmt=_number_format(b.carryover), written=True)
    ws.merge_cells(f"B{row + 1}:{last_col}{row + 1}")
    _set(ws, f"B{row + 1}", p.purpose, written=True)
    row += 2
    if p.spend_plan is not None:
        _set(
            ws,
            f"A{row}",
            "资金支出计划（%）" if p.spend_plan.declared_percent else "资金支出计划（金额）",
            bold=True,
        )
        for k, c in enumerate(p.spend_plan.checkpoints):
            col = chr(ord("B") + k)
            _set(ws, f"{col}{row}", c.label, center=True)
            value, fmt = _plan_cell(c.text)
            _set(ws, f"{col}{row + 1}", value, center=True, fmt=fmt, written=True)
        row += 2
    goals = list(p.goals) or [""]
    if len(goals) > 1:
        ws.merge_cells(f"A{row}:A{row + len(goals) - 1}")
    _set(ws, f"A{row}", "绩效目标", bold=True)
    for k, goal in enumerate(goals):
        ws.merge_cells(f"B{row + k}:{last_col}{row + k}")
        _set(ws, f"B{row + k}", goal, written=True)
    row += len(goals)
    headers = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    headers += [
        {"unit": "度量单位", "comparator": "指标值类型", "weight": "分值"}[k] for k in extra
    ]
    for k, text in enumerate(headers):
        _set(ws, f"{chr(ord('A') + k)}{row}", text, bold=True, center=True)
    row += 1
    for ind in p.indicators:
        values = [ind.level1, ind.level2, ind.name, ind.description, ind.value_text, ind.basis]
        values += [getattr(ind, k) or "" for k in extra]
        for k, text in enumerate(values):
            _set(ws, f"{chr(ord('A') + k)}{row}", text, written=True)
        row += 1
    thin = Side(style="thin", color="999999")
    for line in ws.iter_rows(min_row=1, max_row=row - 1, max_col=ord(last_col) - 64):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, width in _WIDTHS.items():
        ws.column_dimensions[col].width = width


def _header_rows(ws, row: int, p: Project, last_col: str) -> int:
    """The header fields a project has (and its 实施期 total), two label–value pairs a row
    (`label | value` in A–C and D–last), as declaration forms print them; returns the next row."""
    pairs: list[tuple[str, object]] = [(p.header.FIELDS[f], text) for f, text in p.header.items()]
    if p.budget.period_total is not None:
        pairs.insert(0, ("实施期资金总额", p.budget.period_total))
    for k in range(0, len(pairs), 2):
        for (label, value), (at, span) in zip(pairs[k : k + 2], (("A", "C"), ("D", last_col)), strict=False):
            _set(ws, f"{at}{row}", label, bold=True)
            value_at = chr(ord(at) + 1)
            ws.merge_cells(f"{value_at}{row}:{span}{row}")
            fmt = _number_format(value) if isinstance(value, float) else None
            _set(ws, f"{value_at}{row}", value, fmt=fmt)
        row += 1
    return row


def write_xlsx(doc: Document, path: str | Path | BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import NamedStyle

    wb = Workbook()
    wb.add_named_style(NamedStyle(name=WRITTEN_VALUE_STYLE))
    info = wb.active
    info.title = DEPARTMENT_SHEET
    values = (doc.unit_code or "", doc.unit_name or "", doc.year if doc.year is not None else "", doc.money_unit,
              doc.overall_goals)  # fmt: skip
    for r, (label, value) in enumerate(zip(DEPARTMENT_SHEET_LABELS, values, strict=True), start=1):
        _set(info, f"A{r}", label, bold=True)
        _set(info, f"B{r}", value, written=True)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 18, 80
    used = {DEPARTMENT_SHEET}
    for n, project in enumerate(doc.projects, start=1):
        _project_sheet(
            wb.create_sheet(_sheet_title(project.name or f"项目{n}", used)), n, doc, project
        )
    wb.save(path)


def annotate_xlsx(source: str | Path, findings: Iterable[Finding], target: str | Path, lang: str = "zh",
                  max_cells: int | None = None) -> int:  # fmt: skip
    """Write a copy of `source` with findings marked; returns how many cells were marked.
    Every text written is a string cell that cannot start a formula (`text_cell`)."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    wb = load_workbook(source)
    cells = sum(len(ws._cells) for ws in wb.worksheets)
    if max_cells is not None and cells > max_cells:
        raise ReadError(str(source), f"工作簿单元格过多（{cells} 个，上限 {max_cells}），未标注",
                        hint="在 .kpilint.yaml 的 limits.max_cells 中放宽")  # fmt: skip
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    listed = list(findings)
    for f in listed:
        if f.cell and "!" in f.cell:
            sheet, ref = f.cell.rsplit("!", 1)
            if sheet in wb.sheetnames:
                by_cell[(sheet, ref)].append(f)
    rank = {"info": 0, "warning": 1, "error": 2}
    for (sheet, ref), group in by_cell.items():
        cell = wb[sheet][ref]
        worst = max(group, key=lambda f: rank[f.severity]).severity
        cell.fill = PatternFill("solid", fgColor=FILL[worst])
        text = "\n".join(f"{f.rule} {f.name} [{f.severity}]\n{f.message}" for f in group)
        cell.comment = Comment(text, "kpilint", width=360, height=40 + 60 * len(group))
    summary = wb.create_sheet("kpilint", 0)
    heads = ["规则", "名称", "级别", "消息", "项目", "指标", "位置"] if lang != "en" else \
        ["rule", "name", "severity", "message", "project", "indicator", "cell"]  # fmt: skip
    for k, text in enumerate(heads, start=1):
        text_cell(summary.cell(1, k), text).font = Font(bold=True)
    for r, f in enumerate(listed, start=2):
        row = [
            f.rule,
            f.name,
            f.severity,
            f.message,
            f.project_name or "",
            f.indicator or "",
            f.cell or f.where,
        ]
        for k, text in enumerate(row, start=1):
            text_cell(summary.cell(r, k), text)
        if f.cell and "!" in f.cell:
            sheet, ref = f.cell.rsplit("!", 1)
            link = summary.cell(r, 7)
            quoted = sheet.replace("'", "''")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!{ref}")
            link.font = Font(color="0563C1", underline="single")
        summary.cell(r, 3).fill = PatternFill("solid", fgColor=FILL[f.severity])
    for col, width in zip("ABCDEFG", (9, 26, 8, 70, 24, 24, 16), strict=True):
        summary.column_dimensions[col].width = width
    wb.save(target)
    return len(by_cell)
