"""Issue 17: what kpilint reads is composed within bounds, and a user's mistake is the user's.

Drafts, configuration, rule files and baselines: nesting, alias expansion and special files
are refused with the file and line before any work is done; wrong types name the key and say
what it takes; expressions, patterns and message templates cannot build or run away.
Every hostile input here is generated, none is checked in.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, kpilint
from kpilint.config import Config, ConfigError, load_config_file
from kpilint.core import check_one
from kpilint.engine.expression import ExpressionError, ValueLimit, compile_expression
from kpilint.engine.rules import RuleError, load_rule_text

#: a hang is a failure: every run here finishes in seconds
HANG = 60


def laughs(levels: int = 9, width: int = 10) -> str:
    """YAML whose aliases expand `width ** levels` times: a few hundred bytes."""
    names = [f"l{i}" for i in range(levels + 1)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(["x"] * width) + "]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _user_error(out, *words: str) -> None:
    """Exit 2, every word in the message, and nothing that blames kpilint or shows its insides."""
    text = out.stdout + out.stderr
    assert out.returncode == 2, text
    assert "Traceback" not in text and "内部错误" not in text and "kpilint 的问题" not in text, text
    for word in words:
        assert word in text, (word, text)


# --- drafts ------------------------------------------------------------------------------------
def test_thirty_thousand_nested_brackets_are_refused_naming_the_line_and_the_next_file_is_checked(
    tmp_path,
) -> None:
    (tmp_path / "a.yaml").write_text("projects: " + "[" * 30_000 + "]" * 30_000 + "\n", "utf-8")
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "b.yaml")
    out = kpilint("check", str(tmp_path), "--format", "json", timeout=HANG)
    _user_error(out, "a.yaml:1:", "嵌套超过 64 层")
    report = json.loads(out.stdout)
    assert {Path(f["path"]).name for f in report["files"]} == {"a.yaml", "b.yaml"}
    assert any(f["path"].endswith("b.yaml") for f in report["findings"])


def test_block_nesting_is_bounded_as_well(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_text("projects:\n" + "- " * 5_000 + "x\n", "utf-8")
    _user_error(kpilint("check", str(draft), timeout=HANG), "d.yaml:2:", "嵌套超过 64 层")


@pytest.mark.parametrize("tail", ["projects: [*l9]\n", "? *l5\n: 1\nname: x\n"], ids=["value", "key"])
def test_nested_aliases_are_refused_before_they_expand_also_under_fix(tmp_path, tail) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_text(laughs() + tail, "utf-8")
    assert draft.stat().st_size < 1_000
    for extra in ((), ("--fix",)):
        _user_error(kpilint("check", str(draft), *extra, timeout=HANG), "d.yaml:", "别名展开过多")


def test_an_alias_to_the_node_that_holds_it_is_refused(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_text("projects: &p\n  - *p\n", "utf-8")
    _user_error(kpilint("check", str(draft), timeout=HANG), "d.yaml:2:", "引用了包含它自己的节点")


def test_a_draft_that_uses_anchors_modestly_reads_as_if_written_out(tmp_path) -> None:
    row = "{level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ≥90, basis: 计划}"
    written = "projects:\n" + "".join(f"  - {{name: 项目{n}, budget: 1, indicators: [{row}]}}\n" for n in range(20))
    anchored = f"rows: &rows [{row}]\nprojects:\n" + "".join(
        f"  - {{name: 项目{n}, budget: 1, indicators: *rows}}\n" for n in range(20)
    )
    (tmp_path / "written.yaml").write_text(written, "utf-8")
    (tmp_path / "anchored.yaml").write_text(anchored, "utf-8")
    plain = check_one(str(tmp_path / "written.yaml"), Config())
    shared = check_one(str(tmp_path / "anchored.yaml"), Config())
    assert shared.error is None and shared.projects == plain.projects == 20
    rules = lambda r: sorted(f.rule for f in r.findings if f.rule != "KPI000")  # noqa: E731
    assert rules(shared) == rules(plain) and "KPI301" in rules(plain)


# --- configuration -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("limits: {max_cells: lots}\n", ["limits.max_cells", "非负整数", "'lots'"]),
        ("limits: {max_cells: [1, 2]}\n", ["limits.max_cells", "非负整数"]),
        ("limits: {timeout_per_file: .nan}\n", ["limits.timeout_per_file", "有限"]),
        ("limits: {timeout_per_file: .inf}\n", ["limits.timeout_per_file", "有限"]),
        ("limits: {max_file_bytes: -1}\n", ["limits.max_file_bytes", "不能为负数"]),
        ("limits: {max_cells: 1.5}\n", ["limits.max_cells", "非负整数"]),
        ("limits: {max_cells: 100000000000000000000000}\n", ["limits.max_cells", "过大"]),
        ("limits: {max_cels: 5}\n", ["未知的 limits 项", "max_cells"]),
        ("limits: 5\n", ["limits 应为", "映射"]),
        ("params: [KPI311]\n", ["params 应为", "映射"]),
        ("params: {KPI311: 85}\n", ["params 中 KPI311", "映射"]),
        ("severity: [KPI305, info]\n", ["severity 应为", "映射"]),
        ("severity: {KPI305: loud}\n", ["severity 中 KPI305", "info/warning/error"]),
        ("select: KPI3\n", ["select 应为", "列表"]),
        ("rules: bureau.yaml\n", ["rules 应为", "列表"]),
        ("per_path_ignores: {'legacy/*': KPI3}\n", ["per_path_ignores", "列表"]),
        ("fail_on: [error]\n", ["fail_on 应为", "info/warning/error"]),
        ("lang: fr\n", ["lang 应为 zh 或 en"]),
        ("colour: never\n", ["未知配置项", "colour"]),
    ],
)
def test_a_wrong_value_in_the_configuration_names_file_line_key_and_what_is_allowed(tmp_path, text, words) -> None:
    config = tmp_path / ".kpilint.yaml"
    config.write_text("# kpilint\n" + text, "utf-8")
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "clean.yaml")
    _user_error(kpilint("check", "clean.yaml", cwd=tmp_path, timeout=HANG), ".kpilint.yaml:2:", *words)


def test_a_mistyped_parameter_value_in_the_configuration_names_the_rule_and_parameter(tmp_path) -> None:
    config = tmp_path / ".kpilint.yaml"
    config.write_text("params: {KPI311: {floor: high}}\n", "utf-8")
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "clean.yaml")
    _user_error(kpilint("check", "clean.yaml", cwd=tmp_path), ".kpilint.yaml", "KPI311", "floor", "数字")


def test_aliases_in_the_configuration_are_refused_with_the_line(tmp_path) -> None:
    config = tmp_path / ".kpilint.yaml"
    config.write_text(laughs() + "params: {KPI311: {floor: *l9}}\n", "utf-8")
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "clean.yaml")
    _user_error(kpilint("check", "clean.yaml", cwd=tmp_path, timeout=HANG), ".kpilint.yaml:", "别名展开过多")
    with pytest.raises(ConfigError, match="别名展开过多"):
        load_config_file(config)


def test_timeout_per_file_on_the_command_line_must_be_a_finite_number(tmp_path) -> None:
    for bad in ("nan", "inf", "-3", "soon"):
        out = kpilint("check", str(EXAMPLES / "clean.yaml"), "--timeout-per-file", bad)
        assert out.returncode == 2 and "--timeout-per-file" in out.stderr and "Traceback" not in out.stderr


# --- special files -----------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_files_are_refused_as_configuration_rules_and_baselines(tmp_path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    draft = str(EXAMPLES / "clean.yaml")
    for args in (("--rules", str(zero)), ("--rules", str(fifo)), ("--config", str(fifo)),
                 ("--baseline", str(zero)), ("--baseline", str(fifo))):  # fmt: skip
        _user_error(kpilint("check", draft, *args, timeout=HANG), "不是普通文件")
    config = tmp_path / "c.yaml"
    config.write_text(f"rules: [{zero}]\n", "utf-8")
    _user_error(kpilint("check", draft, "--config", str(config), timeout=HANG), "zero.yaml", "字符设备")


# --- rule files --------------------------------------------------------------------------------
RULE = """rules:
  - id: USR001
    name: user-rule
    severity: warning
    scope: indicator
{body}
    message: {{zh: "{message}", en: "x"}}
"""


def _rule(body: str, message: str = "“{indicator}”有问题") -> str:
    return RULE.format(body=body, message=message)


@pytest.mark.parametrize(
    ("body", "message", "line", "words"),
    [
        ("    where: {name: {regex: '(unclosed'}}", "x", 6, ["where", "正则表达式", "有误"]),
        ("    where: {name: {regex: [a, b]}}", "x", 6, ["regex 应为文字"]),
        ("    assert: 'matches(name, \"[\")'", "x", 6, ["assert", "正则表达式"]),
        ("    assert: value.number >= params.floor\n    params: [floor, 80]", "x", 7, ["params 应为", "映射"]),
        ("    assert: '" + "(" * 300 + "1" + ")" * 300 + "'", "x", 6, ["嵌套过深"]),
        ("    assert: '" + "1 + " * 1_000 + "1'", "x", 6, ["表达式过长"]),
        ("    assert: [a]", "x", 6, ["assert 应为一个表达式"]),
        ("    assert: name != level2", "{indicator.__class__.__mro__}", 7, ["只能写字段名", "message.zh"]),
        ("    assert: name != level2", "{indicator[0]}", 7, ["只能写字段名"]),
        ("    assert: name != level2", "{indicator:>1000000000}", 7, ["宽度或精度过大"]),
        ("    assert: name != level2", "{indicator", 7, ["花括号不成对"]),
    ],
    ids=["bad-regex", "regex-list", "matches-bad-regex", "params-list", "deep", "long", "assert-list",
         "template-attribute", "template-index", "template-width", "template-brace"],
)
def test_a_mistake_in_a_rule_file_names_file_line_and_what_is_wrong(tmp_path, body, message, line, words) -> None:
    rules = tmp_path / "bureau.yaml"
    rules.write_text(_rule(body, message), "utf-8")
    out = kpilint("check", str(EXAMPLES / "clean.yaml"), "--rules", str(rules), timeout=HANG)
    _user_error(out, f"bureau.yaml:{line}:", "USR001", *words)


def test_a_list_severity_is_the_rule_files_mistake(tmp_path) -> None:
    rules = tmp_path / "bureau.yaml"
    rules.write_text(_rule("    assert: name != level2").replace("severity: warning", "severity: [warning]"), "utf-8")
    _user_error(kpilint("check", str(EXAMPLES / "clean.yaml"), "--rules", str(rules)), "bureau.yaml:4:", "severity 应为")


def test_aliases_and_nesting_in_a_rule_file_are_refused(tmp_path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs() + _rule("    assert: name != level2\n    params: {n: *l9}"), "utf-8")
    _user_error(kpilint("check", str(EXAMPLES / "clean.yaml"), "--rules", str(bomb), timeout=HANG), "bomb.yaml:", "别名展开过多")
    deep = tmp_path / "deep.yaml"
    deep.write_text("rules: " + "[" * 10_000 + "]" * 10_000 + "\n", "utf-8")
    _user_error(kpilint("check", str(EXAMPLES / "clean.yaml"), "--rules", str(deep), timeout=HANG), "deep.yaml:1:", "嵌套超过")


# --- baselines ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("not json", ["不是有效的 JSON"]),
        ("[" * 100_000 + "]" * 100_000, ["嵌套过深"]),  # ids below: this is 200 kB
        ("[1, 2]", ["findings 列表"]),
        ('{"findings": {"a": 1}}', ["findings 列表"]),
        ('{"findings": [{"fingerprint": "ab"}, {"fingerprint": {"x": 1}}]}', ["第 2 项", "fingerprint"]),
        ('{"findings": [7]}', ["第 1 项"]),
    ],
    ids=["not-json", "deep", "list", "findings-map", "bad-fingerprint", "bad-entry"],
)
def test_a_broken_baseline_is_reported_as_the_users(tmp_path, data, words) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(data, "utf-8")
    _user_error(kpilint("check", str(EXAMPLES / "clean.yaml"), "--baseline", str(baseline), timeout=HANG),
                "baseline.json", *words)  # fmt: skip


# --- the expression and template languages -----------------------------------------------------
@pytest.mark.parametrize(
    "source",
    [
        '"x" * len(name) * len(name) * len(name)',
        "(name + name) * len(name)",
        "[1, 2] * len(name) * len(name)",
        'round(len("x"), -10000000)',
        "len(name)" + " * len(name)" * 20,
        "name * len(description) + name * len(description)",
    ],
    ids=["text-times", "concat-times", "list-times", "round-digits", "big-number", "text-plus"],
)
def test_an_expression_cannot_build_a_huge_value(source) -> None:
    compiled = compile_expression(source)  # it loads: the bound is on what it builds
    with pytest.raises(ValueLimit):
        compiled({"name": "a" * 200, "description": "d" * 30})


def test_an_expression_at_its_bounds_still_works() -> None:
    assert compile_expression('"ab" * len("xxxxx")')({}) == "ababababab"
    assert compile_expression("round(1234.5678, 2) + round(1234.5678, -2)")({}) == 1234.57 + 1200
    assert compile_expression("(" * 40 + "1" + ")" * 40)({}) == 1
    with pytest.raises(ExpressionError):
        compile_expression("(" * 60 + "1" + ")" * 60)
    assert compile_expression("len(5)")({}) is None  # null, as the language promises
    assert compile_expression('-"x"')({}) is None


def _lint_with_rule(tmp_path, body: str, *extra: str):
    rules = tmp_path / "bureau.yaml"
    rules.write_text(_rule(body), "utf-8")
    draft = tmp_path / "d.yaml"
    rows = "".join(f"      - {{level1: 产出指标, level2: 数量指标, name: '{'a' * 40}b{n}', value: ≥{n} 次, basis: 计划}}\n"
                   for n in range(30))  # fmt: skip
    draft.write_text(
        "projects:\n  - name: 甲\n    budget: 1\n    indicators:\n"
        "      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ≥90, basis: 计划}\n"
        + rows,
        "utf-8",
    )
    return kpilint("check", str(draft), "--rules", str(rules), "--format", "json", *extra, timeout=HANG)


@pytest.mark.parametrize(
    "body",
    [
        "    where: {name: {regex: '(a|aa)+$'}}",
        "    assert: 'not matches(name, \"(a|aa)+$\")'",
        "    assert: 'not matches(name, params.p)'\n    params: {p: '(a|aa)+$'}",
        '    assert: \'len("x" * len(name) * len(name) * len(name)) > 0\'',
    ],
    ids=["where-regex", "matches", "matches-param", "built-value"],
)
def test_a_rule_that_runs_away_is_stopped_once_reported_as_its_own_and_the_others_still_run(tmp_path, body) -> None:
    out = _lint_with_rule(tmp_path, body)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    findings = json.loads(out.stdout)["findings"]
    stopped = [f for f in findings if f["rule"] == "KPI999"]
    assert len(stopped) == 1, stopped  # once, though thirty rows would trip it
    assert stopped[0]["name"] == "limit-exceeded" and "USR001" in stopped[0]["message"]
    assert "bureau.yaml" in stopped[0]["message"] and "内部错误" not in stopped[0]["message"]
    assert "KPI301" in {f["rule"] for f in findings}  # the other rules ran


def test_message_templates_are_checked_when_rules_load() -> None:
    text = _rule("    assert: name != level2", "{indicator.__class__}")
    with pytest.raises(RuleError, match=r"t\.yaml:7: 错误: 规则 USR001：message\.zh"):
        load_rule_text(text, "t.yaml")
    fine = load_rule_text(_rule("    assert: name != level2", "{indicator:>20}|{budget:,.2f}|{{literal}}"), "t.yaml")
    assert fine[0].id == "USR001"
