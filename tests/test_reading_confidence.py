"""Issue 21: a finding is told only as surely as the reading it rests on.

A reader that joins a cell across a page break, infers a category or guesses says so in
the row's or project's `provenance`; a rule whose premises were not read from their own
cells speaks at info with the reason (or not at all where the reader could have caused
the defect), and no rule reports something missing from a project read incompletely.
"""

from __future__ import annotations

import pytest

from kpilint.engine.examples import example_document
from kpilint.engine.rules import PACKS, all_rules, load_rule_text
from kpilint.engine.run import RuleSet, lint_document

RULES = RuleSet(all_rules(PACKS))
SATISFACTION = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度",
                "value": "≥90", "basis": "历史标准"}  # fmt: skip


def _findings(example: dict) -> list:
    return lint_document(example_document(example), RULES)


def _of(findings: list, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


def test_a_defect_read_from_its_own_cells_is_asserted() -> None:
    (finding,) = _of(_findings({"indicator": SATISFACTION}), "KPI301")
    assert finding.severity == "error"
    assert "仅供核对" not in finding.message


@pytest.mark.parametrize(("field", "how", "words"), [
    ("value", "joined", "指标值由跨页或换行拼接得到"),
    ("name", "guessed", "指标名称读取不确定"),
])  # fmt: skip
def test_a_defect_whose_premise_was_not_read_directly_is_told_at_info_with_the_reason(
    field: str, how: str, words: str
) -> None:
    (finding,) = _of(_findings({"indicator": SATISFACTION, "provenance": {field: how}}), "KPI301")
    assert finding.severity == "info"
    assert words in finding.message


def test_a_field_the_rule_does_not_rest_on_changes_nothing() -> None:
    (finding,) = _of(_findings({"indicator": SATISFACTION, "provenance": {"basis": "joined"}}), "KPI301")
    assert finding.severity == "error"


def test_an_unknown_category_made_by_joining_a_cut_cell_is_not_reported() -> None:
    row = {"level1": "产", "level2": "数量指标", "name": "培训次数", "value": "≥4次", "basis": "计划标准"}
    assert _of(_findings({"indicator": row}), "KPI004")
    assert not _of(_findings({"indicator": row, "provenance": {"level1": "joined"}}), "KPI004")


def test_a_value_missing_on_a_row_the_reader_was_unsure_of_is_not_reported() -> None:
    row = {"level1": "产出指标", "level2": "数量指标", "name": "次数", "value": "", "basis": ""}
    assert _of(_findings({"indicator": row}), "KPI002")
    assert not _of(_findings({"indicator": row, "provenance": {"name": "guessed"}}), "KPI002")


ABSENCES = {
    "KPI010": {"project": {"goals": []}},
    "KPI011": {"project": {"budget": None}},
    "KPI201": {"project": {"indicators": [SATISFACTION | {"value": "≥90%"}]}},
    "KPI402": {"project": {"indicators": [SATISFACTION | {"value": "≥90%"}]}},
    "KPI403": {"project": {"indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训次数", "value": "≥4次", "basis": "计划标准"}]}},
}  # fmt: skip


@pytest.mark.parametrize("rule", sorted(ABSENCES))
@pytest.mark.parametrize("incomplete", [
    {"reading_notes": ["rows-unplaced"]},
    {"project_provenance": {"budget": "guessed"}},
])  # fmt: skip
def test_no_absence_is_reported_on_a_project_read_incompletely(rule: str, incomplete: dict) -> None:
    example = ABSENCES[rule]
    assert _of(_findings(example), rule), f"{rule} must fire on a project read completely"
    found = _findings(example | incomplete)
    assert not _of(found, rule)
    (unchecked,) = _of(found, "KPI015")
    assert unchecked.severity == "info"


def test_a_category_joined_into_one_the_framework_knows_leaves_the_reading_complete() -> None:
    example = ABSENCES["KPI403"] | {}
    doc = example_document(example)
    project = doc.projects[0]
    from dataclasses import replace
    from types import MappingProxyType

    joined = replace(project.indicators[0], provenance=MappingProxyType({"level1": "joined"}))
    assert replace(project, indicators=(joined,)).reading_complete
    cut = replace(joined, level1="产")
    assert not replace(project, indicators=(cut,)).reading_complete


def test_a_rule_file_may_declare_premises_and_what_to_do_when_they_are_uncertain() -> None:
    rules = load_rule_text(
        "rules:\n"
        "  - id: BUR001\n    name: no-bare-number\n    severity: warning\n    scope: indicator\n"
        "    premises: [value]\n    on_uncertain: skip\n"
        "    where: {value.dimension: dimensionless, value.kind: quantity}\n"
        "    message: {zh: '无单位', en: 'no unit'}\n",
        "bureau.yaml",
    )
    row = {"level1": "产出指标", "level2": "数量指标", "name": "培训", "value": "≥4", "basis": "计划标准"}
    ruleset = RuleSet(rules)
    assert lint_document(example_document({"indicator": row}), ruleset)
    joined = example_document({"indicator": row, "provenance": {"value": "joined"}})
    assert not lint_document(joined, ruleset)


def test_premises_of_an_assert_rule_come_from_what_it_reads() -> None:
    (rule,) = load_rule_text(
        "rules:\n  - id: BUR002\n    name: x\n    scope: indicator\n"
        "    assert: 'not matches(name, \"满意度\") or value.dimension == \"percent\"'\n"
        "    message: {zh: x, en: x}\n",
        "bureau.yaml",
    )
    assert set(rule.premises) == {"name", "value"}


def test_rows_a_page_could_not_place_are_one_finding_with_every_row_in_its_details() -> None:
    from dataclasses import replace

    from kpilint.model import Diagnostic, Location

    doc = example_document({})
    rows = [Diagnostic("unplaced-row", f"此行无法归入指标表：第{n}行文字", Location("a.pdf", page=7))
            for n in range(40)]  # fmt: skip
    other = Diagnostic("unplaced-row", "此行无法归入指标表：别页", Location("a.pdf", page=9))
    pages = [Diagnostic("unread-page", f"第 {n} 页未读", Location("a.pdf", page=n)) for n in (3, 4)]
    found = _of(lint_document(replace(doc, diagnostics=(*rows, other, *pages)), RULES), "KPI000")
    assert len(found) == 3  # page 7's forty rows, page 9's one row, the two unread pages
    seven = next(f for f in found if f.page == 7)
    assert "40 行" in seven.message and len(seven.details) == 40
    assert "第 3、4 页" in next(f for f in found if f.page == 3).message


# --- a budget taken from the 实施期 total -----------------------------------------------------


def _project_from(found: dict[str, str]):
    from kpilint.model import Location
    from kpilint.readers.shapes.project import build_project

    return build_project({k: (v, Location("t.pdf", page=1)) for k, v in found.items()}, None, (), [], [], "t.pdf")


@pytest.mark.parametrize(("found", "in_doubt"), [
    ({"name": "食堂包厨", "period_total": "131.37"}, True),  # 实施期 of unknown length
    ({"name": "食堂包厨", "period_total": "131.37", "period": "3"}, True),
    ({"name": "食堂包厨", "period_total": "131.37", "period": "1年"}, False),
    ({"name": "食堂包厨", "period_total": "131.37", "period": "2026年1月-12月"}, False),
    ({"name": "食堂包厨", "period_total": "393", "total": "131.37", "period": "3"}, False),  # the year's own cell
])  # fmt: skip
def test_a_budget_taken_from_the_whole_period_is_marked_unless_the_period_is_one_year(found, in_doubt) -> None:
    project = _project_from(found)
    assert project.budget.total == 131.37
    assert (project.doubt("budget") == "period") is in_doubt


def test_a_verdict_on_a_budget_taken_from_the_whole_period_says_so() -> None:
    costs = {"indicators": [{"level1": "产出指标", "level2": "成本指标", "name": "设备采购成本",
                             "value": "≤200万元", "basis": "计划标准"}]}  # fmt: skip
    (read,) = _of(_findings({"project": {"budget": {"total": 100, "fiscal": 100, "other": 0}, **costs}}), "KPI203")
    (doubted,) = _of(_findings({"project": {"budget": {"total": 100, "fiscal": 100, "other": 0}, **costs},
                                "project_provenance": {"budget": "period"}}), "KPI203")  # fmt: skip
    assert read.severity == "error" and "仅供核对" not in read.message
    assert doubted.severity == "info" and "预算数取自实施期资金总额" in doubted.message


def test_the_reason_a_finding_is_not_asserted_is_in_the_reports_language() -> None:
    import re

    english = RuleSet(all_rules(PACKS), lang="en")
    (finding,) = _of(lint_document(example_document({"indicator": SATISFACTION, "provenance": {"value": "joined"}}),
                                   english), "KPI301")  # fmt: skip
    assert finding.message.endswith("(not asserted: value joined across a page or line break)")
    assert not re.search(r"[\u4e00-\u9fff]", finding.message.replace("群众满意度", "")), finding.message
