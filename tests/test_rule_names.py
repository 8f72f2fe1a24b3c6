"""A misspelt rule, pack or key is an error that says what was meant — never a run that checks
nothing and goes green (issue 24): in options, in the configuration file, in the library."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, kpilint
from kpilint import Config, lint
from kpilint.config import ConfigError

DEFECTS = str(EXAMPLES / "defects.yaml")


def _refused(out, *words: str) -> str:
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and not out.stdout, out.stdout
    for word in words:
        assert word in out.stderr, (word, out.stderr)
    return out.stderr


@pytest.mark.parametrize(("option", "typed", "meant"), [
    ("--select", "KPI30l", "KPI301"),  # a letter l for the digit 1
    ("--select", "KPI3O1", "KPI301"),  # a letter O for the digit 0
    ("--select", "kpi301", "KPI301"),
    ("--ignore", "satisfaction-not-percnt", "satisfaction-not-percent"),
    ("--select", "KPI9999", "KPI999"),
])  # fmt: skip
def test_an_unknown_rule_in_an_option_is_exit_2_with_what_was_meant(option, typed, meant) -> None:
    _refused(kpilint("check", DEFECTS, option, typed), option, f"“{typed}”", f"是不是“{meant}”")


def test_a_rule_of_a_pack_not_enabled_is_named_with_the_pack_to_add() -> None:
    _refused(kpilint("check", DEFECTS, "--select", "KPI009"), "hebei", "--pack hebei")
    assert kpilint("check", DEFECTS, "--select", "KPI009", "--pack", "core,hebei").returncode in (0, 1)
    assert kpilint("check", DEFECTS, "--ignore", "KPI009").returncode == 1  # ignoring it is harmless


def test_an_unknown_pack_is_exit_2_with_what_was_meant() -> None:
    _refused(kpilint("check", DEFECTS, "--pack", "hebie"), "“hebie”", "是不是“hebei”")


@pytest.mark.parametrize(("config", "line", "words"), [
    ("select: [KPI3O1]\n", 1, ("select", "是不是“KPI301”")),
    ("packs: [core]\nselect:\n  - KPI3\n  - KPI3O1\n", 4, ("select", "是不是“KPI301”")),
    ("ignore: [unit-misssing]\n", 1, ("ignore", "是不是“unit-missing”")),
    ("severity: {KPI3O5: info}\n", 1, ("severity", "是不是“KPI305”")),
    ("severity: {KPI3: info}\n", 1, ("severity", "id 前缀")),
    ("params: {KPI31l: {floor: 80}}\n", 1, ("params", "是不是“KPI311”")),
    ('per_path_ignores: {"legacy/*": [KPI3O5]}\n', 1, ("per_path_ignores", "是不是“KPI305”")),
    ("packs: [core, hebie]\n", 1, ("packs", "是不是“hebei”")),
    ("selct: [KPI3]\n", 1, ("未知配置项“selct”", "是不是“select”")),
])  # fmt: skip
def test_an_unknown_rule_key_or_pack_in_the_config_file_names_its_line(tmp_path, config, line, words) -> None:
    (tmp_path / ".kpilint.yaml").write_text(config, "utf-8")
    _refused(kpilint("check", DEFECTS, cwd=tmp_path), f".kpilint.yaml:{line}: 错误", *words)


def test_the_library_raises_a_value_error_for_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="KPI9999") as caught:
        lint(DEFECTS, Config(select=("KPI9999",)))
    assert isinstance(caught.value, ConfigError) and "是不是“KPI999”" in str(caught.value)
    with pytest.raises(ValueError, match="unit-misssing"):
        lint(DEFECTS, Config(ignore=("unit-misssing",)))
    assert lint(DEFECTS, Config(select=("KPI3", "unit-missing", "KPI900")))  # prefixes, names, built-ins


def test_explain_suggests_the_rule_meant() -> None:
    _refused(kpilint("explain", "KPI3O1"), "是不是“KPI301”")


def test_an_unknown_draft_field_is_named_in_the_language_it_was_written_in(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_text("projects:\n  - name: 甲\n    budgt: 1\n    资金用处: 用于培训\n", "utf-8")
    out = kpilint("check", str(draft), "--format", "json")
    notes = [f["message"] for f in json.loads(out.stdout)["findings"] if f["rule"] == "KPI000"]
    english, chinese = sorted(notes, key=lambda m: "资金用处" in m)
    assert "“budgt”（是不是“budget”？）" in english and "purpose" in english and "资金用途" not in english
    assert "“资金用处”（是不是“资金用途”？）" in chinese and "资金用途" in chinese and "purpose" not in chinese
