"""Every page of a PDF is accounted for: our own small PDFs, one situation each.

A page that looks like a target table and gives nothing is named (warning) and a document
with such pages and no project fails `check` (KPI013); self-evaluation tables, blank forms
and goals-only lists are skipped with a note (KPI014); tables cut by a page keep their
categories.
"""

from __future__ import annotations

import json

from conftest import kpilint
from kpilint.core import load
from pdf_builder import Cell, Page, write_pdf

W = [90, 90, 130, 80, 70]  # 一级 | 二级 | 三级 | 指标值 | 分值


def _project_head(page: Page, name: str, total: str, top: float = 60) -> float:
    page.text(150, top - 30, f"{name}项目绩效目标表", 14)
    rows = [
        [Cell("项目名称"), Cell(name, cols=4), None, None, None],
        [Cell("预算数"), Cell(total, cols=4), None, None, None],
        [Cell("绩效目标"), Cell("按计划完成全年工作任务", cols=4), None, None, None],
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值"), Cell("分值")],
    ]
    return page.table(40, top, W, rows)


def _check(path, *args: str) -> dict:
    out = kpilint("check", str(path), "--format", "json", *args)
    assert out.returncode in (0, 1), out.stderr
    return {"exit": out.returncode, **json.loads(out.stdout)}


def _rules(report: dict) -> list[str]:
    return [f["rule"] for f in report["findings"]]


def test_a_target_page_that_gives_nothing_is_named_and_fails_check(tmp_path) -> None:
    page = Page()  # a target table printed without ruling lines: no table to find
    page.text(150, 40, "2026年项目支出绩效目标表", 14)
    page.text(40, 80, "一级指标  二级指标  三级指标  指标值")
    page.text(40, 100, "产出指标  数量指标  培训人次  ≥500人次")
    page.text(40, 120, "满意度指标  服务对象满意度指标  满意度  ≥90%")
    path = write_pdf(tmp_path / "unruled.pdf", [Page(), page])
    doc = load(path)
    assert doc.accounting().unread_pages == (2,)
    report = _check(path)
    assert report["exit"] == 1
    unread = [f for f in report["findings"] if f["rule"] == "KPI000"]
    assert unread and unread[0]["page"] == 2 and "第 2 页" in unread[0]["message"]
    assert "KPI013" in _rules(report)
    shown = json.loads(kpilint("show", str(path), "--format", "json").stdout)["documents"][0]
    assert shown["coverage"]["unread_pages"] == [2]
    assert shown["coverage"]["pages_by_class"] == {"other": 2}


def test_a_project_table_cut_by_a_page_keeps_its_categories(tmp_path) -> None:
    first, second = Page(), Page()
    bottom = _project_head(first, "科普活动", "12.00", top=700)
    first.table(40, bottom, W, [
        [Cell("产出指标", rows=2, open_bottom=True), Cell("数量指标", rows=2, open_bottom=True),
         Cell("培训人次"), Cell("≥500人次"), Cell("20")],
        [None, None, Cell("活动场次"), Cell("≥4场"), Cell("10")],
    ])  # fmt: skip
    second.table(40, 60, W, [
        [Cell("", rows=1, open_top=True), Cell("", rows=1, open_top=True),
         Cell("宣传册数量"), Cell("≥1000册"), Cell("10")],
        [Cell("效益指标（30分）"), Cell("社会效益指标"), Cell("科学素质"), Cell("显著提升"), Cell("")],
        [Cell("满意度指标"), Cell("服务对象满意度指标"), Cell("满意度"), Cell("≥90%"), Cell("10")],
    ])  # fmt: skip
    doc = load(write_pdf(tmp_path / "cut.pdf", [first, second]))
    (project,) = doc.projects
    rows = [(i.level1, i.level2, i.name, i.weight) for i in project.indicators]
    assert rows == [
        ("产出指标", "数量指标", "培训人次", "20"),
        ("产出指标", "数量指标", "活动场次", "10"),
        ("产出指标", "数量指标", "宣传册数量", "10"),
        ("效益指标", "社会效益指标", "科学素质", "30分"),
        ("满意度指标", "服务对象满意度指标", "满意度", "10"),
    ]
    assert doc.accounting().page_classes == ("target_table", "continuation")
    # the row under the cut cells got its categories from the page before, and says so
    carried = project.indicators[2]
    assert carried.how_obtained("level1") == carried.how_obtained("level2") == "joined"
    assert all(not i.provenance for k, i in enumerate(project.indicators) if k != 2)
    assert project.reading_complete  # joined into names the framework knows: read


def test_self_evaluation_blank_form_and_goals_list_are_skipped_with_a_note(tmp_path) -> None:
    evaluation = Page()
    evaluation.text(150, 30, "2025年项目支出绩效自评表", 14)
    evaluation.table(40, 60, [70, 80, 120, 70, 70, 50], [
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("年度指标值"), Cell("实际完成值"), Cell("得分")],
        [Cell("产出指标"), Cell("数量指标"), Cell("培训人次"), Cell("≥500人次"), Cell("520人次"), Cell("20")],
    ])  # fmt: skip
    blank = Page()
    blank.text(150, 30, "专项资金总体绩效目标表", 14)
    blank.table(40, 60, W, [
        [Cell("项目名称"), Cell("……", cols=4), None, None, None],
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值"), Cell("分值")],
        [Cell("产出指标"), Cell("数量指标"), Cell("……"), Cell("……"), Cell("……")],
        [Cell("效益指标"), Cell("社会效益指标"), Cell("……"), Cell("……"), Cell("……")],
    ])  # fmt: skip
    goals = Page()
    goals.text(150, 30, "2026年项目绩效目标", 14)
    goals.table(40, 60, [40, 160, 260], [
        [Cell("序号"), Cell("项目名称"), Cell("绩效目标")],
        [Cell("1"), Cell("科普活动经费"), Cell("开展科普活动4场，满意度达到90%")],
        [Cell("2"), Cell("学会补助经费"), Cell("支持学会开展学术交流")],
    ])  # fmt: skip
    path = write_pdf(tmp_path / "skipped.pdf", [evaluation, blank, goals])
    doc = load(path)
    assert doc.projects == ()
    assert doc.accounting().page_classes == ("self_evaluation", "blank_template", "goals_only_list")
    report = _check(path, "--fail-on", "warning")
    notes = [f["message"] for f in report["findings"] if f["rule"] == "KPI014"]
    assert len(notes) == 3 and "第 1 页" in notes[0] and "自评" in notes[0]
    assert "KPI013" not in _rules(report)


def test_a_table_without_categories_infers_them_and_says_where_it_could_not(tmp_path) -> None:
    page = Page()
    page.text(150, 30, "2026年市级重点专项资金绩效目标表", 14)
    page.table(40, 60, [150, 60, 60, 60, 60], [
        [Cell("项目名称"), Cell("水库移民后期扶持", cols=4), None, None, None],
        [Cell("当年预算"), Cell("12,700.00", cols=4), None, None, None],
        [Cell("当年绩效目标"), Cell("完工项目验收率达到90%以上", cols=4), None, None, None],
        [Cell("指标名称"), Cell("指标性质"), Cell("指标值"), Cell("计量单位"), Cell("指标权重(%)")],
        [Cell("完工项目验收率"), Cell("≥"), Cell("90"), Cell("%"), Cell("20")],
        [Cell("实施项目数量"), Cell("≥"), Cell("86"), Cell("个数"), Cell("20")],
        [Cell("移民满意度"), Cell("≥"), Cell("90"), Cell("%"), Cell("10")],
        [Cell("年度预算执行率"), Cell("="), Cell("100"), Cell("%"), Cell("10")],
    ])  # fmt: skip
    (project,) = load(write_pdf(tmp_path / "chongqing.pdf", [page])).projects
    assert [(i.level2, i.value.render()) for i in project.indicators] == [
        ("质量指标", "≥90%"),
        ("数量指标", "≥86个数"),
        ("服务对象满意度指标", "≥90%"),
        ("", "=100%"),
    ]
    assert set(project.reading_notes) == {"no-category-columns", "category-unknown"}


def test_a_page_whose_box_does_not_start_at_zero_is_read(tmp_path) -> None:
    page = Page(origin=(-12, 12))
    bottom = _project_head(page, "档案整理", "10.00")
    page.table(40, bottom, W, [
        [Cell("产出指标"), Cell("数量指标"), Cell("整理卷数"), Cell("≥2000卷"), Cell("20")],
    ])  # fmt: skip
    (project,) = load(write_pdf(tmp_path / "box.pdf", [page])).projects
    assert project.name == "档案整理" and project.budget.total == 10.0
    assert [i.name for i in project.indicators] == ["整理卷数"]


def test_a_category_label_lost_between_pages_is_inferred_from_its_rows(tmp_path) -> None:
    """A merged 二级 cell whose label falls between two pages prints nothing on either: its
    rows must not inherit the category above them (时效指标), but say what they are."""
    first, second = Page(), Page()
    bottom = _project_head(first, "专用项目", "60.00", top=640)
    first.table(40, bottom, W, [
        [Cell("产出指标", rows=4, open_bottom=True), Cell("时效指标", rows=2),
         Cell("完成时间"), Cell("2026年12月底前"), Cell("10")],
        [None, None, Cell("验收时间"), Cell("2026年11月底前"), Cell("10")],
        [None, Cell("", rows=2, open_bottom=True), Cell("网站运维费用"), Cell("12万元"), Cell("10")],
        [None, None, Cell("合同尾款"), Cell("8万元"), Cell("10")],
    ])  # fmt: skip
    second.table(40, 60, W, [
        [Cell("", open_top=True), Cell("", rows=2, open_top=True), Cell("调研及规划编制"), Cell("30万元"), Cell("10")],
        [None, None, Cell("宣传费"), Cell("10万元"), Cell("10")],
        [Cell("效益指标"), Cell("社会效益指标"), Cell("服务企业数量"), Cell("≥50家"), Cell("20")],
    ])  # fmt: skip
    (project,) = load(write_pdf(tmp_path / "lost.pdf", [first, second])).projects
    assert [i.level2 for i in project.indicators] == [
        "时效指标", "时效指标", "成本指标", "成本指标", "成本指标", "成本指标", "社会效益指标",
    ]  # fmt: skip
    assert project.indicators[4].level1 == "产出指标"
    # the group's 二级 was inferred from its rows, and the rows say so
    assert [i.how_obtained("level2") for i in project.indicators[2:6]] == ["inferred"] * 4
    assert project.indicators[0].how_obtained("level2") is None


# --- pages fail alone --------------------------------------------------------------------------
def _three_projects(middle: Page) -> list[Page]:
    pages = []
    for name, page in (("甲项目", Page()), ("乙项目", middle), ("丙项目", Page())):
        bottom = _project_head(page, name, "10.00")
        page.table(40, bottom, W, [[Cell("产出指标"), Cell("数量指标"), Cell("整理卷数"), Cell("≥2000卷"), Cell("20")]])
        pages.append(page)
    return pages


def test_a_page_whose_box_is_written_upside_down_is_read(tmp_path) -> None:
    """A media box written top first ([0 842 595 0]) is the same box: pdfium draws the page
    in it, and its table is read with the others."""
    doc = load(write_pdf(tmp_path / "inverted.pdf", _three_projects(Page(inverted=True))))
    assert [p.name for p in doc.projects] == ["甲项目", "乙项目", "丙项目"]
    assert doc.diagnostics == ()


def test_a_page_that_cannot_be_read_is_named_and_the_others_are_read(tmp_path) -> None:
    pages = _three_projects(Page())
    pages[1].content = b"BT /F1 12 Tf 0 0 Td <4E01> Tj ET q 0 0 m (unterminated [[ << /X"
    path = write_pdf(tmp_path / "damaged.pdf", pages)
    doc = load(path)
    assert [p.name for p in doc.projects] == ["甲项目", "丙项目"]
    assert [(d.code, d.location.page) for d in doc.diagnostics] == [("textless-page", 2)]
    assert doc.accounting().unread_pages == (2,)
    report = _check(path)
    assert report["exit"] == 1 and any(f["rule"] == "KPI000" and f["page"] == 2 for f in report["findings"])


def test_scanned_pages_in_a_run_of_tables_are_named(tmp_path) -> None:
    """A budget whose table pages are partly scanned: the scans (no text layer) between and
    after the table pages are each named, and the document is not clean."""
    scanned = Page()
    scanned.line(40, 60, 500, 60)  # a scan: an image, here a drawing, and no text
    pages = [*_three_projects(Page()), scanned]
    pages.insert(1, Page(ops=list(scanned.ops)))
    doc = load(write_pdf(tmp_path / "scanned.pdf", pages))
    assert len(doc.projects) == 3
    assert [(d.code, d.location.page) for d in doc.diagnostics] == [("textless-page", 2), ("textless-page", 5)]
    shown = json.loads(kpilint("show", str(tmp_path / "scanned.pdf"), "--format", "json").stdout)["documents"][0]
    assert shown["coverage"]["unread_pages"] == [2, 5]


# --- every target page accounted for -----------------------------------------------------------
def _headless(page: Page, heading: str | None) -> None:
    if heading:
        page.text(120, 30, heading, 14)
    page.table(40, 60, W, [
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值"), Cell("分值")],
        [Cell("产出指标"), Cell("数量指标"), Cell("扶持企业数量"), Cell("≥30家"), Cell("20")],
        [Cell("满意度指标"), Cell("服务对象满意度指标"), Cell("企业满意度"), Cell("≥90%"), Cell("10")],
    ])  # fmt: skip


def test_a_table_without_a_project_title_is_named_from_the_heading_above_it(tmp_path) -> None:
    page = Page()
    _headless(page, "2019年市级专项资金（科技创新券）")
    (project,) = load(write_pdf(tmp_path / "headed.pdf", [page])).projects
    assert project.name == "2019年市级专项资金（科技创新券）" and "name-from-heading" in project.reading_notes
    assert [i.name for i in project.indicators] == ["扶持企业数量", "企业满意度"]


def test_a_table_without_any_name_fails_the_check_naming_its_page(tmp_path) -> None:
    page = Page()
    _headless(page, None)
    path = write_pdf(tmp_path / "nameless.pdf", [Page(), page])
    doc = load(path)
    assert doc.projects == () and doc.accounting().unplaced_rows == 2
    report = _check(path)
    assert report["exit"] == 1
    assert [f["page"] for f in report["findings"] if f["rule"] == "KPI013"] == [2]
    shown = kpilint("show", str(path)).stdout
    assert "没有未读出的指标表页" not in shown
