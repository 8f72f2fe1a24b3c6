"""One run, several reports: people read the text on the terminal while CI keeps SARIF and
the bureau an HTML page — each the same as its own run would write, none written over a
file the run reads."""

from __future__ import annotations

import json
import shutil

from conftest import EXAMPLES, example_findings, kpilint


def _drafts(tmp_path):
    for i in range(2):
        shutil.copy(EXAMPLES / "defects.yaml", tmp_path / f"d{i}.yaml")


def test_each_further_report_is_what_its_own_run_writes(tmp_path) -> None:
    _drafts(tmp_path)
    both = kpilint("check", ".", "--report", "json:out.json", "--report", "sarif:out.sarif",
                   "--report", "html:out.html", cwd=tmp_path)  # fmt: skip
    alone = {fmt: kpilint("check", ".", "--format", fmt, cwd=tmp_path) for fmt in ("text", "json", "sarif")}
    assert both.returncode == alone["text"].returncode == 1 and both.stdout == alone["text"].stdout
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == json.loads(alone["json"].stdout)
    sarif = json.loads((tmp_path / "out.sarif").read_text("utf-8"))
    assert sarif["runs"][0]["results"] == json.loads(alone["sarif"].stdout)["runs"][0]["results"]
    page = (tmp_path / "out.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('data-rule="KPI301"') >= 2


def test_statistics_on_the_terminal_and_a_report_for_ci(tmp_path) -> None:
    _drafts(tmp_path)
    out = kpilint("check", ".", "--statistics", "--report", "junit:kpilint.xml", cwd=tmp_path)
    assert out.stdout.startswith("2  KPI102") and f"共 {2 * example_findings()} 个问题" in out.stdout
    assert (tmp_path / "kpilint.xml").read_text("utf-8").startswith("<?xml")


def test_a_report_is_refused_over_an_input_a_twin_or_in_an_unknown_format(tmp_path) -> None:
    _drafts(tmp_path)
    before = (tmp_path / "d0.yaml").read_bytes()
    onto_input = kpilint("check", ".", "--report", "json:d0.yaml", cwd=tmp_path)
    assert onto_input.returncode == 2 and "拒绝覆盖" in onto_input.stderr
    assert (tmp_path / "d0.yaml").read_bytes() == before
    twice = kpilint("check", ".", "-o", "r.json", "--format", "json", "--report", "sarif:./r.json", cwd=tmp_path)
    assert twice.returncode == 2 and "同一个文件" in twice.stderr and not (tmp_path / "r.json").exists()
    unknown = kpilint("check", ".", "--report", "xml:r.xml", cwd=tmp_path)
    assert unknown.returncode == 2 and "格式:文件" in unknown.stderr and "Traceback" not in unknown.stderr
