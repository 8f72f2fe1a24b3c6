"""The options a user reaches for once kpilint runs on many files: --statistics (which rules
fire most), --exit-zero (report, never fail the build on findings), --show-settings (why a
rule did or did not run). Each run as a user runs it."""

from __future__ import annotations

import json
import shutil

import yaml

from conftest import EXAMPLES, example_findings, kpilint


def _three(tmp_path):
    for i in range(3):
        shutil.copy(EXAMPLES / "defects.yaml", tmp_path / f"d{i}.yaml")


def test_statistics_count_each_rule_over_every_file_most_first(tmp_path) -> None:
    _three(tmp_path)
    stats = kpilint("check", ".", "--statistics", cwd=tmp_path)
    per_file = json.loads(kpilint("check", ".", "--format", "json", cwd=tmp_path).stdout)
    lines = stats.stdout.splitlines()
    rows = [line.split() for line in lines[: lines.index("")]]
    counted = {row[1]: int(row[0]) for row in rows}
    expected: dict[str, int] = {}
    for f in per_file["findings"]:
        expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    assert counted == expected and sum(counted.values()) == per_file["summary"]["findings"] == 3 * example_findings()
    assert [int(row[0]) for row in rows] == sorted((int(row[0]) for row in rows), reverse=True)
    assert next(r[1:] for r in rows if r[1] == "KPI301") == ["KPI301", "[*]", "[error]", "satisfaction-not-percent"]
    assert stats.returncode == 1 and f"共 {3 * example_findings()} 个问题" in stats.stdout and ".yaml:" not in stats.stdout


def test_statistics_are_for_people_only(tmp_path) -> None:
    _three(tmp_path)
    out = kpilint("check", ".", "--statistics", "--format", "json", cwd=tmp_path)
    assert out.returncode == 2 and "--statistics 只用于文本输出" in out.stderr and out.stdout == ""


def test_exit_zero_passes_findings_but_not_a_file_it_could_not_read(tmp_path) -> None:
    _three(tmp_path)
    assert kpilint("check", ".", "--exit-zero", "--fail-on", "info", cwd=tmp_path).returncode == 0
    (tmp_path / "broken.yaml").write_text("projects: [unclosed\n", "utf-8")
    out = kpilint("check", ".", "--exit-zero", cwd=tmp_path)
    assert out.returncode == 2 and "broken.yaml" in out.stderr


def test_show_settings_says_what_a_check_would_use_and_checks_nothing(tmp_path) -> None:
    _three(tmp_path)
    (tmp_path / ".kpilint.yaml").write_text(
        'severity: {KPI305: error}\nper_path_ignores:\n  "legacy/*": [KPI3]\nfail_on: warning\n', "utf-8"
    )
    out = kpilint("check", "d0.yaml", "--show-settings", "--select", "KPI3", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    shown = yaml.safe_load(out.stdout)
    assert shown["config"].endswith(".kpilint.yaml") and shown["fail_on"] == "warning"
    assert shown["per_path_ignores"] == {"legacy/*": ["KPI3"]} and shown["select"] == ["KPI3"]
    assert "KPI305 unit-missing [error] (core)" in shown["enabled"]
    assert all(rule.startswith("KPI3") for rule in shown["enabled"])
    assert shown["limits"]["timeout_per_file"] == 60 and "共" not in out.stdout
    wrong = kpilint("check", "d0.yaml", "--show-settings", "--select", "KPI3O1", cwd=tmp_path)
    assert wrong.returncode == 2 and "是不是“KPI301”" in wrong.stderr
