"""An empty declaration workbook to fill in (`kpilint new`), with help in Excel and WPS.

The layout is the Hebei workbook `convert` writes (so what an officer fills in is read back
by the same reader, exactly), one sheet per project, and on its indicator table:

- a drop-down list of the framework's 一级 on the 一级 column, and on the 二级 column a list
  that depends on the row's 一级 (`INDIRECT` of a defined name per 一级, on a hidden sheet);
- an input message on the 指标值 column: comparator, number, unit, with examples;
- conditional formatting that colours a satisfaction value written without `%`.

The frame lists one row per 二级 of 产出/效益/满意度 and blank rows below, so nothing a
template needs is missing and the officer deletes what does not apply (or writes 不适用).
"""

from __future__ import annotations

import io
from pathlib import Path

from kpilint.framework import FRAMEWORK
from kpilint.model import Checkpoint, Document, Indicator, Project, SpendPlan
from kpilint.writers.xlsx import DEPARTMENT_SHEET, write_xlsx

#: hidden columns of the 部门信息 sheet holding the 一级 list and each 一级's 二级
LISTS = "JKLMN"
#: indicator rows a project sheet offers, the frame's included
FORM_ROWS = 16
_PLAN = ("3月底", "6月底", "9月底", "12月底")
_VALUE_PROMPT = (
    "比较符 + 数字 + 单位，例如：≥90%、≤0.5万元、≥4次、2026年12月底前。"
    "满意度写百分比（≥90%）；成本写金额上限（≤12万元）；定性指标写“显著提升”等并说明依据。"
)
_SATISFACTION_WITHOUT_PERCENT = (
    'AND(LEN(${value}{row})>0,OR(ISNUMBER(SEARCH("满意",${level2}{row})),'
    'ISNUMBER(SEARCH("满意",${name}{row}))),ISERROR(SEARCH("%",${value}{row})))'
)


def blank_form(projects: int = 1, year: int | None = None) -> Document:
    """The document an empty form holds: each project with its spend-plan checkpoints, one
    row per 二级 of the framework's 产出/效益/满意度, and blank rows to FORM_ROWS."""
    frame = [
        Indicator(level1, level2, "")
        for level1 in ("产出指标", "效益指标", "满意度指标")
        for level2 in FRAMEWORK[level1][: 1 if level1 == "满意度指标" else None]
    ]
    rows = tuple(frame + [Indicator("", "", "")] * (FORM_ROWS - len(frame)))
    plan = SpendPlan(tuple(Checkpoint(label, None, "") for label in _PLAN))
    project = Project(code=None, name=None, spend_plan=plan, goals=("",), indicators=rows)
    return Document(path="", year=year, projects=(project,) * projects, template="form")


def write_form(path: str | Path, projects: int = 1, year: int | None = None) -> None:
    """Write the empty declaration workbook at `path` (the caller writes atomically)."""
    from openpyxl import load_workbook
    from openpyxl.workbook.defined_name import DefinedName


    buffer = io.BytesIO()  # the layout `convert` writes, then the help added to it
    write_xlsx(blank_form(projects, year), buffer)
    wb = load_workbook(buffer)
    # the lists sit in hidden columns of the 部门信息 sheet, which no reader takes for a
    # project table (a sheet of their own would be read as one)
    lists = wb[DEPARTMENT_SHEET]
    level1s = list(FRAMEWORK)
    for r, level1 in enumerate(level1s, start=1):
        lists[f"{LISTS[0]}{r}"] = level1
        column = LISTS[r]
        for k, level2 in enumerate(FRAMEWORK[level1], start=1):
            lists[f"{column}{k}"] = level2
        ref = f"'{DEPARTMENT_SHEET}'!${column}$1:${column}${len(FRAMEWORK[level1])}"
        wb.defined_names[level1] = DefinedName(level1, attr_text=ref)
    for column in LISTS[: len(level1s) + 1]:
        lists.column_dimensions[column].hidden = True
    for ws in wb.worksheets[1:]:
        header = next((c for row in ws.iter_rows() for c in row if c.value == "一级指标"), None)
        if header is not None:
            _indicator_help(ws, header.row, len(level1s))
    wb.save(path)


def _indicator_help(ws, header_row: int, level1_count: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    heads = {c.value: c.column_letter for c in ws[header_row] if c.value}
    level1, level2, name, value = (heads[h] for h in ("一级指标", "二级指标", "三级指标", "指标值"))
    first, last = header_row + 1, header_row + FORM_ROWS
    one = DataValidation(type="list", formula1=f"='{DEPARTMENT_SHEET}'!${LISTS[0]}$1:${LISTS[0]}${level1_count}",
                         allow_blank=True, showErrorMessage=True, errorTitle="一级指标",
                         error="请从列表中选择一级指标（产出、效益、满意度、成本）")  # fmt: skip
    two = DataValidation(type="list", formula1=f"INDIRECT(${level1}{first})", allow_blank=True,
                         showErrorMessage=True, errorTitle="二级指标",
                         error="请先选一级指标，再从列表中选择它下面的二级指标")  # fmt: skip
    hint = DataValidation(showInputMessage=True, promptTitle="指标值怎么写", prompt=_VALUE_PROMPT)
    one.add(f"{level1}{first}:{level1}{last}")
    two.add(f"{level2}{first}:{level2}{last}")
    hint.add(f"{value}{first}:{value}{last}")
    for validation in (one, two, hint):
        ws.add_data_validation(validation)
    formula = _SATISFACTION_WITHOUT_PERCENT.format(value=value, level2=level2, name=name, row=first)
    ws.conditional_formatting.add(
        f"{value}{first}:{value}{last}",
        FormulaRule(formula=[formula], fill=PatternFill("solid", fgColor="FFEB9C")),
    )
