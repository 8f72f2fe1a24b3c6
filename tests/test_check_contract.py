"""The check contract: parameters are checked when rules load, and a check says what it
found as a `Problem` (plug-ins written before `Problem` still work)."""

from __future__ import annotations

import shutil
from dataclasses import replace

from conftest import EXAMPLES, kpilint
from kpilint.checks import Problem
from kpilint.engine.rules import Rule, all_rules
from kpilint.engine.run import RuleSet, lint_document
from kpilint.readers.yaml_draft import read_draft

DEFECTS = str(EXAMPLES / "defects.yaml")

RULES = """rules:
  - id: BUR001
    name: floor-rule
    scope: indicator
    assert: value.number >= params.flor
    params: {floor: 85}
    message: {zh: a, en: a}
"""

CHECK_RULES = """rules:
  - id: BUR002
    name: behind
    scope: spend_plan
    check: {function: plan_behind_time}
    params:
      ratio: 0.6
      ratoi: 0.5
    message: {zh: a, en: a}
"""


def test_a_misspelt_parameter_in_an_assert_names_the_rule_file_and_line(tmp_path) -> None:
    (tmp_path / "r.yaml").write_text(RULES, encoding="utf-8")
    out = kpilint("check", DEFECTS, "--rules", "r.yaml", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("r.yaml:5: 错误: 规则 BUR001：") and "params.flor" in out.stderr


def test_a_parameter_a_check_does_not_read_names_its_line(tmp_path) -> None:
    (tmp_path / "r.yaml").write_text(CHECK_RULES, encoding="utf-8")
    out = kpilint("check", DEFECTS, "--rules", "r.yaml", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.startswith("r.yaml:8: 错误: 规则 BUR002：") and "“ratoi”" in out.stderr
    assert "ratio" in out.stderr  # what it could have been


def test_a_wrong_kind_of_value_in_a_rule_file_is_refused(tmp_path) -> None:
    rules = CHECK_RULES.replace("      ratoi: 0.5\n", "").replace("ratio: 0.6", "ratio: 六成")
    (tmp_path / "r.yaml").write_text(rules, encoding="utf-8")
    out = kpilint("check", DEFECTS, "--rules", "r.yaml", cwd=tmp_path)
    assert out.returncode == 2 and "r.yaml:7:" in out.stderr and "应为数字" in out.stderr


def test_a_misspelt_or_mistyped_parameter_in_the_configuration_names_it(tmp_path) -> None:
    shutil.copy(DEFECTS, tmp_path / "d.yaml")
    config = tmp_path / ".kpilint.yaml"
    config.write_text("params: {KPI311: {flor: 70}}\n", encoding="utf-8")
    out = kpilint("check", "d.yaml", cwd=tmp_path)
    assert out.returncode == 2 and str(config) in out.stderr
    assert "KPI311" in out.stderr and "“flor”" in out.stderr and "floor" in out.stderr
    config.write_text("params: {KPI311: {floor: 七十}}\n", encoding="utf-8")
    out = kpilint("check", "d.yaml", cwd=tmp_path)
    assert out.returncode == 2 and "应为数字" in out.stderr
    config.write_text("params: {KPI311: {floor: 70}}\n", encoding="utf-8")
    assert kpilint("check", "d.yaml", cwd=tmp_path).returncode == 1  # spelt right: it runs


def test_every_shipped_rule_declares_the_parameters_it_reads() -> None:
    for rule in all_rules():
        assert rule.param_types is not None, rule.id
        assert set(rule.params) <= set(rule.param_types), rule.id


def _one_project_draft():
    doc = read_draft((EXAMPLES / "defects.yaml").read_text("utf-8"), "d.yaml")
    return replace(doc, projects=doc.projects[:1])


def test_a_problem_points_at_its_row_and_field_and_a_dict_still_does() -> None:
    doc = _one_project_draft()
    target = doc.projects[0].indicators[1]

    def typed(project, ctx, params, doc):
        yield Problem({"what": "甲"}, target="name", indicator=project.indicators[1])

    def legacy(project, ctx, params, doc):  # a plug-in written before Problem existed
        yield {"what": "甲", "field": "name", "indicator_obj": project.indicators[1]}

    found = []
    for rule_id, fn in (("PLG001", typed), ("PLG002", legacy)):
        rule = Rule(id=rule_id, name="plug", severity="warning", scope="project",
                    message={"zh": "{what}：{indicator}", "en": "x"}, function=fn, check={"function": "x"})  # fmt: skip
        found.append(lint_document(doc, RuleSet([rule])))
    typed_findings, legacy_findings = found
    assert [(f.message, f.line, f.indicator) for f in typed_findings] == [
        (f"甲：{target.name}", target.where("name").line, target.name)
    ]
    assert [(f.message, f.line) for f in legacy_findings] == [
        (f.message, f.line) for f in typed_findings
    ]
