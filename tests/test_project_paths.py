"""One file is one file, however kpilint is pointed at it: a baseline and `per_path_ignores`
match whether a user runs `check .`, `check drafts legacy`, absolute paths, or from inside a
subfolder. And the bookkeeping around them says only what is true: an unused-suppression
finding only where the suppressed rule ran, and `--write-baseline` a success."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, example_findings, kpilint

DEFECTS = EXAMPLES / "defects.yaml"
CLEAN = EXAMPLES / "clean.yaml"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "项目"
    for folder in ("drafts", "legacy"):
        (project / folder).mkdir(parents=True)
        shutil.copy(DEFECTS, project / folder / f"{folder}.yaml")
    return project


def _ways(project: Path) -> list[tuple[tuple[str, ...], Path]]:
    """The same two files named four ways: (paths, folder run from)."""
    return [
        ((".",), project),
        (("drafts", "legacy"), project),
        ((str(project / "drafts"), str(project / "legacy")), project),
        ((".", "../legacy"), project / "drafts"),
    ]


def _findings(*args: str, cwd: Path) -> tuple[int, list[dict]]:
    out = kpilint("check", *args, "--format", "json", cwd=cwd)
    assert "Traceback" not in out.stderr, out.stderr
    return out.returncode, json.loads(out.stdout)["findings"]


def test_a_baseline_written_once_matches_every_way_of_naming_the_files(tmp_path) -> None:
    project = _project(tmp_path)
    wrote = kpilint("check", "drafts", "legacy", "--write-baseline", "baseline.json", cwd=project)
    assert wrote.returncode == 0, wrote.stderr  # it accepted what it found: a success
    written = json.loads((project / "baseline.json").read_text("utf-8"))
    assert {f["path"] for f in written["findings"]} == {"drafts/drafts.yaml", "legacy/legacy.yaml"}
    for paths, cwd in _ways(project):
        baseline = str(Path("..", "baseline.json") if cwd != project else Path("baseline.json"))
        code, findings = _findings(*paths, "--baseline", baseline, cwd=cwd)
        assert (code, findings) == (0, []), (paths, cwd, findings)
    # a new defect is still new, however the file is named
    draft = project / "legacy" / "legacy.yaml"
    draft.write_text(draft.read_text("utf-8").replace("value: ≥75%", "value: ≥75"), "utf-8")
    for paths, cwd in _ways(project):
        baseline = str(Path("..", "baseline.json") if cwd != project else Path("baseline.json"))
        code, findings = _findings(*paths, "--baseline", baseline, cwd=cwd)
        assert code == 1 and [(f["rule"], f["indicator"]) for f in findings] == [("KPI301", "使用者满意度")], paths


def test_a_baseline_of_the_earlier_format_still_accepts_its_findings(tmp_path) -> None:
    """Version 1 recorded the path as given: run the same way, it matches as before."""
    from kpilint import Config, lint

    project = _project(tmp_path)
    findings = lint(project / "drafts" / "drafts.yaml", Config())
    records = [{"fingerprint": f.fingerprint(), "rule": f.rule} for f in findings]
    (project / "old.json").write_text(json.dumps({"version": 1, "findings": records}), "utf-8")
    code, left = _findings(str(project / "drafts" / "drafts.yaml"), "--baseline", "old.json", cwd=project)
    assert (code, left) == (0, []) and records


def test_per_path_ignores_match_from_the_project_folder_every_way(tmp_path) -> None:
    project = _project(tmp_path)
    (project / ".kpilint.yaml").write_text('per_path_ignores:\n  "legacy/*": [KPI3]\n', "utf-8")
    for paths, cwd in [*_ways(project), (("legacy.yaml",), project / "legacy")]:
        _, findings = _findings(*paths, cwd=cwd)
        kpi3 = {Path(f["path"]).name for f in findings if f["rule"].startswith("KPI3")}
        others = {Path(f["path"]).name for f in findings if not f["rule"].startswith("KPI3")}
        assert "legacy.yaml" not in kpi3 and "legacy.yaml" in others, (paths, cwd)
        assert ("drafts.yaml" in kpi3) == ("drafts.yaml" in others), (paths, cwd)


def _suppressed(tmp_path: Path, comment: str, line: int = 17) -> Path:
    """defects.yaml with `comment` at the end of `line` (17: a row no rule fires on)."""
    text = DEFECTS.read_text("utf-8").splitlines()
    text[line - 1] += f"  # kpilint: {comment}"
    draft = tmp_path / "d.yaml"
    draft.write_text("\n".join(text) + "\n", "utf-8")
    return draft


def _unused(draft: Path, *args: str) -> list[int]:
    _, findings = _findings(str(draft), *args, cwd=draft.parent)
    return [f["line"] for f in findings if f["rule"] == "KPI900"]


def test_an_unused_suppression_is_reported_only_where_its_rule_ran(tmp_path) -> None:
    draft = _suppressed(tmp_path, "ignore[KPI003]")
    assert _unused(draft) == [17]  # KPI003 ran and found nothing on that line: stale
    assert _unused(draft, "--select", "KPI3,KPI900") == []  # KPI003 did not run: it could not fire
    assert _unused(draft, "--ignore", "KPI003") == []
    assert _unused(draft, "--select", "KPI0,KPI900") == [17]
    (tmp_path / ".kpilint.yaml").write_text('per_path_ignores:\n  "d.yaml": [KPI003]\n', "utf-8")
    assert _unused(draft) == []


def test_the_unused_suppression_rule_is_a_rule_that_select_and_ignore_turn_off(tmp_path) -> None:
    draft = _suppressed(tmp_path, "ignore[KPI003]")
    assert _unused(draft, "--select", "KPI0") == []
    assert _unused(draft, "--ignore", "KPI900") == []
    assert _unused(draft, "--ignore", "unused-suppression") == []


def test_a_misspelt_suppression_is_reported_whatever_is_selected(tmp_path) -> None:
    draft = _suppressed(tmp_path, "ignore[KPI3O1]", line=24)  # the 群众满意度 ≥90 row: not silenced
    _, findings = _findings(str(draft), "--select", "KPI0,KPI900", cwd=tmp_path)
    assert [f["line"] for f in findings if f["rule"] == "KPI900"] == [24]


def test_writing_a_baseline_succeeds_and_an_unreadable_file_still_fails(tmp_path) -> None:
    shutil.copy(DEFECTS, tmp_path / "d.yaml")
    out = kpilint("check", "d.yaml", "--write-baseline", "b.json", cwd=tmp_path)
    assert out.returncode == 0 and "已写入基线 b.json" in out.stderr
    assert f"共 {example_findings()} 个问题" in out.stdout  # what it accepted is still shown
    (tmp_path / "broken.yaml").write_text("project: [unclosed\n", "utf-8")
    out = kpilint("check", "d.yaml", "broken.yaml", "--write-baseline", "b.json", cwd=tmp_path)
    assert out.returncode == 2 and "broken.yaml" in out.stderr


def test_a_walked_file_is_named_as_a_user_types_it(tmp_path) -> None:
    project = _project(tmp_path)
    _, from_dot = _findings(".", cwd=project)
    _, named = _findings("drafts", "legacy", cwd=project)
    assert {f["path"] for f in from_dot} == {f["path"] for f in named} == {"drafts/drafts.yaml", "legacy/legacy.yaml"}
    assert from_dot == named


def test_standard_input_named_by_stdin_filename_is_that_file_everywhere(tmp_path) -> None:
    """An editor or a hook pipes a buffer for a file: it is reported, ignored per path and
    matched against the baseline as that file."""
    project = _project(tmp_path)
    (project / ".kpilint.yaml").write_text('per_path_ignores:\n  "legacy/*": [KPI3]\n', "utf-8")
    text = DEFECTS.read_text("utf-8")
    out = kpilint("check", "-", "--stdin-filename", "legacy/legacy.yaml", "--format", "json", cwd=project, stdin=text)
    findings = json.loads(out.stdout)["findings"]
    assert findings and {f["path"] for f in findings} == {"legacy/legacy.yaml"}
    assert not any(f["rule"].startswith("KPI3") for f in findings)
    assert kpilint("check", "drafts", "--write-baseline", "b.json", cwd=project).returncode == 0
    piped = kpilint("check", "-", "--stdin-filename", "drafts/drafts.yaml", "--baseline", "b.json", cwd=project, stdin=text)
    assert piped.returncode == 0 and "共 0 个问题" in piped.stdout, piped.stdout
