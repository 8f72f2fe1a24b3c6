"""`kpilint check` as users and CI run it: formats, exit codes, config, suppressions, baselines."""

from __future__ import annotations

import json
import shutil
from xml.etree import ElementTree as ET

import pytest
import yaml

from conftest import EXAMPLES, ROOT, SHARED, kpilint
from kpilint.docs_gen import rules_markdown

DEFECTS = str(EXAMPLES / "defects.yaml")
CLEAN = str(EXAMPLES / "clean.yaml")


def _json(*args: str, cwd=None) -> tuple[int, dict]:
    out = kpilint("check", *args, "--format", "json", cwd=cwd)
    assert "Traceback" not in out.stderr, out.stderr
    return out.returncode, json.loads(out.stdout)


def test_exit_codes() -> None:
    assert kpilint("check", CLEAN).returncode == 0
    assert kpilint("check", DEFECTS).returncode == 1
    assert (
        kpilint("check", DEFECTS, "--select", "KPI311").returncode == 0
    )  # info only: below --fail-on
    assert kpilint("check", DEFECTS, "--select", "KPI311", "--fail-on", "info").returncode == 1
    missing = kpilint("check", "nope.yaml", CLEAN)
    assert missing.returncode == 2 and "文件不存在" in missing.stdout + missing.stderr


def test_unreadable_file_is_reported_and_the_rest_still_checked(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("projects: [\n", encoding="utf-8")
    code, data = _json(str(bad), DEFECTS)
    assert code == 2
    assert [f["error"] is not None for f in data["files"]] == [True, False]
    assert any(f["rule"] == "KPI301" for f in data["findings"])


def test_json_contract() -> None:
    _, data = _json(DEFECTS)
    keys = [
        "rule",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "cell",
        "page",
        "project_code",
        "project_name",
        "indicator",
        "level1",
        "level2",
        "value",
    ]
    first = data["findings"][0]
    assert list(first)[: len(keys)] == keys
    sat = next(f for f in data["findings"] if f["rule"] == "KPI301")
    assert (sat["name"], sat["severity"], sat["indicator"], sat["value"]) == (
        "satisfaction-not-percent",
        "error",
        "群众满意度",
        "≥90",
    )
    assert sat["line"] == 24 and sat["project_code"] == "13082626P002089100022"
    assert data["summary"]["files"] == 1 and data["summary"]["projects"] == 2


def test_text_output_is_ruff_like_and_english_on_request() -> None:
    out = kpilint("check", DEFECTS).stdout
    assert "examples/defects.yaml:24:" in out.replace(str(ROOT) + "/", "")
    assert "KPI301 [*] [error] 满意度指标“群众满意度”的指标值 ≥90 不是百分比" in out
    assert "\033[" not in out  # no colour when piped
    en = kpilint("check", DEFECTS, "--lang", "en").stdout
    assert "is not a percentage" in en and "findings" in en


@pytest.mark.skipif(not (SHARED / "schemas").is_dir(), reason="../shared/schemas/ is absent")
def test_sarif_validates_against_the_sarif_schema() -> None:
    import jsonschema

    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    out = kpilint("check", DEFECTS, str(EXAMPLES / "clean.yaml"), "--format", "sarif")
    sarif = json.loads(out.stdout)
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert (
        rules["KPI301"]["help"]["text"]
        and rules["KPI301"]["defaultConfiguration"]["level"] == "error"
    )
    result = next(r for r in run["results"] if r["ruleId"] == "KPI301")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 24
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "KPI301"


def test_junit_github_gitlab() -> None:
    junit = ET.fromstring(kpilint("check", DEFECTS, CLEAN, "--format", "junit").stdout)
    assert junit.tag == "testsuites" and int(junit.get("failures")) > 0
    suites = {s.get("name").split("/")[-1]: s for s in junit}
    assert (
        suites["clean.yaml"].get("failures") == "0"
        and suites["defects.yaml"].find("testcase/failure") is not None
    )

    gh = kpilint("check", DEFECTS, "--format", "github").stdout.splitlines()
    line = next(x for x in gh if "KPI301" in x)
    assert (
        line.startswith("::error file=")
        and ",line=24," in line
        and "title=KPI301 satisfaction-not-percent" in line
    )

    gitlab = json.loads(kpilint("check", DEFECTS, "--format", "gitlab").stdout)
    for issue in gitlab:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in gitlab}) == len(gitlab)


def test_output_file(tmp_path) -> None:
    target = tmp_path / "report.sarif"
    assert kpilint("check", DEFECTS, "--format", "sarif", "-o", str(target)).returncode == 1
    assert json.loads(target.read_text("utf-8"))["version"] == "2.1.0"


def test_config_discovered_upward_select_ignore_severity_params(tmp_path) -> None:
    work = tmp_path / "bureau" / "drafts"
    work.mkdir(parents=True)
    shutil.copy(DEFECTS, work / "d.yaml")
    (tmp_path / "bureau" / ".kpilint.yaml").write_text(
        "ignore: [KPI105, unit-missing]\nseverity: {KPI301: warning}\nparams: {KPI311: {floor: 70}}\n",
        encoding="utf-8",
    )
    _, data = _json("d.yaml", cwd=work)
    rules = {f["rule"]: f for f in data["findings"]}
    assert (
        "KPI105" not in rules and "KPI305" not in rules and "KPI311" not in rules
    )  # 75% >= floor 70
    assert rules["KPI301"]["severity"] == "warning"


def test_pyproject_config(tmp_path) -> None:
    shutil.copy(DEFECTS, tmp_path / "d.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kpilint]\nselect = ["KPI3"]\n', encoding="utf-8"
    )
    _, data = _json("d.yaml", cwd=tmp_path)
    assert data["findings"] and all(f["rule"].startswith("KPI3") for f in data["findings"])


def test_bad_config_is_exit_2_with_a_chinese_message(tmp_path) -> None:
    (tmp_path / ".kpilint.yaml").write_text("ignor: [KPI105]\n", encoding="utf-8")
    out = kpilint("check", DEFECTS, cwd=tmp_path)
    assert out.returncode == 2 and "未知配置项" in out.stderr and "Traceback" not in out.stderr


def test_a_user_adds_a_threshold_rule_in_yaml_alone(tmp_path) -> None:
    rule = {
        "rules": [
            {
                "id": "BUR001",
                "name": "satisfaction-at-least-85",
                "severity": "error",
                "scope": "indicator",
                "where": {"value.dimension": "percent", "level2": "服务对象满意度指标"},
                "assert": "value.number >= params.floor",
                "params": {"floor": 85},
                "message": {
                    "zh": "本局要求满意度目标不低于 {floor}%，“{indicator}”为 {value}",
                    "en": "Satisfaction targets must be at least {floor}%",
                },
                "docs": {"what": "满意度目标下限", "why": "本局规定", "fix": "提高目标"},
                "examples": {
                    "fail": {
                        "indicator": {
                            "level1": "满意度指标",
                            "level2": "服务对象满意度指标",
                            "name": "甲",
                            "value": "≥80%",
                            "basis": "历史标准",
                        }
                    },
                    "pass": {
                        "indicator": {
                            "level1": "满意度指标",
                            "level2": "服务对象满意度指标",
                            "name": "甲",
                            "value": "≥90%",
                            "basis": "历史标准",
                        }
                    },
                },
            }
        ]
    }
    (tmp_path / "bureau.yaml").write_text(
        yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8"
    )
    (tmp_path / ".kpilint.yaml").write_text(
        "rules: [bureau.yaml]\nselect: [BUR]\n", encoding="utf-8"
    )
    shutil.copy(DEFECTS, tmp_path / "d.yaml")
    code, data = _json("d.yaml", cwd=tmp_path)
    assert code == 1
    (finding,) = data["findings"]
    assert (
        finding["rule"] == "BUR001"
        and finding["message"] == "本局要求满意度目标不低于 85%，“使用者满意度”为 ≥75%"
    )
    assert "BUR001" in kpilint("rules", cwd=tmp_path).stdout


def test_bad_user_rule_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "r.yaml").write_text(
        "rules:\n  - {id: BUR002, name: x-y, scope: indicator, assert: 'value.number >>= 3', message: {zh: a, en: a}}\n",
        encoding="utf-8",
    )
    out = kpilint("check", DEFECTS, "--rules", str(tmp_path / "r.yaml"))
    assert out.returncode == 2 and "BUR002" in out.stderr and "表达式无法解析" in out.stderr


def test_inline_suppression_and_unused_suppression(tmp_path) -> None:
    text = (EXAMPLES / "defects.yaml").read_text("utf-8").splitlines()
    text[23] += "  # kpilint: ignore[KPI301]"  # the 群众满意度 ≥90 row
    text[16] += "  # kpilint: ignore[KPI003]"  # a row KPI003 does not fire on
    draft = tmp_path / "d.yaml"
    draft.write_text("\n".join(text) + "\n", encoding="utf-8")
    _, data = _json(str(draft))
    rules = [(f["rule"], f["line"]) for f in data["findings"]]
    assert ("KPI301", 24) not in rules
    assert ("KPI900", 17) in rules


def test_baseline_fails_only_on_new_findings(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    shutil.copy(DEFECTS, draft)
    baseline = tmp_path / "baseline.json"
    assert kpilint("check", str(draft), "--write-baseline", str(baseline)).returncode == 0
    assert kpilint("check", str(draft), "--baseline", str(baseline)).returncode == 0
    text = draft.read_text("utf-8").replace("value: ≥75%", "value: ≥75")  # a new defect
    draft.write_text("# a comment line moves every finding down a line\n" + text, encoding="utf-8")
    code, data = _json(str(draft), "--baseline", str(baseline))
    assert code == 1
    assert [(f["rule"], f["indicator"]) for f in data["findings"]] == [("KPI301", "使用者满意度")]


def test_rules_and_explain() -> None:
    listing = kpilint("rules").stdout
    assert "KPI203 cost-cap-above-budget" in listing and "KPI009 project-code-format" in listing
    explained = kpilint("explain", "KPI207")
    assert explained.returncode == 0
    assert (
        "检查什么" in explained.stdout
        and "会报告的例子" in explained.stdout
        and "≤0.5 万元" in explained.stdout
    )
    assert kpilint("explain", "satisfaction-not-percent").returncode == 0
    assert kpilint("explain", "KPI999").returncode == 2


def test_docs_rules_md_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert current == rules_markdown(), (
        "docs/rules.md is stale: python -m kpilint.docs_gen > docs/rules.md"
    )


def test_library_lint_api() -> None:
    from kpilint import lint
    from kpilint.config import Config

    findings = lint(DEFECTS, Config(select=("KPI301",)))
    assert [f.rule for f in findings] == ["KPI301"] and findings[0].line == 24
