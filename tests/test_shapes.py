"""Each table shape (readers/shapes/) read from a small workbook of its own, and values whose
text is a template word read back as values.

The workbooks are real .xlsx files written with openpyxl, laid out as the shape's cities
print it; PDF variants of the same shapes are in test_pdf_pages.py and test_continuity.py.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpilint import load
from kpilint.framework.templates import vocabulary
from kpilint.model import Budget, Checkpoint, Document, Indicator, Project, SpendPlan
from kpilint.writers.xlsx import write_xlsx


def _book(path: Path, rows: list[list[str | None]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rows(doc: Document) -> list[tuple]:
    return [(p.name, i.level1, i.level2, i.name, i.value_text) for p in doc.projects for i in p.indicators]


HEAD = ["一级指标", "二级指标", "三级指标", "指标值"]


def test_block_table_with_categorised_rows_filled_down(tmp_path) -> None:
    doc = load(_book(tmp_path / "block.xlsx", [
        ["1.科普活动项目绩效目标表"],
        ["项目名称", "科普活动", None, None],
        ["预算数", "12.00", "其中：财政资金", "12.00"],
        ["资金支出计划（%）", "3月底", "6月底", "12月底"],
        [None, "20%", "60%", "100%"],
        ["绩效目标", "1. 开展科普活动 2. 群众满意", None, None],
        HEAD,
        ["产出指标", "数量指标", "活动场次", "≥4场"],
        [None, None, "参与人次", "≥500人次"],
        [None, "质量指标", "活动完成率", "100%"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ]))  # fmt: skip
    (p,) = doc.projects
    assert (p.name, p.budget.total, p.budget.fiscal, p.goals) == ("科普活动", 12.0, 12.0, ("1. 开展科普活动", "2. 群众满意"))
    assert [(c.month, c.text) for c in p.spend_plan.checkpoints] == [(3, "20%"), (6, "60%"), (12, "100%")]
    assert _rows(doc) == [
        ("科普活动", "产出指标", "数量指标", "活动场次", "≥4场"),
        ("科普活动", "产出指标", "数量指标", "参与人次", "≥500人次"),
        ("科普活动", "产出指标", "质量指标", "活动完成率", "100%"),
        ("科普活动", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert doc.diagnostics == ()


def test_headerless_rows_take_their_columns_from_the_first_row(tmp_path) -> None:
    doc = load(_book(tmp_path / "headerless.xlsx", [
        ["项目名称", "档案整理", None, None],
        ["预算数", "8.00", None, None],
        ["产出指标", "数量指标", "整理卷数", "≥2000卷"],
        [None, "时效指标", "完成时间", "2026年12月底前"],
    ]))  # fmt: skip
    assert _rows(doc) == [
        ("档案整理", "产出指标", "数量指标", "整理卷数", "≥2000卷"),
        ("档案整理", "产出指标", "时效指标", "完成时间", "2026年12月底前"),
    ]


def test_uncategorised_rows_infer_their_category_and_say_so(tmp_path) -> None:
    doc = load(_book(tmp_path / "uncategorised.xlsx", [
        ["项目名称", "水库移民后期扶持", None, None],
        ["当年预算", "12,700.00", None, None],
        ["指标名称", "指标性质", "指标值", "计量单位"],
        ["实施项目数量", "≥", "86", "个"],
        ["移民满意度", "≥", "90", "%"],
        ["年度预算执行率", "=", "100", "%"],
    ]))  # fmt: skip
    (p,) = doc.projects
    assert [(i.level2, i.comparator, i.unit, i.category_inferred) for i in p.indicators] == [
        ("数量指标", "≥", "个", True), ("服务对象满意度指标", "≥", "%", True), ("", "=", "%", True),
    ]  # fmt: skip
    assert set(p.reading_notes) == {"no-category-columns", "category-unknown"}


def test_wide_table_a_row_per_indicator_and_a_project_per_name(tmp_path) -> None:
    doc = load(_book(tmp_path / "wide.xlsx", [
        ["项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"],
        ["信访业务经费", "35.78", "成本指标", "经济成本指标", "总成本", "≤35.78万元"],
        [None, None, "产出指标", "数量指标", "调拨经费单位数", "≥10个"],
        ["接待中心运行", "10.22", "产出指标", "质量指标", "设施正常运行率", "≥95%"],
        ["合计", "46.00", None, None, None, None],
    ]))  # fmt: skip
    assert [(p.name, p.budget.total, len(p.indicators)) for p in doc.projects] == [
        ("信访业务经费", 35.78, 2), ("接待中心运行", 10.22, 1),
    ]  # fmt: skip
    assert doc.diagnostics == ()


def test_packed_cell_holds_a_projects_indicators(tmp_path) -> None:
    packed = ("1、1－产出指标，11－数量指标，监测点位数量；实施周期指标值：≥20个，年度指标值：≥20个；"
              "2、3－满意度指标，31－服务对象满意度指标，群众满意度；实施周期指标值：≥90%，年度指标值：≥90%")  # fmt: skip
    doc = load(_book(tmp_path / "packed.xlsx", [
        ["项目名称", "预算数", "绩效目标", "绩效指标"],
        ["环境监测", "50.00", "完成监测任务", packed],
    ]))  # fmt: skip
    assert _rows(doc) == [
        ("环境监测", "产出指标", "数量指标", "监测点位数量", "≥20个"),
        ("环境监测", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]


def test_a_cell_pair_packing_two_indicators_is_two_rows(tmp_path) -> None:
    doc = load(_book(tmp_path / "pair.xlsx", [
        ["项目名称", "物业管理", None, None],
        ["预算数", "20.00", None, None],
        HEAD,
        ["产出指标", "数量指标", "物业管理面积；服务人次", "17839平方米；每天3000人次"],
    ]))  # fmt: skip
    assert [i.name for i in doc.projects[0].indicators] == ["物业管理面积", "服务人次"]


def test_department_table_is_never_a_projects(tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    sheets = {
        "项目": [["项目名称", "科普活动"], ["预算数", "12.00"], HEAD, ["产出指标", "数量指标", "活动场次", "≥4场"]],
        "部门整体": [["2026年部门整体支出绩效目标表"], ["部门名称", "某某科协"], HEAD,
                    ["产出指标", "数量指标", "全年科普活动", "≥40场"]],
        "续表": [["效益指标", "社会效益指标", "公民科学素质", "稳步提升"]],
    }  # fmt: skip
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(tmp_path / "department.xlsx")
    doc = load(tmp_path / "department.xlsx")
    assert _rows(doc) == [("科普活动", "产出指标", "数量指标", "活动场次", "≥4场")]
    (table,) = doc.department_tables
    assert table.title == "2026年部门整体支出绩效目标表"
    assert [(i.name, i.value_text) for i in table.indicators] == [("全年科普活动", "≥40场"), ("公民科学素质", "稳步提升")]


def test_department_table_after_a_projects_rows_on_one_sheet_is_cut_out(tmp_path) -> None:
    """A 部门整体 table printed right after a project's last row (one sheet, one stream of
    rows) is the department's, not more rows of that project; the next project is read."""
    doc = load(_book(tmp_path / "stream.xlsx", [
        ["项目名称", "科普活动", None, None],
        ["预算数", "12.00", None, None],
        HEAD,
        ["产出指标", "数量指标", "活动场次", "≥4场"],
        ["2026年部门整体支出绩效目标表"],
        ["部门名称", "某某科协", None, None],
        HEAD,
        ["产出指标", "数量指标", "全年科普活动", "≥40场"],
        ["项目名称", "学会补助", None, None],
        ["预算数", "3.00", None, None],
        HEAD,
        ["满意度指标", "服务对象满意度指标", "会员满意度", "≥90%"],
    ]))  # fmt: skip
    assert _rows(doc) == [
        ("科普活动", "产出指标", "数量指标", "活动场次", "≥4场"),
        ("学会补助", "满意度指标", "服务对象满意度指标", "会员满意度", "≥90%"),
    ]
    assert [[i.name for i in t.indicators] for t in doc.department_tables] == [["全年科普活动"]]


# --- written values are never read back as labels -----------------------------------------------
def _words() -> list[str]:
    words = vocabulary()
    return sorted({*words.project_labels, *words.indicator_columns, "资金支出计划（%）", "单位：万元", "2026年度"})


def _document(text: str, goal: str, name: str, value: str) -> Document:
    indicators = (
        Indicator("产出指标", "数量指标", name, text, value, goal),
        Indicator("满意度指标", "服务对象满意度指标", text, name, "≥90%", text),
    )
    plan = SpendPlan((Checkpoint("6月底", 6, "50%"), Checkpoint("12月底", 12, "100%")), True)
    project = Project(code="13000126P00000100001A", name=name, budget=Budget(10.0, 10.0, None), purpose=text,
                      spend_plan=plan, goals=(goal, text), indicators=indicators)  # fmt: skip
    return Document(path="x.xlsx", unit_code="100001", unit_name=name, year=2026, money_unit="万元",
                    overall_goals=text, projects=(project, project))  # fmt: skip


def test_a_purpose_that_reads_like_a_label_round_trips(tmp_path) -> None:
    doc = _document("总计", "资金用途", "项目名称", "指标值")
    write_xlsx(doc, tmp_path / "labels.xlsx")
    again = load(tmp_path / "labels.xlsx")
    assert again == doc and again.diagnostics == ()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_words()), st.sampled_from(_words()), st.sampled_from(_words()), st.sampled_from(_words()))
def test_any_template_word_written_as_a_value_round_trips(tmp_path, text, goal, name, value) -> None:
    doc = _document(text, goal, name, value)
    write_xlsx(doc, tmp_path / "words.xlsx")
    assert load(tmp_path / "words.xlsx") == doc


# --- Word: every table accounted for ------------------------------------------------------------
def _docx(path: Path, tables: list[tuple[str, list[list[str]]]]) -> Path:
    import docx

    document = docx.Document()
    for heading, rows in tables:
        document.add_paragraph(heading)
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(path)
    return path


def test_word_tables_are_accounted_for_like_pages(tmp_path) -> None:
    import json

    from conftest import kpilint

    path = _docx(tmp_path / "tables.docx", [
        ("附表", [["产出指标", "数量指标"], ["满意度指标", "服务对象满意度指标"]]),
        ("1.科普活动绩效目标表", [["项目名称", "科普活动", "", ""], ["预算数", "12.00", "", ""], HEAD,
                                 ["产出指标", "数量指标", "活动场次", "≥4场"]]),
        ("2025年项目支出绩效自评表", [["一级指标", "二级指标", "三级指标", "实际完成值"],
                                      ["产出指标", "数量指标", "活动场次", "5场"]]),
    ])  # fmt: skip
    doc = load(path)
    assert [p.name for p in doc.projects] == ["科普活动"]
    assert doc.accounting().unread_tables == ("表1",)
    codes = {(d.code, d.location.sheet) for d in doc.diagnostics}
    assert {("unread-table", "表1"), ("skipped-pages", "表3")} <= codes
    shown = json.loads(kpilint("show", str(path), "--format", "json").stdout)["documents"][0]
    assert shown["coverage"]["unread_tables"] == ["表1"]


def test_a_word_file_whose_target_tables_give_no_project_fails_the_check(tmp_path) -> None:
    import json

    from conftest import kpilint

    path = _docx(tmp_path / "unread.docx", [("附表", [["产出指标", "数量指标"], ["满意度指标", "服务对象满意度指标"]])])
    out = kpilint("check", str(path), "--format", "json")
    assert out.returncode == 1
    assert "KPI013" in {f["rule"] for f in json.loads(out.stdout)["findings"]}
