"""The published-text reader on the seeds (expectations written per seed) and on our fixtures."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import FIXTURES, SEEDS, kpilint, needs_seeds
from kpilint import load
from kpilint.readers.published_text import read_published_text
from kpilint.readers.yaml_draft import read_draft
from kpilint.writers.yaml_draft import write_draft

EXPECTED = sorted((FIXTURES / "seeds").glob("[0-9]*.yaml"))


def _reading(doc) -> dict:
    return {
        "unit_code": doc.unit_code,
        "unit_name": doc.unit_name,
        "year": doc.year,
        "money_unit": doc.money_unit,
        "projects": [
            {
                "code": p.code,
                "name": p.name,
                "budget": {
                    "total": p.budget.total,
                    "fiscal": p.budget.fiscal,
                    "other": p.budget.other,
                },
                "spend_plan": {c.label: c.text for c in p.spend_plan.checkpoints}
                if p.spend_plan
                else None,
                "goals": list(p.goals),
                "indicators": [
                    [i.level1, i.level2, i.name, i.description, i.value_text, i.basis]
                    for i in p.indicators
                ],
            }
            for p in doc.projects
        ],
    }


@needs_seeds
@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_seed_reads_as_expected(expected_file) -> None:
    expected = yaml.safe_load(expected_file.read_text("utf-8"))
    doc = load(SEEDS / expected.pop("file"))
    got = _reading(doc)
    for key in ("unit_code", "unit_name", "year", "money_unit"):
        assert got[key] == expected[key], key
    assert [p["code"] for p in got["projects"]] == [p["code"] for p in expected["projects"]]
    for got_p, want_p in zip(got["projects"], expected["projects"], strict=True):
        for key in ("name", "budget", "spend_plan", "goals"):
            assert got_p[key] == want_p[key], (want_p["code"], key)
        for n, (got_row, want_row) in enumerate(
            zip(got_p["indicators"], want_p["indicators"], strict=True)
        ):
            assert got_row == want_row, (want_p["code"], n)
    assert not doc.diagnostics, [d.message for d in doc.diagnostics]


@needs_seeds
def test_seed_totals() -> None:
    docs = [load(p) for p in sorted(SEEDS.glob("*.txt"))]
    rows = [i for d in docs for p in d.projects for i in p.indicators]
    assert (len(docs), sum(len(d.projects) for d in docs), len(rows)) == (4, 13, 106)
    empty = [
        i
        for i in load(SEEDS / "004_b691fb4d68d56d77.txt").projects
        for i in i.indicators
        if i.is_empty
    ]
    assert len(empty) == 9


@needs_seeds
def test_show_json_lists_the_projects_and_rows_of_002() -> None:
    out = kpilint("show", str(SEEDS / "002_069f998a57cb2d3b.txt"), "--format", "json")
    assert out.returncode == 0, out.stderr
    (doc,) = json.loads(out.stdout)["documents"]
    assert [p["code"] for p in doc["projects"]] == [
        "13028125P000002100050",
        "13028125P000051100010",
        "13028125P000049100016",
        "13028125P00005210001M",
    ]
    assert sum(len(p["indicators"]) for p in doc["projects"]) == 28
    first = doc["projects"][0]
    assert first["budget"] == {"total": 26.0, "fiscal": 26.0, "other": None}
    assert first["indicators"][0] == {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "组织参观人次",
        "description": "组织参观人次",
        "value": "≥1500 人",
        "basis": "冀财教【2024】104 号",
        "line": 194,
    }
    assert first["spend_plan"][0] == {"label": "3 月底", "month": 3, "text": "30%"}


@needs_seeds
@pytest.mark.parametrize(
    "seed", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda p: p.stem
)
def test_seed_converts_to_yaml_and_back_without_loss(seed, tmp_path) -> None:
    doc = load(seed)
    out = tmp_path / "draft.yaml"
    result = kpilint("convert", str(seed), "-o", str(out))
    assert result.returncode == 0, result.stderr
    again = load(out)
    assert again == doc
    assert again.template == "yaml-draft" and not again.diagnostics


# --- our own fixtures: meaningful without ../shared/ ------------------------------------------
def test_wrapped_fixture_reads_codes_budgets_and_rows() -> None:
    doc = load(FIXTURES / "text" / "wrapped_small.txt")
    assert (doc.unit_code, doc.unit_name, doc.year) == ("101001", "示例县文化馆本级", 2026)
    assert (
        doc.overall_goals
        == "示例县文化馆围绕全县公共文化服务工作，开展群众文化活动，提升公共文化服务水平。"
    )
    first, second = doc.projects
    assert first.code == "13099926P00001230004K"  # split over two lines with a blank between
    assert (first.budget.total, first.budget.fiscal, first.budget.other) == (8.0, 6.0, 2.0)
    assert [(c.month, c.text) for c in first.spend_plan.checkpoints] == [
        (3, "20%"),
        (6, "50%"),
        (10, "80%"),
        (12, "100%"),
    ]
    rows = [
        (i.level1, i.level2, i.name, i.description, i.value_text, i.basis) for i in first.indicators
    ]
    assert rows == [
        (
            "产出指标",
            "数量指标",
            "组织文化演出场次",
            "全年组织群众文化演出的场次",
            "≥12 场",
            "年度工作计划",
        ),
        ("产出指标", "质量指标", "演出完成率", "计划演出的完成比例", "≥95%", "年度工作计划"),
        (
            "产出指标",
            "时效指标",
            "培训完成时间",
            "培训全部完成的时间",
            "2026年10月底之前",
            "年度工作计划",
        ),
        ("产出指标", "成本指标", "演出活动成本", "演出活动经费支出", "≤8 万元", "年度工作计划"),
        (
            "效益指标",
            "社会效益指标",
            "群众文化生活",
            "群众文化生活得到丰富",
            "显著提升",
            "年度工作计划",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "观众满意度",
            "观众对演出的满意度",
            "≥90%",
            "年度工作计划",
        ),
    ]
    assert first.indicators[0].location.line == 53
    assert second.code == "13099926P000013400077" and second.budget.other is None


def test_unreadable_row_is_a_diagnostic_with_its_line_not_a_silent_drop() -> None:
    doc = load(FIXTURES / "text" / "wrapped_small.txt")
    (diag,) = doc.diagnostics
    assert diag.code == "unplaced-row" and diag.location.line == 127
    assert "无法识别的内容" in diag.message


def test_tab_and_cell_layouts(tmp_path) -> None:
    tabs = tmp_path / "tabs.txt"
    tabs.write_text(
        "100001 示例单位本级\n单位：万元\n"
        "项目编码\t13000126P00000100001A\t\t项目名称\t示例项目\t\t\n"
        "预算规模及 资金用途\t预算数\t5.00\t其中：财政 资金\t5.00\t其他资金\t\n"
        "\t用于示例\t\t\t\t\t\n"
        "资金支出计 划（%）\t3月底\t\t6月底\t10月底\t12月底\t\n"
        "\t30%\t\t60%\t90%\t100%\t\n"
        "绩效目标\t1. 目标一 2. 目标二\t\t\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\t\n"
        "产出指标\t数量指标\t培训 次数\t培训次数\t≥4 次\t计划\t\n"
        "\t质量指标\t合格率\t合格率\t≥95%\t\t\n",
        encoding="utf-8",
    )
    doc = load(tabs)
    (p,) = doc.projects
    assert (p.code, p.name, p.budget.total, p.purpose) == (
        "13000126P00000100001A",
        "示例项目",
        5.0,
        "用于示例",
    )
    assert [c.text for c in p.spend_plan.checkpoints] == ["30%", "60%", "90%", "100%"]
    assert p.goals == ("1. 目标一", "2. 目标二")
    assert [(i.level1, i.level2, i.name, i.value_text, i.basis) for i in p.indicators] == [
        ("产出指标", "数量指标", "培训次数", "≥4 次", "计划"),
        ("产出指标", "质量指标", "合格率", "≥95%", ""),
    ]
    assert (p.indicators[1].where("value").line, p.indicators[1].where("value").column) == (11, 5)


def test_draft_round_trip_of_fixture(tmp_path) -> None:
    doc = load(FIXTURES / "text" / "wrapped_small.txt")
    assert read_draft(write_draft(doc), "x.yaml") == doc


def test_a_project_whose_layout_switches_mid_table_is_read_whole() -> None:
    """Extracted text can switch, within one document and one table, from cells wrapped at
    their column width to one cell per tab-indented line (a new page, another extractor
    setting). mixed_layout.txt is wrapped_small.txt with the rows after the 质量指标 row
    printed the second way: both read to the same project."""
    mixed = load(FIXTURES / "text" / "mixed_layout.txt")
    wrapped = load(FIXTURES / "text" / "wrapped_small.txt")
    assert mixed.projects[0] == wrapped.projects[0]
    assert [i.level2 for i in mixed.projects[0].indicators][2:] == [
        "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标",
    ]  # fmt: skip
    assert not [d for d in mixed.diagnostics if d.location.line and d.location.line < 100]


# --- one text, two layouts: the same tables as wrapped lines, then one cell a line -----------
def _table_rows(p) -> list[list[str]]:
    """A project's table as the template draws it: label cells, then its rows with 一级/二级
    printed once for the rows they span (a merged cell)."""
    b = p.budget
    money = lambda v: "" if v is None else f"{v:.2f}"  # noqa: E731
    rows = [
        ["项目编码", p.code, "项目名称", p.name],
        ["预算规模及资金用途", "预算数", money(b.total), "其中：财政资金", money(b.fiscal), "其他资金", money(b.other)],
        ["", p.purpose],
        ["资金支出计划（%）", *[c.label for c in p.spend_plan.checkpoints]],
        ["", *[c.text for c in p.spend_plan.checkpoints]],
        ["绩效目标", " ".join(p.goals)],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    ]
    before = None
    for i in p.indicators:
        same1 = before is not None and before.level1 == i.level1
        same2 = same1 and before.level2 == i.level2
        rows.append(["" if same1 else i.level1, "" if same2 else i.level2, i.name, i.description, i.value_text, i.basis])
        before = i
    return rows


#: one cell a line: tab-indented with rows apart (blank lines), tab-indented as one stream,
#: not indented; and one printed row a line, cells tab-separated
_LAYOUTS = {
    "cells": lambda rows: "\n".join("\n".join("\t" + c for c in row) + "\n" for row in rows),
    "cells-one-stream": lambda rows: "\n".join("\t" + c for row in rows for c in row),
    "cells-not-indented": lambda rows: "\n".join(c for row in rows for c in row if c),
    "tabs": lambda rows: "\n".join("\t".join(row) for row in rows),
}


def _as_read(p) -> tuple:
    plan = tuple(c.text for c in p.spend_plan.checkpoints) if p.spend_plan else None
    rows = [(i.level1, i.level2, i.name, i.description, i.value_text, i.basis) for i in p.indicators]
    return (p.code, p.name, p.budget.total, p.budget.fiscal, p.budget.other, p.purpose, plan, p.goals, rows)


@pytest.mark.parametrize("layout", sorted(_LAYOUTS))
@pytest.mark.parametrize("wrapped_first", [True, False], ids=["wrapped-first", "wrapped-last"])
def test_a_text_whose_layout_changes_reads_each_table_in_its_own(layout, wrapped_first, tmp_path) -> None:
    """An extracted text that holds the same tables twice, once as lines wrapped at their
    column width (wrapped_small.txt) and once in another layout: each table is read by the
    layout it is written in, so both halves read to the same projects, and none is nameless."""
    text = (FIXTURES / "text" / "wrapped_small.txt").read_text("utf-8")
    once = load(FIXTURES / "text" / "wrapped_small.txt")
    head, _, _ = text.partition(" 1.群众文化活动经费绩效目标表")
    tables = text[len(head) :]
    other = "\n\n".join(f"{n}.{p.name}绩效目标表\n{once.unit_code} {once.unit_name}：万元\n\n" + _LAYOUTS[layout](_table_rows(p))
                        for n, p in enumerate(once.projects, 1))  # fmt: skip
    path = tmp_path / "twice.txt"
    path.write_text(head + (tables + "\n" + other + "\n" if wrapped_first else other + "\n\n" + tables), "utf-8")
    doc = load(path)
    want = [_as_read(p) for p in once.projects]
    assert [_as_read(p) for p in doc.projects] == want + want
    assert all(p.name and p.code for p in doc.projects)
    # the fixture's one unreadable row, reported once in its own half, and nothing else
    assert [d.code for d in doc.diagnostics] == ["unplaced-row"]
    assert "无法识别的内容" in doc.diagnostics[0].message


@pytest.mark.parametrize("layout", ["cells", "cells-one-stream", "cells-not-indented"])
def test_a_cell_lost_from_a_table_never_loses_its_rows_in_silence(layout) -> None:
    """Extraction drops a line (a cell, a header word): every line of the table's other
    rows is still read, or the reading says what it could not place. Without it a
    header word lost from a one-cell-a-line table put every row into the goals, unreported."""
    (project, _) = load(FIXTURES / "text" / "wrapped_small.txt").projects
    lines = _LAYOUTS[layout](_table_rows(project)).split("\n")
    for k, lost in enumerate(lines):
        if not lost.strip():
            continue
        doc = read_published_text("\n".join(lines[:k] + lines[k + 1 :]), "t.txt")
        rows = sum(1 for p in doc.projects for i in p.indicators if not i.is_empty)
        assert rows >= len(project.indicators) - 1 or doc.diagnostics, (k, lost)


def test_a_self_evaluation_table_in_a_text_is_named_as_skipped(tmp_path) -> None:
    """Every table a text holds is read or named: a self-evaluation table (实际完成值, 得分)
    after the target tables is skipped with why (it was dropped without a word), and not
    counted as an unread target table."""
    path = tmp_path / "t.txt"
    table = ["项目编码\t13099926P0000999\t项目名称\t示例项目",
             "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
             "产出指标\t数量指标\t场次\t≥3场\t3场\t10\t10"]  # fmt: skip
    text = (FIXTURES / "text" / "wrapped_small.txt").read_text("utf-8")
    path.write_text(text + "\n" + "\n".join(table) + "\n", "utf-8")
    doc = load(path)
    assert len(doc.projects) == 2 and not doc.coverage.unread_tables
    (note,) = [d for d in doc.diagnostics if d.code == "skipped-pages"]
    assert note.location.line == len(text.split("\n")) + 1 and "自评" in note.message


@pytest.mark.parametrize(
    "after",
    ["第三部分 名词解释\n\n1. 财政拨款收入：指本年度从本级财政部门取得的财政拨款。", "附件：\n绩效目标编制说明"],
    ids=["next-part", "appendix"],
)
def test_text_after_the_last_table_is_not_read_into_its_last_row(after, tmp_path) -> None:
    """The last row of a wrapped table ends with the basis its column repeats; prose printed
    after the table (an appendix, the next part) stays out of that row's basis, and the
    reading names the lines it left."""
    text = (FIXTURES / "text" / "wrapped_small.txt").read_text("utf-8")
    path = tmp_path / "t.txt"
    path.write_text(text.rstrip("\n") + "\n\n" + after + "\n", "utf-8")
    doc = load(path)
    assert doc.projects == load(FIXTURES / "text" / "wrapped_small.txt").projects
    (note,) = [d for d in doc.diagnostics if d.code == "skipped-pages"]
    assert note.location.line == len(text.rstrip("\n").split("\n")) + 2
    assert after.split("\n")[0] in note.message
