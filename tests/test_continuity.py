"""Metamorphic tests of continuity: a table read whole and read broken must agree.

Each shape's table is drawn unbroken and then broken as printed budgets break it (a page
break after every row, every cell wrapped at several widths, merged 一级/二级 cells and
labels cut at every character across a break and printed one character a line, the title
wrapped at every position). The document read from every broken rendering must equal the
one read from the unbroken table (projects, categories, names, values, budgets), or say
which page it could not read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from continuity import Breaking, Layout, render
from kpilint.core import load
from kpilint.model import Document
from pdf_builder import Cell

W = [80, 90, 130, 90, 50]
HEAD = [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值"), Cell("分值")]


def _block(title: str = "科普活动项目绩效目标表", named: bool = True) -> Layout:
    """The block shape: labels, a goals label over two goal rows, categorised indicator rows
    under merged 一级/二级 cells."""
    head: list[list[Cell | None]] = [
        [Cell("项目名称"), Cell("科普活动", cols=4), None, None, None],
    ] if named else []  # fmt: skip
    rows: list[list[Cell | None]] = [
        *head,
        [Cell("预算数"), Cell("12.00", cols=4), None, None, None],
        [Cell("绩效目标", rows=2), Cell("1.开展科普活动四场", cols=4), None, None, None],
        [None, Cell("2.群众满意度达到九成", cols=4), None, None, None],
        HEAD,
        [Cell("产出指标", rows=4), Cell("数量指标", rows=2), Cell("活动场次"), Cell("≥4场"), Cell("20")],
        [None, None, Cell("参与人次"), Cell("≥500人次"), Cell("20")],
        [None, Cell("质量指标", rows=2), Cell("活动完成率"), Cell("100%"), Cell("10")],
        [None, None, Cell("验收合格率"), Cell("≥95%"), Cell("10")],
        [Cell("效益指标", rows=2), Cell("社会效益指标", rows=2), Cell("公民科学素质"), Cell("显著提升"), Cell("20")],
        [None, None, Cell("科普覆盖面"), Cell("逐步扩大"), Cell("10")],
        [Cell("满意度指标"), Cell("服务对象满意度指标"), Cell("群众满意度"), Cell("≥90%"), Cell("10")],
    ]  # fmt: skip
    return Layout(rows, W, title, header=rows.index(HEAD))


def _wide() -> Layout:
    """The wide shape: a row per indicator, the project's name merged down its rows."""
    head = [Cell("项目名称"), Cell("预算数"), Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")]
    rows: list[list[Cell | None]] = [
        head,
        [Cell("信访业务经费", rows=4), Cell("35.78", rows=4), Cell("产出指标", rows=3), Cell("数量指标", rows=2),
         Cell("调拨经费单位数"), Cell("≥10个")],
        [None, None, None, None, Cell("接待群众人次"), Cell("≥3000人次")],
        [None, None, None, Cell("时效指标"), Cell("事项受理及时率"), Cell("≥95%")],
        [None, None, Cell("满意度指标"), Cell("服务对象满意度指标"), Cell("群众满意度"), Cell("≥90%")],
        [Cell("接待中心运行经费", rows=2), Cell("10.22", rows=2), Cell("产出指标", rows=2), Cell("质量指标", rows=2),
         Cell("设施正常运行率"), Cell("≥95%")],
        [None, None, None, None, Cell("系统运转正常率"), Cell("≥98%")],
    ]  # fmt: skip
    return Layout(rows, [90, 50, 70, 90, 120, 70], "信访局项目支出绩效目标表", header=0)


def _uncategorised() -> Layout:
    """The uncategorised shape: 指标名称 | 指标性质 | 指标值 | 计量单位, no category columns."""
    rows: list[list[Cell | None]] = [
        [Cell("项目名称"), Cell("水库移民后期扶持", cols=3), None, None],
        [Cell("当年预算"), Cell("12,700.00", cols=3), None, None],
        [Cell("指标名称"), Cell("指标性质"), Cell("指标值"), Cell("计量单位")],
        [Cell("完工项目验收率"), Cell("≥"), Cell("90"), Cell("%")],
        [Cell("实施项目数量"), Cell("≥"), Cell("86"), Cell("个")],
        [Cell("移民满意度"), Cell("≥"), Cell("90"), Cell("%")],
    ]  # fmt: skip
    return Layout(rows, [150, 70, 70, 70], "2026年市级重点专项资金绩效目标表", header=2)


def _hebei() -> Layout:
    """The Hebei template (the seeds' layout): 项目编码, 预算规模及资金用途, a spend plan,
    绩效指标描述 and 指标值确定依据 columns."""
    rows: list[list[Cell | None]] = [
        [Cell("项目编码"), Cell("13082625P002088100059", cols=2), None, Cell("项目名称"), Cell("科学技术普及经费", cols=2), None],
        [Cell("预算规模及资金用途", rows=2), Cell("预算数"), Cell("12.00"), Cell("其中：财政资金"), Cell("12.00"), Cell("其他资金")],
        [None, Cell("用于开展科普活动", cols=5), None, None, None, None],
        [Cell("资金支出计划（%）", rows=2), Cell("3月底"), Cell("6月底"), Cell("10月底"), Cell("12月底"), Cell("")],
        [None, Cell("30%"), Cell("60%"), Cell("90%"), Cell("100%"), Cell("")],
        [Cell("绩效目标"), Cell("1.开展科普活动四场", cols=5), None, None, None, None],
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("绩效指标描述"), Cell("指标值"), Cell("指标值确定依据")],
        [Cell("产出指标", rows=3), Cell("数量指标", rows=2), Cell("活动场次"), Cell("全年活动场次"), Cell("≥4场"), Cell("年度计划")],
        [None, None, Cell("参与人次"), Cell("参与活动人次"), Cell("≥500人次"), Cell("年度计划")],
        [None, Cell("质量指标"), Cell("活动完成率"), Cell("活动完成的比例"), Cell("100%"), Cell("年度计划")],
        [Cell("满意度指标"), Cell("服务对象满意度指标"), Cell("群众满意度"), Cell("群众满意度"), Cell("≥90%"), Cell("年度计划")],
    ]  # fmt: skip
    return Layout(rows, [90, 90, 110, 90, 70, 90], "1.科学技术普及经费绩效目标表", header=6)


LAYOUTS = {"hebei": _hebei, "named": _block, "titled": lambda: _block(named=False), "wide": _wide, "uncategorised": _uncategorised}


def _reading(layout: Layout, how: Breaking, path: Path) -> Document:
    return load(render(layout, how, path))


_ROW_FIELDS = {"level1": "level1", "level2": "level2", "name": "name", "value_text": "value"}


def _same_or_named(doc: Document, whole: Document, pages: int) -> None:
    """The broken reading equals the whole one; or each row field that differs says it was
    not read from its own cell (provenance); or a diagnostic names a page."""
    if doc.projects == whole.projects:
        return
    named = {d.location.page for d in doc.diagnostics if d.location.page}
    if named & set(range(1, pages + 1)):
        return
    assert len(doc.projects) == len(whole.projects), (doc.projects, whole.projects)
    for got, want in zip(doc.projects, whole.projects, strict=True):
        assert (got.name, got.budget, got.goals) == (want.name, want.budget, want.goals)
        assert len(got.indicators) == len(want.indicators)
        for a, b in zip(got.indicators, want.indicators, strict=True):
            for attr, field_name in _ROW_FIELDS.items():
                if getattr(a, attr) != getattr(b, attr):
                    assert a.how_obtained(field_name), (attr, getattr(a, attr), getattr(b, attr))


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict[str, Document]:
    path = tmp_path_factory.mktemp("whole")
    return {name: _reading(make(), Breaking(), path / f"{name}.pdf") for name, make in LAYOUTS.items()}


def test_the_unbroken_tables_read_as_drawn(whole) -> None:
    wide, uncategorised = whole["wide"], whole["uncategorised"]
    assert [(p.name, p.budget.total, len(p.indicators)) for p in wide.projects] == [
        ("信访业务经费", 35.78, 4), ("接待中心运行经费", 10.22, 2),
    ]  # fmt: skip
    assert [(i.level1, i.level2) for i in wide.projects[0].indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "时效指标"), ("满意度指标", "服务对象满意度指标"),
    ]  # fmt: skip
    assert [(i.name, i.level2, i.comparator, i.value_text, i.unit) for i in uncategorised.projects[0].indicators] == [
        ("完工项目验收率", "质量指标", "≥", "90", "%"), ("实施项目数量", "数量指标", "≥", "86", "个"),
        ("移民满意度", "服务对象满意度指标", "≥", "90", "%"),
    ]  # fmt: skip
    assert wide.diagnostics == uncategorised.diagnostics == ()
    for doc in (whole["named"], whole["titled"]):
        (p,) = doc.projects
        assert (p.name, p.budget.total, p.goals) == ("科普活动", 12.0, ("1.开展科普活动四场", "2.群众满意度达到九成"))
        assert [(i.level1, i.level2, i.name, i.value_text) for i in p.indicators] == [
            ("产出指标", "数量指标", "活动场次", "≥4场"),
            ("产出指标", "数量指标", "参与人次", "≥500人次"),
            ("产出指标", "质量指标", "活动完成率", "100%"),
            ("产出指标", "质量指标", "验收合格率", "≥95%"),
            ("效益指标", "社会效益指标", "公民科学素质", "显著提升"),
            ("效益指标", "社会效益指标", "科普覆盖面", "逐步扩大"),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
        ]
        assert doc.diagnostics == ()


@pytest.mark.parametrize("repeat_header", [False, True])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_page_break_after_every_row(whole, tmp_path, layout, repeat_header) -> None:
    table = LAYOUTS[layout]()
    for after in range(len(table.rows) - 1):
        doc = _reading(table, Breaking((after,), repeat_header=repeat_header), tmp_path / f"{after}.pdf")
        _same_or_named(doc, whole[layout], 2)


@pytest.mark.parametrize("width", [2, 3, 5, 8])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_cell_wrapped(whole, tmp_path, layout, width) -> None:
    doc = _reading(LAYOUTS[layout](), Breaking(wrap=width), tmp_path / "wrapped.pdf")
    _same_or_named(doc, whole[layout], 1)


def _spanning(layout: Layout) -> list[tuple[int, int, Cell]]:
    return [(r, c, cell) for r, row in enumerate(layout.rows) for c, cell in enumerate(row)
            if cell is not None and cell.rows > 1]  # fmt: skip


@pytest.mark.parametrize("vertical", [False, True])
@pytest.mark.parametrize("layout", ["named", "wide"])
def test_merged_cells_cut_at_every_character_across_a_break(whole, tmp_path, layout, vertical) -> None:
    """一级/二级 cells, the 绩效目标 label, a wide table's project name: their text cut between
    the two pages at each character (all on the first page … all on the second), printed
    across or down."""
    table = LAYOUTS[layout]()
    for r, c, cell in _spanning(table):
        for after in range(r, r + cell.rows - 1):
            for first in range(len(cell.text) + 1):
                how = Breaking((after,), cut={(r, c): first}, vertical=frozenset({(r, c)} if vertical else ()))
                doc = _reading(table, how, tmp_path / f"{r}-{c}-{after}-{first}.pdf")
                _same_or_named(doc, whole[layout], 2)
                if layout == "named" and r > (table.header or 0) and c < 2 and 0 < first < len(cell.text):  # a category cut
                    level = "level1" if c == 0 else "level2"
                    rows = [i for i in doc.projects[0].indicators if getattr(i, level) == cell.text]
                    assert rows and all(i.how_obtained(level) == "joined" for i in rows), (r, c, first)


def test_a_title_wrapped_at_every_position(whole, tmp_path) -> None:
    """A table named only by its title: the title wrapped at each character still names it."""
    table = _block(named=False)
    for at in range(1, len(table.title)):
        doc = _reading(table, Breaking(title_wrap=at), tmp_path / f"title-{at}.pdf")
        assert doc.projects == whole["titled"].projects, at


# --- the same, read from the text extracted from those PDFs ---------------------------------------
def _text_reading(layout: Layout, how: Breaking, path: Path) -> Document:
    """The rendering's text as pdfium extracts it, under the unit line a Hebei document
    prints, read as extracted text."""
    from kpilint.readers.pdf import page_texts

    pdf = render(layout, how, path.with_suffix(".pdf"))
    path.write_text("307001 某县科学技术协会本级\n单位：万元\n" + "\n".join(page_texts(str(pdf))), "utf-8")
    return load(path)


def test_extracted_text_of_every_page_break_reads_as_the_unbroken_text(tmp_path) -> None:
    table = _hebei()
    whole_text = _text_reading(table, Breaking(), tmp_path / "whole.txt")
    (project,) = whole_text.projects
    assert (project.code, project.name, project.budget.total, len(project.indicators)) == (
        "13082625P002088100059", "科学技术普及经费", 12.0, 4,
    )  # fmt: skip
    assert [(i.level1, i.level2, i.name, i.value_text) for i in project.indicators] == [
        ("产出指标", "数量指标", "活动场次", "≥4场"), ("产出指标", "数量指标", "参与人次", "≥500人次"),
        ("产出指标", "质量指标", "活动完成率", "100%"), ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]  # fmt: skip
    for after in range(len(table.rows) - 1):
        for repeat in (False, True):
            doc = _text_reading(table, Breaking((after,), repeat_header=repeat), tmp_path / f"{after}-{repeat}.txt")
            assert doc.projects == whole_text.projects, (after, repeat)
