"""A long run on a terminal says how far it is, on standard error, and never garbles the
report: the progress line is erased before a finding is written, even when both go to the
same terminal. Nothing of it reaches a log, a pipe or CI."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys

from conftest import EXAMPLES, example_findings


def _on_a_terminal(args: list[str], cwd, env: dict[str, str]) -> tuple[int, str]:
    """Run kpilint with stdout and stderr on one pseudo-terminal, as a user at a shell sees it."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "kpilint", *args], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary)  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: kpilint is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8")


def _drafts(tmp_path, n: int = 3):
    for i in range(n):
        shutil.copy(EXAMPLES / "defects.yaml", tmp_path / f"d{i}.yaml")
    # shown from the start (a user sees it after ~2 s; these runs are shorter)
    return {**{k: v for k, v in os.environ.items() if k != "CI"}, "KPILINT_PROGRESS_AFTER": "0"}


def test_progress_on_a_terminal_is_erased_before_each_finding(tmp_path) -> None:
    env = _drafts(tmp_path)
    code, screen = _on_a_terminal(["check", "."], tmp_path, env)
    assert code == 1 and "检查中 0/3 …" in screen and "检查中 2/3 …" in screen
    for line in screen.replace("\r\n", "\n").split("\n"):
        shown = line.rsplit("\r", 1)[-1]  # what stays on the terminal's line after a carriage return
        # the count alone on its line, or erased: never report text written after it
        assert "检查中" not in shown or re.fullmatch(r"检查中 \d/3 …", shown), repr(line)
    assert screen.count("KPI301") == 3 and f"共 {3 * example_findings()} 个问题" in screen


def test_no_progress_in_a_pipe_in_ci_for_one_file_or_when_quiet(tmp_path) -> None:
    env = _drafts(tmp_path)
    piped = subprocess.run([sys.executable, "-m", "kpilint", "check", "."], cwd=tmp_path, env=env,
                           capture_output=True, text=True, encoding="utf-8", check=False)  # fmt: skip
    assert piped.returncode == 1 and "检查中" not in piped.stderr + piped.stdout
    _, screen = _on_a_terminal(["check", "."], tmp_path, {**env, "CI": "true"})
    assert "检查中" not in screen and f"共 {3 * example_findings()} 个问题" in screen
    _, screen = _on_a_terminal(["check", "d0.yaml"], tmp_path, env)
    assert "检查中" not in screen and f"共 {example_findings()} 个问题" in screen
    _, screen = _on_a_terminal(["check", ".", "-q"], tmp_path, env)
    assert "检查中" not in screen and f"共 {3 * example_findings()} 个问题" in screen


def test_a_quick_run_shows_no_progress(tmp_path) -> None:
    env = {**_drafts(tmp_path), "KPILINT_PROGRESS_AFTER": "60"}
    _, screen = _on_a_terminal(["check", "."], tmp_path, env)
    assert "检查中" not in screen and f"共 {3 * example_findings()} 个问题" in screen
