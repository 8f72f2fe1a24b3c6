"""Issue 26, part 3: a real bureau's review checklist as a rule pack, in YAML alone.

examples/packs/district-review.yaml holds each criterion of the district's checklist
(../shared/corpus/review) that a machine can judge as a rule and the others as manual items;
it reads the header fields by the form's own names (政策依据, 测算依据, 年度目标), counts rows
per category, tests lengths and patterns, and shares the bureau's named patterns. It runs on
the real declaration workbooks and its opinions land in the review workbook.
"""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from conftest import ROOT, SHARED, XLSX, kpilint
from kpilint.engine.examples import example_document
from kpilint.engine.rules import RuleError, load_rule_file, load_rule_text
from kpilint.engine.run import RuleSet, lint_document
from kpilint.framework.review import OPINIONS, POINTS

PACK = ROOT / "examples" / "packs" / "district-review.yaml"
CHECKLIST = SHARED / "corpus" / "review" / "district-review-criteria-2023.xlsx"
RULES = load_rule_file(PACK)
RUN = [r for r in RULES if not r.manual]
needs_corpus = pytest.mark.skipif(not XLSX.is_dir(), reason="../shared/corpus/xlsx is absent (it sits beside the project in CI)")


def test_each_criterion_of_the_checklist_is_a_rule_or_a_manual_item() -> None:
    numbers = sorted(int(r.id[2:]) for r in RULES)
    assert numbers == list(range(26))  # the checklist's criteria 0–25, each once
    assert sorted(r.id for r in RULES if r.manual) == ["DR018", "DR019", "DR022", "DR024"]
    for rule in RULES:
        assert rule.review["point"] in POINTS and rule.review["opinion"] in OPINIONS
        assert rule.review.get("text") and rule.docs.get("what") and rule.docs.get("why")


@pytest.mark.skipif(not CHECKLIST.is_file(), reason="../shared/corpus/review is absent (it sits beside the project in CI)")
def test_the_pack_follows_the_checklists_points_and_modes() -> None:
    rows = list(load_workbook(CHECKLIST).worksheets[0].iter_rows(min_row=3, values_only=True))
    by_id = {r.id: r for r in RULES}
    for number, _field, mode, point, aspect, *_ in rows:
        rule = by_id[f"DR{int(number):03d}"]
        assert rule.review["point"] == point, rule.id
        if aspect != "/":
            assert rule.review["aspect"] == aspect, rule.id
        # a person's criterion stays manual, except no. 20: the checklist gives its pattern
        assert rule.manual == (mode == "人工" and rule.id != "DR020"), rule.id


def _own(findings, example):
    """The findings about the example's own row (an indicator example joins a project)."""
    row = example.get("indicator")
    if row is None:
        return findings
    return [f for f in findings if (f.indicator or "") == (row.get("name") or "").strip()
            and (f.value or "") == str(row.get("value") or "").strip()]  # fmt: skip


@pytest.mark.parametrize("rule", RUN, ids=lambda r: r.id)
def test_failing_examples_fire_and_passing_ones_do_not(rule) -> None:
    for kind in ("fail", "pass"):
        assert len(rule.examples.get(kind, ())) >= 2, f"{rule.id} needs two {kind} examples"
        for example in rule.examples[kind]:
            found = _own([f for f in lint_document(example_document(example), RuleSet([rule])) if f.rule == rule.id], example)
            assert bool(found) == (kind == "fail"), (rule.id, kind, example, [f.message for f in found])
            assert all("{" not in f.message for f in found)


@needs_corpus
def test_examples_taken_from_the_workbooks_are_rows_of_them() -> None:
    rows: dict[str, set[tuple[str, str]]] = {}
    for book in XLSX.glob("*.xlsx"):
        shown = json.loads(kpilint("show", str(book), "--format", "json").stdout)
        rows[book.name] = {(i["name"], i["value"]) for d in shown["documents"] for p in d["projects"] for i in p["indicators"]}
    cited = 0
    for rule in RUN:
        for example in (*rule.examples["fail"], *rule.examples["pass"]):
            m = re.match(r"corpus/xlsx/(\S+\.xlsx)$", example.get("source", ""))
            if m and "indicator" in example:
                row = example["indicator"]
                assert (row["name"], row["value"]) in rows[m.group(1)], (rule.id, row)
                cited += 1
    assert cited >= 30


@needs_corpus
def test_the_pack_runs_on_the_real_workbooks_and_its_opinions_reach_the_review(tmp_path) -> None:
    out = tmp_path / "初审意见.xlsx"
    run = kpilint("check", str(XLSX), "--rules", str(PACK), "--format", "review", "-o", str(out))
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["初审意见", "问题明细", "人工审核项"]
    _, *manual = list(book["人工审核项"].iter_rows(values_only=True))
    assert [row[0] for row in manual] == ["DR018", "DR019", "DR022", "DR024"]
    _, *rows = [list(r) for r in book["初审意见"].iter_rows(values_only=True)]
    projects = [r for r in rows if not r[1].startswith("（文件")]
    assert len(projects) == 56  # 20 + 20 + 16 sheets, one project each
    for row in projects:
        assert "待人工审核 4 项" in row[5]
    found = json.loads(kpilint("check", str(XLSX), "--rules", str(PACK), "--format", "json").stdout)["findings"]
    fired = {f["rule"] for f in found if f["rule"].startswith("DR")}
    assert {"DR000", "DR001", "DR004", "DR010", "DR023", "DR025"} <= fired
    detail = list(book["问题明细"].iter_rows(values_only=True))
    assert sum(r[7].startswith("DR") for r in detail[1:]) == sum(f["rule"].startswith("DR") for f in found)
    # a project whose table is empty is told so under 完整性, and nothing is said of its values
    empty = [r for r in projects if "绩效目标表未填写；" in r[2]]
    assert empty and all(r[3] == "审核通过" for r in empty)
    # a 时效 value that only says 及时 is an opinion under 可行性 naming the indicator
    assert any("“年度工作资料及时归档”（及时）" in r[4] for r in projects)


# --- the rule language a bureau writes in ---------------------------------------------------------
def _rule(assertion: str, scope: str = "project", extra: str = "") -> str:
    return (f"rules:\n  - id: BUR001\n    name: x-y\n    scope: {scope}\n    assert: '{assertion}'\n"
            f"    message: {{zh: 甲, en: a}}\n{extra}")  # fmt: skip


def test_a_field_named_as_the_form_names_it_reads_that_field() -> None:
    [rule] = load_rule_text(_rule('not ("政策依据" in 表中栏目) or len(政策依据) >= 10'), "b.yaml")
    def fires(project: dict) -> bool:
        return bool(lint_document(example_document({"project": project}), RuleSet([rule])))
    assert fires({"policy_basis": "按要求"})
    assert not fires({"policy_basis": "根据《宝安区社区工作站管理办法》设立"})
    assert not fires({"name": "甲"})  # a form without a 政策依据 field: nothing to say


def test_a_misspelt_field_name_is_refused_not_silent() -> None:
    with pytest.raises(RuleError) as caught:
        load_rule_text(_rule("len(政策依剧) > 0"), "b.yaml")
    assert "b.yaml:5" in str(caught.value) and "未知字段“政策依剧”" in str(caught.value) and "政策依据" in str(caught.value)
    with pytest.raises(RuleError) as caught:  # an indicator rule has no 政策依据
        load_rule_text(_rule("len(政策依据) > 0", scope="indicator"), "b.yaml")
    assert "未知字段“政策依据”" in str(caught.value)


def test_rows_are_counted_per_category() -> None:
    [rule] = load_rule_text(_rule("二级指标行数.数量指标 >= 2"), "b.yaml")
    doc = example_document({"project": {"indicators": [
        {"level1": "产出", "level2": "数量", "name": "社区饭堂数量", "value": "1处"},
        {"level1": "产出", "level2": "数量", "name": "不适用", "value": "不适用"}]}})  # fmt: skip
    assert lint_document(doc, RuleSet([rule]))  # one filled 数量 row: 不适用 is no row of it


def test_a_packs_shared_parameters_are_every_assert_rules_defaults() -> None:
    text = "pack: b\nparams: {文件引用: '《[^》]{5,}》'}\n" + _rule("matches(政策依据, params.文件引用)")
    [rule] = load_rule_text(text, "b.yaml")
    assert rule.params["文件引用"] == "《[^》]{5,}》"
    with pytest.raises(RuleError) as caught:
        load_rule_text("pack: b\nparmas: {}\nrules: []\n", "b.yaml")
    assert "parmas" in str(caught.value)


def test_a_manual_item_is_never_run_and_cannot_carry_a_check() -> None:
    [item] = load_rule_text("rules:\n  - {id: BUR009, name: x-y, manual: true, message: {zh: 人看, en: x},\n"
                            "     review: {point: 完整性, aspect: 目标相关性, opinion: 指标与项目的相关性不够}}\n", "b.yaml")  # fmt: skip
    doc = example_document({"indicator": {"level1": "产出指标", "level2": "数量指标", "name": "甲", "value": "1个"}})
    assert item.manual and lint_document(doc, RuleSet([item])) == []
    with pytest.raises(RuleError) as caught:
        load_rule_text("rules:\n  - {id: BUR009, name: x-y, manual: true, assert: 'true', message: {zh: 人看, en: x},\n"
                       "     review: {point: 完整性, opinion: 其他}}\n", "b.yaml")  # fmt: skip
    assert "人工审核项" in str(caught.value)


def test_rules_and_explain_show_a_manual_item_as_a_persons_judgement(tmp_path) -> None:
    (tmp_path / ".kpilint.yaml").write_text(f"rules: [{json.dumps(str(PACK))}]\n", "utf-8")
    listed = kpilint("rules", cwd=tmp_path).stdout
    assert re.search(r"^DR018 indicator-misfiled\s+人工", listed, re.M)
    assert re.search(r"^DR025 timeliness-without-limit\s+warning", listed, re.M)
    assert "人工审核项" in kpilint("explain", "DR018", cwd=tmp_path).stdout
