"""`kpilint diff LAST THIS`: this year's table against last year's (issue 26, part 4).

Pairs are real where the corpus has them (the Shenzhen street office's FY2021–22 and FY2022
workbooks), and otherwise a real document against a copy of it edited as a year's changes
would (converted to a draft with `kpilint convert`, a few targets changed): the edits are
the labels, so every finding expected is known and every other finding is a wrong alarm.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, EXAMPLES, SHARED, XLSX, kpilint
from kpilint.core.diff import diff
from kpilint.core.formats import load
from kpilint.engine.diff import diff_documents
from kpilint.engine.examples import example_document
from kpilint.engine.matching import match_documents, normalised_name, row_name
from kpilint.engine.rules import DIFF_PACKS, all_rules, load_rule_text
from kpilint.reporters import FORMATS
from kpilint.values.relative import relative_to_last

RULES = all_rules(DIFF_PACKS)
CASES = [(r, kind, k) for r in RULES for kind in ("fail", "pass") for k in range(len(r.examples[kind]))]


def _run(example: dict[str, Any], rules=RULES, lang: str = "zh"):
    last = example_document(example["last"], "last.yaml")
    this = example_document(example["this"], "this.yaml")
    return diff_documents(last, this, rules, lang)


# --- the rules: docs, examples from real tables, messages --------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_every_diff_rule_is_documented_and_grounded(rule) -> None:
    for key in ("what", "why", "source", "allowed", "fix"):
        assert rule.docs.get(key), f"{rule.id} lacks docs.{key}"
    for kind in ("fail", "pass"):
        assert len([e for e in rule.examples[kind] if e.get("source")]) >= 2, f"{rule.id}: two real {kind} examples"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].id}-{c[1]}-{c[2]}")
def test_failing_examples_fire_and_passing_ones_are_silent(case) -> None:
    rule, kind, k = case
    found = [f for f in _run(rule.examples[kind][k], [rule]) if f.rule == rule.id]
    if kind == "pass":
        assert not found, [f.message for f in found]
        return
    assert found, f"{rule.id} did not fire on its failing example {k}"
    for f in found:
        assert f.path == "this.yaml", "a finding points at this year's file"
        assert "{" not in f.message
        if rule.scope in ("indicator_pair", "indicator_dropped", "project_dropped"):
            assert "last.yaml:" in f.message, "the message names last year's cell"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_english_messages_are_english(rule) -> None:
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in rule.message["en"])
    (first, *_) = [f for f in _run(rule.examples["fail"][0], [rule], "en") if f.rule == rule.id]
    assert "{" not in first.message


def test_a_verdict_on_a_value_last_years_reader_was_unsure_of_is_told_as_such() -> None:
    """A lowered target whose last-year figure was joined across a page break is a hint with
    the reason, not a warning: the figure may be the reading's, not the table's."""
    (example, *_) = next(r for r in RULES if r.id == "KPI801").examples["fail"]
    (sure,) = [f for f in _run(example) if f.rule == "KPI801"]
    doubtful = {**example, "last": {**example["last"], "provenance": {"value": "joined"}}}
    (told,) = [f for f in _run(doubtful) if f.rule == "KPI801"]
    assert sure.severity == "warning" and told.severity == "info"
    assert told.message.startswith(sure.message) and "上年的指标值由跨页或换行拼接得到" in told.message


def test_an_unchanged_table_has_nothing_to_say() -> None:
    base = {"project": {}}
    assert _run({"last": base, "this": base}) == []


# --- values stated against last year's ------------------------------------------------------

RELATIVE = {
    ">=": ["不低于上年", "不低于上年水平", "不少于上年度", "≥上年", "不低于去年同期", "达到上年水平", "上年水平以上",
           "较上年不降低", "与上年相比不下降"],
    ">": ["较上年提高", "较上年有所提高", "比上年增加", "高于上年", "较去年进一步提升"],
    "=": ["与上年持平", "同上年一致"],
    "<=": ["不高于上年", "不超过上年水平", "上年以下"],
    "<": ["低于上年", "较上年下降", "比上年有所减少"],
}  # fmt: skip


@pytest.mark.parametrize(("op", "text"), [(op, t) for op, texts in RELATIVE.items() for t in texts])
def test_every_wording_of_a_comparison_with_last_year_reads_the_same(op, text) -> None:
    assert relative_to_last(text) == op
    assert relative_to_last(f" {text}。") == op, "spaces and a closing stop change nothing"


@pytest.mark.parametrize("text", ["较上年增长5%", "比上年提高2个百分点", "≥95%", "显著提升", "上年", "持续提高", ""])
def test_values_that_name_a_figure_or_no_comparison_are_not_relative(text) -> None:
    assert relative_to_last(text) is None


def test_a_resolved_value_keeps_last_years_unit_as_written() -> None:
    example = {
        "last": {"indicator": {"level1": "产出指标", "level2": "成本指标", "name": "人均补助标准", "value": "≤30万元"}},
        "this": {"indicator": {"level1": "产出指标", "level2": "成本指标", "name": "人均补助标准", "value": "不高于上年"}},
    }  # fmt: skip
    (found,) = [f for f in _run(example) if f.rule == "KPI803"]
    assert "≤30万元" in found.message


def test_a_resolved_value_is_checked_like_any_other_target() -> None:
    """`不低于上年` against last year's ≥75% promises ≥75%: below the satisfaction floor, as
    `check` says of a ≥75% written out; what `check` says of the row as written (its missing
    basis) stays `check`'s."""
    row = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "居民满意度"}
    last = example_document({"indicator": {**row, "value": "≥75%"}}, "last.yaml")
    this = example_document({"indicator": {**row, "value": "不低于上年"}}, "this.yaml")
    findings = diff(last, this).result.findings
    assert [f.rule for f in findings] == ["KPI311", "KPI803"]
    assert findings[0].path == "this.yaml" and "按上年解析为 ≥75%" in findings[0].message
    written = example_document({"indicator": {**row, "value": "≥90%"}}, "this.yaml")
    assert [f.rule for f in diff(last, written).result.findings] == []


# --- matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [("2025年社区阅读中心运营维护费", "社区阅读中心运营维护费（2026年度）"),
                                      ("1.科普经费项目", "科普经费"), ("科 普 经 费", "科普经费")])  # fmt: skip
def test_project_names_match_across_years_whatever_the_year_spacing_or_numbering(a, b) -> None:
    assert normalised_name(a) == normalised_name(b)


def test_project_names_keep_what_tells_projects_apart() -> None:
    assert normalised_name("环保监督检查员经费（越秀区）") != normalised_name("环保监督检查员经费（海珠区）")
    assert row_name("群众满意度（%）") == row_name("群众满意度")


def _accounted(last, this, matching) -> None:
    """Every project of each year is paired once, or listed as unpaired: none disappears."""
    mine = Counter(p.this_index for p in matching.pairs if p.this is not None)
    theirs = Counter(p.last_index for p in matching.pairs if p.last is not None)
    assert sorted(mine) == list(range(len(this.projects))) and set(mine.values()) <= {1}
    assert sorted(theirs) == list(range(len(last.projects))) and set(theirs.values()) <= {1}


def _draft(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text("utf-8"))


def _write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _row(project: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in project["indicators"] if r["name"] == name)


def _clean_pair(tmp_path: Path) -> tuple[Path, Path]:
    """examples/clean.yaml as this year's table, and a last year's made by editing a copy."""
    last = _draft(EXAMPLES / "clean.yaml")
    (project, *_) = last["projects"]
    project["name"] = "2025年" + project["name"]
    _row(project, "群众满意度")["value"] = "≥95%"  # this year's ≥90% is lower
    _row(project, "科普活动完成率")["value"] = "≥95%"  # unchanged
    project["indicators"].append({"level1": "产出指标", "level2": "数量指标", "name": "科普讲座场次", "value": "≥6 场"})
    this = _draft(EXAMPLES / "clean.yaml")
    _row(this["projects"][0], "科普活动完成率")["value"] = "不低于上年"
    return _write(last, tmp_path / "last.yaml"), _write(this, tmp_path / "this.yaml")


def test_an_edited_copy_of_our_own_draft_gives_exactly_its_edits(tmp_path: Path) -> None:
    last, this = _clean_pair(tmp_path)
    outcome = diff(last, this)
    assert outcome.matching.summary() == {"by_code": 1, "by_name": 0, "last_only": 0, "this_only": 0}
    found = {(f.rule, f.indicator) for f in outcome.result.findings}
    assert found == {("KPI801", "群众满意度"), ("KPI803", "科普活动完成率"), ("KPI806", None)}
    by_rule = {f.rule: f for f in outcome.result.findings}
    assert "科普讲座场次" in by_rule["KPI806"].message
    assert "≥95%" in by_rule["KPI803"].message
    text = this.read_text("utf-8").splitlines()
    line = by_rule["KPI801"].line
    assert text[line - 1].strip() == "value: ≥90%", "the finding points at this year's value"
    assert any("群众满意度" in row for row in text[line - 5 : line]), "of this year's row"
    assert f"{last}:" in by_rule["KPI801"].message, "and names last year's cell"


def test_an_inline_ignore_in_this_years_draft_silences_a_diff_rule(tmp_path: Path) -> None:
    last, this = _clean_pair(tmp_path)
    (lowered,) = [f for f in diff(last, this).result.findings if f.rule == "KPI801"]
    lines = this.read_text("utf-8").splitlines()
    lines[lowered.line - 1] += "  # kpilint: ignore[KPI801]"
    this.write_text("\n".join(lines) + "\n", "utf-8")
    assert "KPI801" not in {f.rule for f in diff(last, this).result.findings}


needs_workbooks = pytest.mark.skipif(not XLSX.is_dir(), reason="../shared/corpus/xlsx/ is absent")
needs_pdfs = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/pdf/ is absent")


@needs_workbooks
def test_the_street_offices_two_years_pair_by_name_and_name_what_they_cannot() -> None:
    """FY2021–22 (c) against FY2022 (b): the codes changed, two projects keep their names,
    and one name is shared by two of this year's projects: both ways reported, not guessed."""
    outcome = diff(XLSX / "shenzhen-songgang-c.xlsx", XLSX / "shenzhen-songgang-b.xlsx")
    _accounted(outcome.last, outcome.this, outcome.matching)
    paired = {(p.this.name, p.this.code, p.how) for p in outcome.matching.pairs if p.this and p.last}
    assert paired == {("全国文明城市创建工作经费", "440306221390300900087", "name"),
                      ("社区阅读中心运营维护费", "440306221390301100086", "name"),
                      # the name two of this year's projects share, told apart by the unit
                      # that carries it out (党建服务中心 both years; the other is 本级)
                      ("宝安第一课常态化培训经费", "440306221390300100084", "name+unit")}  # fmt: skip
    findings = outcome.result.findings
    unpaired_last = [f for f in findings if f.rule == "KPI807"]
    unpaired_this = [f for f in findings if f.rule == "KPI808"]
    assert len(unpaired_last) == len(outcome.matching.last_only) == 13
    assert len(unpaired_this) == len(outcome.matching.this_only) == 17
    (other,) = [f for f in unpaired_this if f.project_name == "宝安第一课常态化培训经费"]
    assert "同名项目已与本项目之外的同名项目对应" in other.message
    (dropped,) = [f for f in findings if f.rule == "KPI806" and "读者满意度" in f.message]
    assert dropped.path.endswith("shenzhen-songgang-b.xlsx") and dropped.cell.startswith("3.社区阅读中心运营维护费!")
    assert "shenzhen-songgang-c.xlsx:12.社区阅读中心运营维护费!D20" in dropped.message
    assert not [f for f in findings if f.severity != "info"], "nothing lowered or copied in this pair"


@needs_workbooks
def test_a_workbook_against_itself_pairs_every_project_by_code() -> None:
    doc = load(XLSX / "shenzhen-songgang-b.xlsx")
    matching = match_documents(doc, doc)
    assert matching.summary() == {"by_code": 20, "by_name": 0, "last_only": 0, "this_only": 0}
    assert all(r.this_index == r.last_index for p in matching.pairs for r in p.rows)


@needs_pdfs
@pytest.mark.parametrize("name", ["yantai-minzheng-2026.pdf", "yantai-renshe-2026.pdf", "fuzhou-minzheng-2026.pdf"])
def test_a_published_document_against_itself_changes_nothing(name) -> None:
    """The same table both years: every project that can be told apart pairs with itself,
    and the only findings are the projects that cannot (same name, same rows, same budget:
    listed both ways) and values that lean on a last year the table does not give."""
    doc = load(CORPUS / name)
    outcome = diff(doc, doc)
    _accounted(doc, doc, outcome.matching)
    for pair in outcome.matching.pairs:
        if pair.this and pair.last:
            assert pair.this_index == pair.last_index
    rules = Counter(f.rule for f in outcome.result.findings)
    assert set(rules) <= {"KPI804", "KPI807", "KPI808"}
    assert rules["KPI807"] == rules["KPI808"] == len(outcome.matching.last_only)
    assert rules["KPI804"] == sum(1 for p in doc.projects for i in p.indicators if relative_to_last(i.value_text))


@needs_pdfs
def test_a_published_document_against_an_edited_copy_of_last_year(tmp_path: Path) -> None:
    """Yantai's 2026 civil affairs budget as this year's; last year's made from it by
    `kpilint convert` and the edits a year brings. Each edit must be reported where it is,
    and nothing else but the values that lean on a last year the copy does not give."""
    converted = tmp_path / "converted.yaml"
    run = kpilint("convert", str(CORPUS / "yantai-minzheng-2026.pdf"), "-o", str(converted))
    assert run.returncode == 0, run.stderr
    last = _draft(converted)
    projects = last["projects"]
    relative = [(p, r) for p in projects for r in p["indicators"] if r["value"] == "不低于上年"]
    resolved_project, resolved_row = relative[0]
    resolved_row["value"] = "≥800元"
    satisfied = next((p, r) for p in projects for r in p["indicators"] if r["name"] == "孩子满意度")
    satisfied[1]["value"] = "≥98%"
    grown = projects[0]
    grown["name"] = "2025年" + grown["name"]
    grown["budget"]["total"] = round(grown["budget"]["total"] / 2, 2)
    grown["indicators"].append({"level1": "产出指标", "level2": "数量指标", "name": "入户走访次数", "value": "≥12次"})
    gone = projects.pop()
    _write(last, tmp_path / "last.yaml")
    this = _write(_draft(converted), tmp_path / "this.yaml")

    outcome = diff(tmp_path / "last.yaml", this)
    _accounted(outcome.last, outcome.this, outcome.matching)
    findings = outcome.result.findings
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    (lowered,) = by_rule["KPI801"]
    assert (lowered.indicator, lowered.project_name) == ("孩子满意度", satisfied[0]["name"])
    (resolved,) = by_rule["KPI803"]
    assert resolved.project_name == resolved_project["name"] and "≥800元" in resolved.message
    (dropped,) = by_rule["KPI806"]
    assert "入户走访次数" in dropped.message and dropped.project_name == projects[0]["name"].removeprefix("2025年")
    (added,) = by_rule["KPI808"]
    assert added.project_name == gone["name"]
    copied = by_rule["KPI802"]
    assert copied and {f.project_name for f in copied} == {dropped.project_name}
    assert "-50%" not in copied[0].message and "+100%" in copied[0].message
    diff_rules = {"KPI801", "KPI802", "KPI803", "KPI804", "KPI806", "KPI808"}
    for f in findings:  # `check`'s rules speak only of what the resolved value brings to light
        if f.rule not in diff_rules:
            assert (f.line, f.indicator) == (resolved.line, resolved.indicator), f.message
            assert f.message.endswith("（指标值“不低于上年”按上年解析为 ≥800元）")
    assert len(by_rule.get("KPI804", ())) == len(relative) - 1


# --- the command line: every format, exit codes, a bureau's own rules -----------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_diff_writes_every_report_format(tmp_path: Path, fmt: str) -> None:
    last, this = _clean_pair(tmp_path)
    run = kpilint("diff", str(last), str(this), "--format", fmt)
    assert run.returncode == 0, run.stderr  # warnings only: the default fails on errors
    assert "按编码对应 1 个" in run.stderr
    assert "KPI801" in run.stdout
    if fmt == "json":
        data = json.loads(run.stdout)
        rows = data["findings"] if isinstance(data, dict) else data
        assert {f["rule"] for f in rows} == {"KPI801", "KPI803", "KPI806"}
        assert all(f["path"] == str(this) for f in rows)


def test_diff_writes_the_review_workbook_with_last_years_opinions(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    last, this = _clean_pair(tmp_path)
    book = tmp_path / "初审意见.xlsx"
    run = kpilint("diff", str(last), str(this), "--format", "review", "-o", str(book))
    assert run.returncode == 0, run.stderr
    header, row = list(load_workbook(book)["初审意见"].iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert "群众满意度" in cells["完整性审核"] and "低于上年" in cells["完整性审核"]
    assert "以上年为参照" in cells["可测性审核"], "the relative value goes to the measurability column"
    details = list(load_workbook(book)["问题明细"].iter_rows(values_only=True))
    assert {"KPI801", "KPI803", "KPI806"} <= {cell for line in details for cell in line}


@pytest.mark.skipif(not (SHARED / "schemas").is_dir(), reason="../shared/schemas/ is absent")
def test_diff_sarif_validates_against_the_sarif_schema(tmp_path: Path) -> None:
    import jsonschema

    last, this = _clean_pair(tmp_path)
    run = kpilint("diff", str(last), str(this), "--format", "sarif")
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(json.loads(run.stdout), schema)


def test_diff_fails_on_warnings_when_asked_and_names_an_unreadable_file(tmp_path: Path) -> None:
    last, this = _clean_pair(tmp_path)
    assert kpilint("diff", str(last), str(this), "--fail-on", "warning").returncode == 1
    missing = kpilint("diff", str(tmp_path / "无此文件.yaml"), str(this))
    assert missing.returncode == 2
    assert "无此文件.yaml" in missing.stderr and "Traceback" not in missing.stderr


def test_files_given_the_wrong_way_round_or_of_two_departments_are_pointed_out(tmp_path: Path) -> None:
    last, this = _clean_pair(tmp_path)
    data = _draft(last)
    data["department"]["year"] = 2027
    _write(data, last)
    run = kpilint("diff", str(last), str(this))
    assert "上年文件的年度（2027）不早于本年文件（2026）" in run.stderr
    other = _draft(this)
    other["projects"][0].update(code="X0001", name="另一单位的项目")
    _write(other, tmp_path / "other.yaml")
    run = kpilint("diff", str(tmp_path / "other.yaml"), str(this))
    assert "两个文件没有一个项目能对应" in run.stderr and "KPI807" in run.stdout and "KPI808" in run.stdout


def test_a_bureau_writes_its_own_diff_rule_in_yaml(tmp_path: Path) -> None:
    """A rule on last year's project budget and row, in YAML alone; `check` with the same
    rule file leaves the year-over-year rule to `diff`."""
    last, this = _clean_pair(tmp_path)
    rules = tmp_path / "bureau.yaml"
    rules.write_text("""rules:
  - id: BUR801
    name: satisfaction-drop-over-budget-rise
    severity: error
    scope: indicator_pair
    where: {value.dimension: percent, last.value.dimension: percent}
    params: {points: 3}
    assert: 'not is_satisfaction(name) or value.number >= last.value.number - params.points or last.project.budget.total > budget.total'
    message: {zh: "满意度 {value} 比上年 {last_value} 低 {points} 个百分点以上（{last_where}）", en: "Satisfaction fell"}
""", "utf-8")  # fmt: skip
    load_rule_text(rules.read_text("utf-8"), str(rules))  # a valid rule file
    run = kpilint("diff", str(last), str(this), "--rules", str(rules), "--select", "BUR", "--format", "json")
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    rows = data["findings"] if isinstance(data, dict) else data
    assert [(f["rule"], f["indicator"]) for f in rows] == [("BUR801", "群众满意度")]
    assert "≥95%" in rows[0]["message"] and str(last) in rows[0]["message"]
    checked = kpilint("check", str(this), "--rules", str(rules), "--format", "json")
    assert checked.returncode == 0, checked.stderr


# --- invariants: the same verdict whatever way round and however a figure is written --------

#: (name, 二级, how a figure is written, better) — higher- and lower-is-better measures
MEASURES = [("群众满意度", "服务对象满意度指标", "≥{}%", "higher"), ("验收合格率", "质量指标", "≥{}%", "higher"),
            ("设备故障率", "质量指标", "≤{}%", "lower"), ("投诉处理响应时间", "时效指标", "≤{}小时", "lower")]  # fmt: skip
SYNONYMS = {"≥{}%": ["{}%以上", "不低于{}%", "大于等于{}%", "≥ {} %"], "≤{}%": ["{}%以下", "不高于{}%", "≤ {} %"],
            "≤{}小时": ["{}小时以内", "不超过{}小时"]}  # fmt: skip


def _year(name: str, level2: str, value: str) -> dict[str, Any]:
    level1 = "满意度指标" if "满意度" in level2 else "产出指标"
    return {"indicator": {"level1": level1, "level2": level2, "name": name, "value": value}}


def _lowered(last: str, this: str, measure) -> bool:
    name, level2, _, _ = measure
    found = _run({"last": _year(name, level2, last), "this": _year(name, level2, this)})
    return any(f.rule == "KPI801" for f in found)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(MEASURES), st.integers(1, 99), st.integers(1, 99))
def test_a_change_is_a_lowering_exactly_one_way_round(measure, a, b) -> None:
    """Between two years' figures of one measure, a lowering read forwards is a raising read
    backwards; equal figures are neither; and which way is lower follows the measure."""
    form = measure[2]
    forwards, backwards = _lowered(form.format(a), form.format(b), measure), _lowered(form.format(b), form.format(a), measure)
    if a == b:
        assert not forwards and not backwards
    else:
        assert forwards != backwards
        assert forwards == ((b < a) if measure[3] == "higher" else (b > a))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(MEASURES), st.integers(1, 99), st.data())
def test_rewriting_a_figure_in_another_form_is_no_change(measure, n, data) -> None:
    form = measure[2]
    other = data.draw(st.sampled_from(SYNONYMS[form]))
    name, level2, _, _ = measure
    example = {"last": _year(name, level2, form.format(n)), "this": _year(name, level2, other.format(n))}
    assert [f.rule for f in _run(example)] == []


def test_the_budget_threshold_is_a_parameter_a_configuration_sets(tmp_path: Path) -> None:
    """KPI802's `budget_change` (0.3 by default) is set per bureau in .kpilint.yaml."""
    last = _write({"department": {"code": "1", "name": "示例", "year": 2025, "money_unit": "万元"},
                   "projects": [_draft(EXAMPLES / "clean.yaml")["projects"][0]]}, tmp_path / "last.yaml")  # fmt: skip
    this_data = _draft(EXAMPLES / "clean.yaml")
    this_data["projects"][0]["budget"] = {"total": 20.0, "fiscal": 20.0, "other": 0}
    this = _write(this_data, tmp_path / "this.yaml")
    copied = diff(last, this).result.findings
    assert {f.indicator for f in copied if f.rule == "KPI802"} == {"开展科普专题活动次数", "印制科普宣传资料数量", "科普活动成本"}
    assert "+67%" in copied[0].message
    (tmp_path / ".kpilint.yaml").write_text("params: {KPI802: {budget_change: 0.7}}\n", "utf-8")
    run = kpilint("diff", str(last), str(this), "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    rows = data["findings"] if isinstance(data, dict) else data
    assert "KPI802" not in {f["rule"] for f in rows}


def test_a_shared_configuration_selecting_check_rules_does_not_switch_diff_off(tmp_path: Path) -> None:
    """A project's .kpilint.yaml made for `check` (`select: [KPI3]`) names no year-over-year
    rule: diff runs all of them and says so, instead of comparing nothing in silence. A
    `select` that names diff rules still narrows them."""
    last, this = _clean_pair(tmp_path)
    (tmp_path / ".kpilint.yaml").write_text("select: [KPI3]\n", "utf-8")
    run = kpilint("diff", str(last), str(this), "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert {f["rule"] for f in json.loads(run.stdout)["findings"]} >= {"KPI801", "KPI806"}
    assert "没有选中任何对比规则" in run.stderr and "KPI3" in run.stderr
    (tmp_path / ".kpilint.yaml").write_text("select: [KPI3, KPI801]\n", "utf-8")
    run = kpilint("diff", str(last), str(this), "--format", "json", cwd=tmp_path)
    assert {f["rule"] for f in json.loads(run.stdout)["findings"]} == {"KPI801"}
    assert "没有选中任何对比规则" not in run.stderr


@needs_workbooks
def test_last_year_as_a_draft_and_this_year_as_the_workbook(tmp_path: Path) -> None:
    """Any two formats: last year's as a YAML draft (the workbook converted, then a target
    raised and a year's money halved), this year's the real workbook. Projects pair by code
    across the formats; findings point at the workbook's cells and name the draft's lines."""
    workbook = XLSX / "shenzhen-songgang-b.xlsx"
    converted = tmp_path / "last.yaml"
    assert kpilint("convert", str(workbook), "-o", str(converted)).returncode == 0
    last = _draft(converted)
    rows = [(p, r) for p in last["projects"] for r in p["indicators"]
            if "%" in str(r["value"]) and str(r["value"]).startswith("≥") and r["name"] != "不适用"]  # fmt: skip
    project, row = rows[0]
    row["value"] = "≥99.5%"
    _write(last, converted)
    outcome = diff(converted, workbook)
    assert outcome.matching.summary() == {"by_code": 20, "by_name": 0, "last_only": 0, "this_only": 0}
    (lowered,) = outcome.result.findings
    assert (lowered.rule, lowered.indicator, lowered.project_code) == ("KPI801", row["name"], project["code"])
    assert lowered.path == str(workbook) and "!" in lowered.cell
    assert f"{converted}:" in lowered.message and "≥99.5%" in lowered.message
