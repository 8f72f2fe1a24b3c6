"""Every command block in README.md and docs/ runs, and its output is what the page shows —
counts included — so the docs cannot drift from the tool (issue 24).

A block is fenced ```sh (or bash, console, shell). Its commands run in order in a sandbox: a
folder holding the checkout's examples/ and docs/, `drafts/` and `2026草稿/` (each the two
example drafts) and `科协2026绩效目标.xlsx` (the defects example as a Hebei workbook). Where a
```text block follows a command block, it is the commands' output (standard output and error,
as a terminal shows them); in a block whose commands start with `$ `, the lines up to the next
`$ ` are that command's output. A line `…` stands for any number of lines. No command may
exit 2 (a usage or input error). `pip install` and `pip wheel` lines install from the checkout: the slow test
here runs them in a fresh virtualenv (without the package index carrying kpilint), as it runs
the commands that start a Dask cluster.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from kpilint import load
from kpilint.writers.xlsx import write_xlsx

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SHELLS = ("sh", "bash", "console", "shell")
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)


@dataclass
class Step:
    """One command of a page, and the output the page shows for it (None: not shown)."""

    page: str
    line: int
    command: str
    expected: list[str] | None = None
    group: int = 0  # steps of one block share the output block that follows it
    shown: list[str] = field(default_factory=list)


def steps_of(page: Path) -> list[Step]:
    text = page.read_text("utf-8")
    fences = list(FENCE.finditer(text))
    steps: list[Step] = []
    for number, fence in enumerate(fences):
        lang, body = fence.group(1), fence.group(2)
        if lang not in SHELLS:
            continue
        line = text.count("\n", 0, fence.start()) + 2
        rows = body.rstrip("\n").split("\n")
        name = str(page.relative_to(ROOT))
        if any(r.startswith("$ ") for r in rows):
            for k, row in enumerate(rows):
                if row.startswith("$ "):
                    steps.append(Step(name, line + k, row[2:], [], group=-1))
                elif steps and steps[-1].expected is not None:
                    steps[-1].expected.append(row)
            continue
        block = [Step(name, line + k, row, group=number) for k, row in enumerate(rows)
                 if row.strip() and not row.lstrip().startswith("#")]  # fmt: skip
        following = fences[number + 1] if number + 1 < len(fences) else None
        if block and following and following.group(1) == "text" and not text[fence.end():following.start()].strip():
            block[-1].shown = following.group(2).rstrip("\n").split("\n")
        steps.extend(block)
    return steps


def _installs(command: str) -> bool:
    return command.lstrip().startswith(("pip install", "pip wheel"))


def _needs_a_cluster(command: str) -> bool:
    return "dask_audit.py" in command


def _sandbox(where: Path) -> Path:
    shutil.copytree(EXAMPLES, where / "examples")
    shutil.copytree(ROOT / "docs", where / "docs")
    for folder in ("drafts", "2026草稿", "budgets"):
        (where / folder).mkdir()
        for name in ("defects.yaml", "clean.yaml"):
            shutil.copy(EXAMPLES / name, where / folder / name)
    write_xlsx(load(EXAMPLES / "defects.yaml"), where / "科协2026绩效目标.xlsx")
    return where


def _run(command: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    """A command as a user's shell runs it, `kpilint` being this checkout's."""
    bin_dir = Path(sys.executable).parent
    env = env or {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", f"{command} 2>&1"], cwd=cwd, env={**env, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"},
                          capture_output=True, text=True, encoding="utf-8", check=False, timeout=600)  # fmt: skip


def matches(shown: list[str], actual: list[str]) -> bool:
    """The page's lines against the output: equal, but a line `…` stands for any number of lines."""
    if not shown:
        return not actual
    head, rest = shown[0], shown[1:]
    if head.strip() == "…":
        return any(matches(rest, actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == head.rstrip() and matches(rest, actual[1:])


def _check_page(page: Path, tmp_path: Path, *, slow: bool) -> int:
    """Run a page's commands; returns how many ran. The main run: every command but installs
    (this checkout's kpilint is on the PATH) and cluster runs, outputs compared. `slow`: the
    installs, in a fresh virtualenv from a copy of the checkout, then the commands after them
    and the cluster runs with what they installed (exit codes only). The README's test
    command is left to .ci/run, which runs it."""
    sandbox = _sandbox(tmp_path / "work")
    ran, outputs = 0, {}
    env = src = None
    if slow:
        env_dir = tmp_path / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        env = {"PATH": f"{env_dir / 'bin'}{os.pathsep}/usr/bin:/bin", "HOME": str(Path.home()), "VIRTUAL_ENV": str(env_dir)}
        src = tmp_path / "kpilint-src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                                                 ".mypy_cache", ".hypothesis"))  # fmt: skip
    for step in steps_of(page):
        if "pytest" in step.command:
            continue
        where = f"{step.page}:{step.line}: {step.command}"
        parts = step.command.split(" && ")
        installs = " && ".join(p for p in parts if _installs(p))
        rest = " && ".join(p for p in parts if not _installs(p))
        if slow and installs:
            assert src is not None
            done = _run(installs, src, env)
            assert done.returncode == 0, f"{where}\n{done.stdout[-3000:]}"
            ran += 1
        if not rest.strip() or (slow and not installs and not _needs_a_cluster(rest)):
            continue
        if not slow and _needs_a_cluster(rest):
            continue
        out = _run(rest, sandbox, env)
        assert out.returncode in (0, 1), f"{where}\n{out.stdout}"
        ran += 1
        if slow:
            continue
        lines = out.stdout.rstrip("\n").split("\n") if out.stdout.strip() else []
        outputs.setdefault(step.group, []).extend(lines)
        if step.expected is not None:
            assert matches(step.expected, lines), f"{where}\npage shows:\n" + "\n".join(step.expected) + "\nkpilint says:\n" + out.stdout
        if step.shown:
            assert matches(step.shown, outputs[step.group]), (f"{where}\npage shows:\n" + "\n".join(step.shown)
                                                              + "\nkpilint says:\n" + "\n".join(outputs[step.group]))  # fmt: skip
    return ran


PAGES_WITH_COMMANDS = [p for p in PAGES if steps_of(p)]


@pytest.mark.parametrize("page", PAGES_WITH_COMMANDS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_commands_of_a_page_run_and_print_what_it_shows(page: Path, tmp_path) -> None:
    _check_page(page, tmp_path, slow=False)


@pytest.mark.slow
@pytest.mark.parametrize("page", [p for p in PAGES_WITH_COMMANDS if any(_installs(s.command) or _needs_a_cluster(s.command)
                                                                      for s in steps_of(p))],
                         ids=lambda p: str(p.relative_to(ROOT)))  # fmt: skip
def test_a_page_s_installs_work_from_the_checkout_and_its_cluster_commands_run(page: Path, tmp_path) -> None:
    assert _check_page(page, tmp_path, slow=True)


def test_the_ci_templates_commands_run_on_drafts(tmp_path) -> None:
    """The commands the CI templates run (their installs aside) exit as kpilint does."""
    sandbox = _sandbox(tmp_path / "work")
    github = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text("utf-8"))
    commands = [s["run"] for s in github["jobs"]["kpilint"]["steps"] if "run" in s] + gitlab["kpilint"]["script"]
    installs = [c for c in commands if _installs(c)]
    assert installs and all("git+" in c or ".whl" in c for c in installs), installs  # not the package index
    for command in commands:
        if not _installs(command):
            out = _run(command, sandbox)
            assert out.returncode in (0, 1), f"{command}\n{out.stdout}"
    assert (sandbox / "kpilint.sarif").is_file() and (sandbox / "gl-code-quality-report.json").is_file()


def test_the_matcher_takes_an_ellipsis_for_any_lines() -> None:
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"]) and matches(["a", "…"], ["a"])
    assert not matches(["a", "…", "d"], ["a", "b"]) and not matches(["a"], ["a", "b"])
