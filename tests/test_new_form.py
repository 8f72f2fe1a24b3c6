"""`kpilint new`: an empty declaration workbook with help in Excel/WPS, read back exactly once
filled in, and opened by LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import kpilint
from kpilint.readers.legacy import office
from kpilint.readers.xlsx import read_xlsx


def _new(tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "申报表.xlsx"
    out = kpilint("new", "-o", str(path), *args)
    assert out.returncode == 0, out.stderr
    return path


def test_the_form_has_category_lists_a_dependent_second_level_and_value_help(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(_new(tmp_path, "--projects", "2"))
    assert wb.sheetnames == ["部门信息", "项目1", "项目2"]
    names = wb.defined_names
    assert {"产出指标", "效益指标", "满意度指标", "成本指标"} <= set(names.keys())
    dept = wb["部门信息"]
    listed = {dept[f"{c}{r}"].value for c, r in zip("KKKK", range(1, 5), strict=True)}
    assert listed == {"数量指标", "质量指标", "时效指标", "成本指标"}  # 产出指标's 二级
    for ws in wb.worksheets[1:]:
        header = next(c.row for c in ws["A"] if c.value == "一级指标")
        checks = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        first = header + 1
        one, two = checks[f"A{first}:A{first + 15}"], checks[f"B{first}:B{first + 15}"]
        assert one.type == "list" and one.formula1.endswith("$J$1:$J$4")
        assert two.type == "list" and two.formula1 == f"INDIRECT($A{first})"
        hint = checks[f"E{first}:E{first + 15}"]
        assert hint.showInputMessage and "≥90%" in hint.prompt and "万元" in hint.prompt
        rules = [r for cf in ws.conditional_formatting for r in cf.rules]
        assert any("满意" in r.formula[0] and '"%"' in r.formula[0] for r in rules)


def test_an_empty_form_checks_clean_and_never_overwrites(tmp_path: Path) -> None:
    path = _new(tmp_path)
    out = kpilint("check", str(path))
    assert out.returncode == 0 and "0 个项目" in out.stdout
    again = kpilint("new", "-o", str(path))
    assert again.returncode == 2 and "已存在" in again.stderr


def test_a_filled_form_reads_back_exactly(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _new(tmp_path)
    wb = load_workbook(path)
    dept, ws = wb["部门信息"], wb["项目1"]
    dept["B1"], dept["B2"], dept["B3"] = "307001", "示例县科学技术协会本级", 2026
    cells = {row[0].value: row[0] for row in ws.iter_rows() if row[0].value}
    code_row = cells["项目编码"].row
    ws[f"B{code_row}"], ws[f"E{code_row}"] = "13082626P002088100011", "科学技术普及经费"
    budget_row = cells["预算规模及资金用途"].row
    ws[f"C{budget_row}"], ws[f"E{budget_row}"], ws[f"B{budget_row + 1}"] = 12.0, 12.0, "科普活动"
    plan_row = cells["资金支出计划（%）"].row
    for col, text in zip("BCDE", ("10%", "60%", "90%", "100%"), strict=True):
        ws[f"{col}{plan_row + 1}"] = text
    ws[f"B{cells['绩效目标'].row}"] = "开展科普活动"
    first = cells["一级指标"].row + 1
    ws[f"C{first}"], ws[f"E{first}"], ws[f"F{first}"] = "开展科普专题活动次数", "≥4次", "计划标准"
    ws[f"A{first + 8}"], ws[f"B{first + 8}"] = "满意度指标", "服务对象满意度指标"
    ws[f"C{first + 8}"], ws[f"E{first + 8}"], ws[f"F{first + 8}"] = "群众满意度", "≥90%", "历史标准"
    wb.save(path)
    doc = read_xlsx(str(path))
    (p,) = doc.projects
    assert (doc.unit_code, doc.unit_name, doc.year) == ("307001", "示例县科学技术协会本级", 2026)
    assert (p.code, p.name, p.budget.total, p.budget.fiscal, p.purpose) == (
        "13082626P002088100011", "科学技术普及经费", 12.0, 12.0, "科普活动")  # fmt: skip
    assert [c.text for c in p.spend_plan.checkpoints] == ["10%", "60%", "90%", "100%"]
    assert p.goals == ("开展科普活动",)
    filled = [(i.level1, i.level2, i.name, i.value_text, i.basis) for i in p.indicators if i.name]
    assert filled == [("产出指标", "数量指标", "开展科普专题活动次数", "≥4次", "计划标准"),
                      ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "历史标准")]  # fmt: skip
    assert not doc.diagnostics


@pytest.mark.skipif(office() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_form(tmp_path: Path) -> None:
    path = _new(tmp_path)
    out = subprocess.run(
        [office(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "csv", "--outdir", str(tmp_path / "csv"), str(path)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert out.returncode == 0 and (tmp_path / "csv" / "申报表.csv").is_file(), out.stderr
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
