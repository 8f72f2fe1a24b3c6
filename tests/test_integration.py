"""Where users meet kpilint, tested the way they use it: real pre-commit, a wheel in a fresh
venv outside the source tree, the README's own commands, the CI recipes, the docs' links.

The tests that create virtual environments and install from the package registry are marked
`slow` (tens of seconds each with a warm pip cache, longer on a cold one): the README's test
command leaves them out and .ci/run runs them after it (`python -m pytest -m slow`).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from conftest import EXAMPLES, ROOT, SHARED, kpilint

GIT = shutil.which("git")


def _run(
    cmd: list[str] | str, cwd: Path, env: dict | None = None, shell: bool = False
) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, shell=shell, capture_output=True, text=True, encoding="utf-8",
                          check=False, timeout=900)  # fmt: skip


def _fresh_venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    return where / "bin"


def _clean_env(bin_dir: Path | None = None) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_REQUIRE"))
    }
    if bin_dir:
        env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
        env["VIRTUAL_ENV"] = str(bin_dir.parent)
    return env


def _source_copy(tmp: Path) -> Path:
    """The checkout as a user would get it: committed files only, when this is a git checkout."""
    target = tmp / "kpilint-src"
    if GIT and (ROOT / ".git").exists():
        _run(["git", "clone", "-q", str(ROOT), str(target)], cwd=tmp)
        if (target / "README.md").exists():
            return target
    shutil.copytree(
        ROOT,
        target,
        ignore=shutil.ignore_patterns(".git", "*.egg-info", "build", "dist", "__pycache__"),
    )
    return target


def _readme_commands() -> tuple[str, str]:
    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.+?)\n```", text)
    return blocks[0].strip(), blocks[1].strip()


# --- packaging ------------------------------------------------------------------------------
@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_outside_the_tree_and_checks_an_example(tmp_path) -> None:
    src = _source_copy(tmp_path)
    dist = tmp_path / "dist"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(src)], cwd=tmp_path
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("kpilint-*.whl")
    bin_dir = _fresh_venv(tmp_path / "venv")
    installed = _run(
        [str(bin_dir / "pip"), "install", "-q", str(wheel)], cwd=tmp_path, env=_clean_env(bin_dir)
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(EXAMPLES / "defects.yaml", elsewhere / "draft.yaml")
    out = _run([str(bin_dir / "kpilint"), "check", "draft.yaml", "--pack", "core", "--pack", "hebei"],
               cwd=elsewhere, env=_clean_env(bin_dir))  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert "KPI301" in out.stdout and "满意度" in out.stdout
    version = _run(
        [str(bin_dir / "python"), "-m", "kpilint", "--version"],
        cwd=elsewhere,
        env=_clean_env(bin_dir),
    )
    assert version.stdout.strip().startswith("kpilint ")
    value = _run([str(bin_dir / "kpilint"), "value", "≤0.5 万元", "--format", "json"], cwd=elsewhere,
                 env=_clean_env(bin_dir))  # fmt: skip
    assert json.loads(value.stdout)[0]["magnitude"] == 5000.0


@pytest.mark.slow
def test_readme_first_command_works_in_a_fresh_venv(tmp_path) -> None:
    install_and_run, _ = _readme_commands()
    assert install_and_run.startswith("pip install .") and "kpilint check" in install_and_run
    src = _source_copy(tmp_path)
    bin_dir = _fresh_venv(tmp_path / "venv")
    out = _run(install_and_run, cwd=src, env=_clean_env(bin_dir), shell=True)
    assert out.returncode == 1, out.stdout[-2000:] + out.stderr[-2000:]  # the example has findings
    assert "KPI301 [*] [error]" in out.stdout and "共 " in out.stdout


def test_ci_runs_the_readme_test_command() -> None:
    _, test_command = _readme_commands()
    assert "pytest" in test_command
    assert "-c constraints.txt" in test_command and (ROOT / "constraints.txt").is_file()
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "Run the tests:" in script and 'run "$cmd"' in script and "-m slow" in script


# --- pre-commit -----------------------------------------------------------------------------
def _hooked_repo(tmp_path: Path, hook: str):
    """A git repository of drafts with real pre-commit installed for `hook` from this checkout's HEAD;
    returns a git runner for it. Skips when HEAD does not hold the hook yet."""
    head = _run(["git", "rev-parse", "HEAD"], cwd=ROOT).stdout.strip()
    hooks = _run(["git", "show", f"{head}:.pre-commit-hooks.yaml"], cwd=ROOT).stdout
    if f"id: {hook}\n" not in hooks:
        pytest.skip(f"the {hook} hook is not committed yet (pre-commit installs from a commit)")
    repo = tmp_path / "drafts-repo"
    repo.mkdir()
    env = {**_clean_env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    _run(["git", "init", "-q"], cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: {hook}\n",
        encoding="utf-8",
    )
    installed = _run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env)
    assert installed.returncode == 0, installed.stderr
    return repo, lambda *a: _run(["git", *a], cwd=repo, env=env)


@pytest.mark.slow
@pytest.mark.skipif(
    not GIT or not (ROOT / ".git").exists(), reason="needs git and a git checkout of kpilint"
)
def test_pre_commit_blocks_a_bad_draft_and_lets_a_good_one_through(tmp_path) -> None:
    repo, git = _hooked_repo(tmp_path, "kpilint")
    git("add", ".pre-commit-config.yaml")
    assert git("commit", "-q", "-m", "config").returncode == 0  # a non-draft YAML file is skipped

    shutil.copy(EXAMPLES / "clean.yaml", repo / "clean.yaml")
    git("add", "clean.yaml")
    good = git("commit", "-m", "good draft")
    assert good.returncode == 0, good.stdout + good.stderr

    shutil.copy(EXAMPLES / "defects.yaml", repo / "defects.yaml")
    git("add", "defects.yaml")
    bad = git("commit", "-m", "bad draft")
    assert bad.returncode != 0
    shown = bad.stdout + bad.stderr
    assert "满意度指标“群众满意度”的指标值 ≥90 不是百分比" in shown
    assert (
        "defects.yaml" not in git("ls-tree", "--name-only", "HEAD").stdout
    )  # blocked: not committed


@pytest.mark.slow
@pytest.mark.skipif(
    not GIT or not (ROOT / ".git").exists(), reason="needs git and a git checkout of kpilint"
)
def test_pre_commit_fix_hook_repairs_a_draft(tmp_path) -> None:
    repo, git = _hooked_repo(tmp_path, "kpilint-fix")
    text = (
        (EXAMPLES / "clean.yaml")
        .read_text("utf-8")
        .replace("value: ≥90%, basis: 历史标准", "value: ≥90, basis: 历史标准")
    )
    (repo / "draft.yaml").write_text(text, encoding="utf-8")
    git("add", ".")
    first = git("commit", "-m", "draft")
    assert (
        first.returncode != 0 and "files were modified by this hook" in first.stdout + first.stderr
    )
    assert "value: ≥90%, basis: 历史标准" in (repo / "draft.yaml").read_text("utf-8")
    git("add", ".")
    second = git("commit", "-m", "draft, fixed")
    assert second.returncode == 0, second.stdout + second.stderr


# --- CI recipes -----------------------------------------------------------------------------
def test_github_workflow_uploads_sarif_and_annotates() -> None:
    wf = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text("utf-8"))
    steps = wf["jobs"]["kpilint"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "--format github" in runs and "--format sarif --output kpilint.sarif" in runs
    upload = next(
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == "kpilint.sarif"
    assert wf["permissions"]["security-events"] == "write"


def test_gitlab_recipe_writes_the_reports_it_declares(tmp_path) -> None:
    ci = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text("utf-8"))
    job = ci["kpilint"]
    reports = job["artifacts"]["reports"]
    script = "\n".join(job["script"])
    assert (
        f"--output {reports['codequality']}" in script and f"--output {reports['junit']}" in script
    )
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(EXAMPLES / "defects.yaml", drafts)
    out = kpilint(
        "check",
        str(drafts),
        "--format",
        "gitlab",
        "--output",
        str(tmp_path / reports["codequality"]),
    )
    assert out.returncode == 1
    issues = json.loads((tmp_path / reports["codequality"]).read_text("utf-8"))
    assert issues and all(
        isinstance(i["description"], str) and isinstance(i["check_name"], str) and len(i["fingerprint"]) >= 16
        and i["severity"] in ("info", "minor", "major", "critical", "blocker")
        and i["location"]["path"].endswith("defects.yaml") and i["location"]["lines"]["begin"] >= 1
        for i in issues
    )  # fmt: skip


def test_plain_ci_script_writes_valid_reports_and_fails_on_errors(tmp_path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(EXAMPLES / "defects.yaml", drafts)
    shutil.copy(EXAMPLES / "clean.yaml", drafts)
    bin_dir = Path(sys.executable).parent
    out = _run(["bash", str(ROOT / "docs" / "ci" / "kpilint-ci.sh"), "drafts", "reports"], cwd=tmp_path,
               env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})  # fmt: skip
    assert out.returncode == 1, out.stderr
    reports = tmp_path / "reports"
    # defects.yaml's errors: the satisfaction target without %, the spend plan stopping at 85%
    # (its cost cap of 0.5 万元 is a warning: reading a cap needs judgement, see docs/rules.md)
    assert json.loads((reports / "kpilint.json").read_text("utf-8"))["summary"]["error"] == 2
    assert ET.parse(reports / "kpilint-junit.xml").getroot().tag == "testsuites"
    sarif = json.loads((reports / "kpilint.sarif").read_text("utf-8"))
    schema_file = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema_file.exists():
        import jsonschema

        jsonschema.validate(sarif, json.loads(schema_file.read_text("utf-8")))
    assert sarif["version"] == "2.1.0"


# --- docs -----------------------------------------------------------------------------------
def test_relative_links_in_docs_resolve() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text("utf-8")):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert not broken, broken


def test_docs_example_script_writes_a_csv(tmp_path) -> None:
    out_csv = tmp_path / "findings.csv"
    run = _run([sys.executable, str(ROOT / "docs" / "examples" / "lint_folder_to_csv.py"), str(EXAMPLES), str(out_csv)],
               cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8-sig")))
    assert any(
        r["rule"] == "KPI301" and r["indicator"] == "群众满意度" and r["line"] == "24" for r in rows
    )


# --- batch use ------------------------------------------------------------------------------
def test_jobs_give_identical_ordered_output(tmp_path) -> None:
    for n in range(6):
        shutil.copy(EXAMPLES / ("defects.yaml" if n % 2 else "clean.yaml"), tmp_path / f"d{n}.yaml")
    one = kpilint("check", str(tmp_path), "--format", "json", "--jobs", "1")
    two = kpilint("check", str(tmp_path), "--format", "json", "--jobs", "2")
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1
    assert "检查中" not in one.stderr  # no progress bar when stderr is not a terminal
