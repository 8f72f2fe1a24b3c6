"""Declaration workbooks (申报表, one project per sheet): the real Shenzhen ones in
../shared/corpus/xlsx, and variants of their layout synthesized here with openpyxl.

The invariants: whatever cell a label sits in (shifted rows and columns, a value below its
label instead of beside it, blank rows, a sheet of another frame size), the same workbook
reads to the same projects, header fields, amounts and indicator rows; the form's title and
note rows are never indicators, its `不适用` rows are rows that do not apply, and its own
category names draw no finding.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import XLSX, kpilint
from kpilint import lint
from kpilint.readers.xlsx import read_xlsx

WORKBOOKS = sorted(XLSX.glob("*.xlsx")) if XLSX.is_dir() else []
needs_workbooks = pytest.mark.skipif(
    not WORKBOOKS, reason="../shared/corpus/xlsx/ is absent (it sits beside the project in CI)"
)

HEADER = [  # (label, value) pairs, two a row, as the Shenzhen form prints them
    ("项目编码：", "440306221390300900087"), ("项目名称：", "全国文明城市创建工作经费"),
    ("申请单位：", "深圳市宝安区松岗街道党建服务中心"), ("一级预算单位：", "深圳市宝安区松岗街道办事处（本级）"),
    ("实施期限：", "4"), ("项目类型：", "03 专项资金项目"),
    ("是否新增项目：", "否"), ("分配方式：", "因素法和项目法"),
    ("项目总金额（中期规划，万元）：", 90.0), ("本年度项目金额（万元）：", 30.0),
]  # fmt: skip
PROSE = [
    ("政策依据：", "根据《深圳市文明城市建设条例》设立"),
    ("测算依据：", "活动 3 场，每场 10 万元，合计 30 万元"),
    ("年度目标：", "推动全民阅读，提升市民综合文明素质"),
    ("长期目标（跨度多年的项目需填）：", "建成全国文明城市"),
]
FRAME = [  # 一级, 二级, 三级, 目标值, 指标解释; 一级 printed once per group (merged)
    ("产出", "数量", "活动场次", "≥3场", "考察开展活动场次"),
    ("", "质量", "活动参与率", "≥90%", "考察参与情况"),
    ("", "时效", "活动完成时间", "2023年12月30日前", "考察完成时间"),
    ("", "成本", "总成本", "≤30万元", "考察成本控制"),
    ("效益", "经济效益", "不适用", "不适用", "不适用"),
    ("", "社会效益", "市民文明素质", "明显提升", "考察活动效果"),
    ("", "生态效益", "不适用", "不适用", "不适用"),
    ("", "可持续影响", "不适用", "不适用", "不适用"),
    ("满意度", "服务对象满意度", "参与群众满意度", "≥95%", "考察群众满意度"),
    ("", "其他满意度", "不适用", "不适用", "不适用"),
]
NOTE = "备注：作为导入模板，置灰信息无需录入，作为导出模板，置灰信息系统自动带出。"


def write_form(path: Path, sheets: int = 2, *, top: int = 1, left: int = 1, below: bool = False,
               blank_rows: bool = False, frame: list | None = None, title: bool = True) -> None:  # fmt: skip
    """A declaration workbook in the Shenzhen layout, starting at (`top`, `left`); `below`
    puts each header value under its label; `blank_rows` adds empty rows between parts."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for n in range(1, sheets + 1):
        ws = wb.create_sheet(f"{n}.项目{n}")
        r = top

        def put(row: int, col: int, value: object, ws=ws) -> None:
            ws.cell(row, left + col - 1, value)

        if title:
            put(r, 1, "二级项目支出绩效目标申报表")
            ws.merge_cells(start_row=r, start_column=left, end_row=r, end_column=left + 4)
            r += 2 if blank_rows else 1
        pairs = [(label, f"{value}{n}" if label == "项目名称：" else value) for label, value in HEADER]
        pairs[0] = ("项目编码：", f"4403062213903009000{n:02d}")
        for k in range(0, len(pairs), 2):
            (l1, v1), (l2, v2) = pairs[k], pairs[k + 1]
            if below:
                put(r, 1, l1), put(r, 4, l2), put(r + 1, 1, v1), put(r + 1, 4, v2)
                r += 2
            else:
                put(r, 1, l1), put(r, 2, v1), put(r, 4, l2), put(r, 5, v2)
                r += 1
            if blank_rows:
                r += 1
        for label, value in PROSE:
            put(r, 1, label)
            if below:
                put(r + 1, 1, value)
                r += 1
            else:
                put(r, 2, value)
            r += 1
        for k, head in enumerate(("一级指标", "二级指标", "三级指标", "目标值", "指标解释"), 1):
            put(r, k, head)
        r += 1
        for row in frame or FRAME:
            for k, text in enumerate(row, 1):
                if text:
                    put(r, k, text)
            r += 1
        put(r, 1, NOTE)
    wb.save(path)


def reading(path: Path) -> list[tuple]:
    """What matters of a workbook's reading, without where each thing was."""
    doc = read_xlsx(str(path))
    return [
        (p.code, p.name, p.budget.total, p.budget.period_total, p.goals, p.header,
         [(i.level1, i.level2, i.name, i.value_text, i.description) for i in p.indicators])
        for p in doc.projects
    ]  # fmt: skip


def test_the_form_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "申报表.xlsx"
    write_form(path)
    doc = read_xlsx(str(path))
    assert [p.name for p in doc.projects] == ["全国文明城市创建工作经费1", "全国文明城市创建工作经费2"]
    p = doc.projects[0]
    assert p.code == "440306221390300900001"
    assert (p.budget.total, p.budget.period_total) == (30.0, 90.0)
    assert p.goals == ("推动全民阅读，提升市民综合文明素质",)
    h = p.header
    assert (h.implementing_unit, h.supervising_department) == (
        "深圳市宝安区松岗街道党建服务中心", "深圳市宝安区松岗街道办事处（本级）")  # fmt: skip
    assert (h.period, h.project_type, h.new_project, h.allocation) == ("4", "03 专项资金项目", "否", "因素法和项目法")
    assert h.policy_basis.startswith("根据《") and h.calculation_basis.endswith("30 万元")
    assert h.long_term_goals == "建成全国文明城市"
    assert [i.name for i in p.indicators if i.name] == [row[2] for row in FRAME]
    assert not doc.diagnostics, "no title, note or header row left unread"
    assert p.where("policy_basis").cell == "B7" and p.where("budget").cell == "E6"


@pytest.mark.parametrize(
    "variant",
    [
        {"top": 4, "left": 3},  # the form moved down and right
        {"below": True},  # each value under its label
        {"blank_rows": True},  # empty rows between the parts
        {"top": 2, "left": 2, "below": True, "blank_rows": True},
        {"title": False},  # no title row
    ],
    ids=["shifted", "values-below", "blank-rows", "all-at-once", "no-title"],
)
def test_the_same_form_reads_the_same_wherever_its_cells_sit(tmp_path: Path, variant: dict) -> None:
    write_form(tmp_path / "base.xlsx")
    write_form(tmp_path / "variant.xlsx", **variant)
    assert reading(tmp_path / "variant.xlsx") == reading(tmp_path / "base.xlsx")


def test_a_sheet_with_another_frame_size_reads_its_own_rows(tmp_path: Path) -> None:
    """Sheets whose frame has more rows (two 数量, two 社会效益) or fewer stay one project each."""
    longer = [*FRAME[:1], ("", "", "宣传品发放数量", "≥500份", "考察宣传"), *FRAME[1:6],
              ("", "", "志愿者参与人数", "≥200人", "考察参与"), *FRAME[6:]]  # fmt: skip
    write_form(tmp_path / "long.xlsx", frame=longer)
    write_form(tmp_path / "short.xlsx", frame=FRAME[:4] + FRAME[8:])
    for name, frame in (("long.xlsx", longer), ("short.xlsx", FRAME[:4] + FRAME[8:])):
        doc = read_xlsx(str(tmp_path / name))
        assert len(doc.projects) == 2 and not doc.diagnostics
        for p in doc.projects:
            assert [i.name for i in p.indicators] == [row[2] for row in frame]
            assert p.indicators[1].level2 == "数量" if name == "long.xlsx" else True


def test_no_finding_on_not_applicable_rows_or_the_forms_own_categories(tmp_path: Path) -> None:
    path = tmp_path / "申报表.xlsx"
    write_form(path, sheets=1)
    findings = lint(str(path))
    rows = {f"D{r}" for r in range(18, 28)}
    on_frame = [f for f in findings if f.cell and f.cell.split("!")[1] in rows
                and any(w in (f.message or "") for w in ("不适用", "其他满意度"))]  # fmt: skip
    assert not on_frame, [f.message for f in on_frame]
    assert not [f for f in findings if f.rule in ("KPI002", "KPI004", "KPI000")]


def test_a_code_excel_stored_as_a_number_is_named_never_expanded(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "申报表.xlsx"
    write_form(path, sheets=1)
    wb = load_workbook(path)
    wb.worksheets[0]["B2"] = 4.403062313915e20  # what Excel keeps of 440306231391500000193
    wb.save(path)
    doc = read_xlsx(str(path))
    assert doc.projects[0].code == "4.403062313915E+20"
    assert "440306231391499976704" not in json.dumps([str(p) for p in doc.projects], ensure_ascii=False)
    lost = [d for d in doc.diagnostics if d.code == "code-lost-digits"]
    assert lost and lost[0].location.cell == "B2" and "15 位" in lost[0].message


def test_an_amount_written_in_yuan_under_a_wan_label_is_a_finding(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "申报表.xlsx"
    write_form(path, sheets=1)
    wb = load_workbook(path)
    wb.worksheets[0]["E6"] = 300000.0  # 30 万元 typed in 元 in the 万元 field
    wb.save(path)
    findings = lint(str(path))
    slip = [f for f in findings if f.rule == "KPI206"]
    assert len(slip) == 1 and slip[0].cell.endswith("!E6") and "30 万元" in slip[0].message
    assert not [f for f in findings if f.rule == "KPI203"], "the cost cap is not compared with 300000 万元"


def test_header_fields_round_trip_through_convert(tmp_path: Path) -> None:
    source = tmp_path / "申报表.xlsx"
    write_form(source, sheets=1)
    for target in ("out.yaml", "out.xlsx"):
        out = kpilint("convert", str(source), "-o", str(tmp_path / target))
        assert out.returncode == 0, out.stderr
        back = read_xlsx(str(source)).projects[0]
        again = kpilint("show", str(tmp_path / target), "--format", "json")
        shown = json.loads(again.stdout)["documents"][0]["projects"][0]
        assert shown["policy_basis"] == back.header.policy_basis
        assert shown["long_term_goals"] == back.header.long_term_goals
        assert shown["budget"]["period_total"] == back.budget.period_total


@needs_workbooks
@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_real_workbooks_every_sheet_a_project_every_amount_no_phantom_row(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    doc = read_xlsx(str(path))
    by_sheet = {p.location.sheet: p for p in doc.projects}
    assert len(doc.projects) == len(wb.worksheets) == len(by_sheet)
    for ws in wb.worksheets:
        p = by_sheet[ws.title]
        code = ws["B2"].value
        assert p.code == (code if isinstance(code, str) else f"{code:.15g}".upper())
        assert p.budget.total == float(ws["E6"].value) and p.budget.period_total == float(ws["B6"].value)
        assert p.header.implementing_unit == ws["B3"].value and p.header.allocation == ws["E5"].value
        header = next(c.row for c in ws["A"] if c.value == "一级指标")
        filled = [str(ws.cell(r, 3).value).strip() for r in range(header + 1, ws.max_row + 1)
                  if ws.cell(r, 3).value not in (None, "") and not str(ws.cell(r, 1).value or "").startswith("备注")]  # fmt: skip
        assert [i.name.strip() for i in p.indicators if i.name] == filled
        assert all(i.location.sheet == ws.title for i in p.indicators)
    assert not [d for d in doc.diagnostics if d.code == "unplaced-row"]


@needs_workbooks
def test_real_workbooks_header_fields_in_show_json() -> None:
    out = kpilint("show", str(WORKBOOKS[1]), "--format", "json")
    project = json.loads(out.stdout)["documents"][0]["projects"][1]
    assert project["implementing_unit"] == "深圳市宝安区松岗街道党建服务中心"
    assert project["policy_basis"].startswith("1.阳光少年诗文朗诵大赛")
    assert project["budget"] == {"total": 300000.0, "fiscal": None, "other": None, "period_total": 900000.0}


def test_reading_is_unchanged_by_replace_of_locations(tmp_path: Path) -> None:
    """Equality ignores where things were: the same form shifted is an equal Document."""
    write_form(tmp_path / "a.xlsx")
    write_form(tmp_path / "b.xlsx", top=3, left=2)
    a, b = read_xlsx(str(tmp_path / "a.xlsx")), read_xlsx(str(tmp_path / "b.xlsx"))
    assert replace(a, path="x") == replace(b, path="x")


@needs_workbooks
@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_annotating_a_real_workbook_marks_each_finding_in_its_own_sheet_and_cell(tmp_path: Path, path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "标注.xlsx"
    out = kpilint("check", str(path), "--annotate", str(target), "--format", "json")
    assert out.returncode in (0, 1), out.stderr
    findings = [f for f in json.loads(out.stdout)["findings"] if f["cell"]]
    assert findings
    original, marked = load_workbook(path), load_workbook(target)
    assert marked.sheetnames == ["kpilint", *original.sheetnames]
    for f in findings:
        sheet, ref = f["cell"].rsplit("!", 1)
        cell = marked[sheet][ref]
        assert cell.comment is not None and f["rule"] in cell.comment.text, (f["cell"], f["rule"])
        assert cell.value == original[sheet][ref].value, "the user's cell keeps its content"
    listed = [row[0].value for row in marked["kpilint"].iter_rows(min_row=2)]
    assert sorted(listed) == sorted(f["rule"] for f in json.loads(out.stdout)["findings"])
    for name in original.sheetnames:  # formatting kept: merged cells and column widths
        assert {str(r) for r in marked[name].merged_cells.ranges} == {str(r) for r in original[name].merged_cells.ranges}
        assert marked[name].column_dimensions["B"].width == original[name].column_dimensions["B"].width
