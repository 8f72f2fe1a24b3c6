"""The engine remembers what the indicator rules said about a row (issue 18): the findings
are the same as running every rule on every row, a check that does not say what it reads
still runs on every row, and what went wrong on a row is reported from a live run."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES
from kpilint.checks import Problem
from kpilint.checks.contract import Check
from kpilint.engine import memo as memo_module
from kpilint.engine.rules import all_rules, build_rule, check_functions
from kpilint.engine.run import RuleSet, lint_document
from kpilint.readers.yaml_draft import is_draft_text, read_draft

ROWS = """\
department: {{code: '1', name: 甲, year: 2025}}
projects:
{projects}
"""
PROJECT = """\
  - code: P{n}
    name: 项目{n}
    budget: {{total: {budget}, fiscal: {budget}}}
    indicators:
      - {{level1: 产出指标, level2: 数量指标, name: 培训次数, value: '{budget}', basis: 计划标准}}
      - {{level1: 产出指标, level2: 数量指标, name: 培训次数, value: '{budget}', basis: 计划标准}}
      - {{level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: '≥90', basis: 计划标准}}
"""


def _draft(budgets: list[float], path: str = "rows.yaml"):
    projects = "".join(PROJECT.format(n=n, budget=b) for n, b in enumerate(budgets))
    return read_draft(ROWS.format(projects=projects), path)


class _Forgetful(memo_module.RowMemo):
    """A memo that never has a row: every rule runs on every row, as before issue 18."""

    def get(self, key):
        return None


def _every_field(findings) -> list[tuple]:
    return [astuple(f) for f in findings]


def _drafts() -> list[Path]:
    paths = sorted(FIXTURES.rglob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
    return [p for p in paths if is_draft_text(p.read_text("utf-8"))]


@pytest.mark.parametrize("path", _drafts(), ids=lambda p: p.name[:40])
def test_remembered_rows_give_the_findings_every_rule_on_every_row_gives(path: Path) -> None:
    rules = all_rules(("core", "hebei"))
    remembering, forgetful = RuleSet(rules), RuleSet(rules)
    forgetful.memo = _Forgetful(rules)
    doc = read_draft(path.read_text("utf-8"), str(path))
    expected = _every_field(lint_document(doc, forgetful))
    assert _every_field(lint_document(doc, remembering)) == expected
    assert _every_field(lint_document(doc, remembering)) == expected  # every row remembered now


def test_a_value_equal_to_its_own_projects_budget_is_judged_per_project() -> None:
    """money_outside_cost reads budget.total: the same row under two budgets is two rows."""
    rules = RuleSet(all_rules(("core",)))
    projects = "".join(
        PROJECT.format(n=n, budget=b).replace(f"数量指标, name: 培训次数, value: '{b}'", "质量指标, name: 合格率, value: '12'")
        for n, b in enumerate([12.0, 12.0, 5.0])
    )  # the same rows under budgets of 12, 12 and 5: equal to the budget twice
    found = [f for f in lint_document(read_draft(ROWS.format(projects=projects), "r.yaml"), rules)
             if f.rule == "KPI204"]  # fmt: skip
    assert [f.project_code for f in found] == ["P0", "P0", "P1", "P1"]


def test_a_check_that_does_not_say_what_it_reads_runs_on_every_row() -> None:
    calls = []

    def counting(ind, ctx, params, doc):
        calls.append(ctx["project"]["code"])
        if ctx["budget"]["total"] > 10:
            yield Problem({"detail": "大"})

    functions = {**check_functions(), "counting": Check(counting)}
    rule = build_rule({"id": "XX001", "name": "counting", "scope": "indicator",
                       "check": {"function": "counting"}, "message": "{detail}"},
                      "test", "user", functions)  # fmt: skip
    assert rule.reads is None
    rules = RuleSet([rule])
    doc = _draft([12.0, 5.0, 12.0])
    found = lint_document(doc, rules) + lint_document(doc, rules)
    assert len(calls) == 2 * 9
    assert [f.project_code for f in found] == ["P0"] * 3 + ["P2"] * 3 + ["P0"] * 3 + ["P2"] * 3


def test_a_rule_that_runs_into_a_bound_is_reported_in_every_document() -> None:
    rule = build_rule({"id": "XX002", "name": "too-round", "scope": "indicator",
                       "where": {"name": "培训次数"}, "assert": "round(value.number, 99) > 0",
                       "message": "x"}, "test", "user", check_functions())  # fmt: skip
    rules = RuleSet([rule])
    for path in ("a.yaml", "b.yaml"):
        found = lint_document(_draft([12.0, 12.0], path), rules)
        assert [(f.rule, f.name) for f in found] == [("KPI999", "limit-exceeded")], path


def test_the_shipped_indicator_checks_say_what_they_read() -> None:
    indicator_rules = [r for r in all_rules(("core", "hebei")) if r.scope == "indicator"]
    assert indicator_rules and all(r.reads is not None for r in indicator_rules)


def test_a_rule_reading_its_projects_row_count_is_judged_per_project() -> None:
    """A district pack rule stays quiet on a blank row where the whole table is blank (one
    finding for the table) and speaks where the rest is filled: the same blank row under
    two projects is two rows, never answered from the other project."""
    from conftest import ROOT
    from kpilint.engine.rules import load_rule_file

    blank = "      - {level1: 效益指标, level2: 生态效益指标, name: '', value: ''}\n"
    filled = "      - {level1: 产出指标, level2: 数量指标, name: 培训次数, value: '≥4次', basis: 计划标准}\n"
    projects = "".join(f"  - code: P{n}\n    name: 项目{n}\n    indicators:\n{rows}"
                       for n, rows in enumerate([blank, filled + blank, blank]))  # fmt: skip
    doc = read_draft(ROWS.format(projects=projects), "r.yaml")
    rules = [r for r in load_rule_file(ROOT / "examples" / "packs" / "district-review.yaml") if r.id == "DR010"]
    remembering, forgetful = RuleSet(rules), RuleSet(rules)
    forgetful.memo = _Forgetful(rules)
    found = lint_document(doc, remembering)
    assert [f.project_code for f in found] == ["P1"]
    assert _every_field(found) == _every_field(lint_document(doc, forgetful))
