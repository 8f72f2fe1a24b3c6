"""Issue 25: one run object in the core, one task runner.

`kpilint.core.run` does what `kpilint check` does — fix, check, baseline, annotate, exit
code — so a script reproduces a command-line run; every per-file piece of work (check,
fix, annotate, show, convert, the baseline) goes through `run_tasks` and its limits.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, kpilint
from kpilint.config import Config
from kpilint.core import EXIT_ERROR, EXIT_FINDINGS, isolation, run, run_tasks
from kpilint.core.isolation import Stopped
from kpilint.core.tasks import job_count
from kpilint.errors import KpilintError
from kpilint.limits import Limits
from test_isolation import big_docx

workers = pytest.mark.skipif(not isolation.available(), reason="workers need fork and resource limits")


def _finding_keys(findings) -> list[tuple]:
    return [(f["rule"], Path(f["path"]).name, f["line"], f["message"]) for f in findings]


def test_the_library_run_reproduces_the_command_line_run(tmp_path) -> None:
    for name in ("clean.yaml", "defects.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = kpilint("check", str(tmp_path), "--format", "json", cwd=tmp_path)
    report = json.loads(out.stdout)
    checking = run(str(tmp_path), Config())  # one path, not the characters of its name
    results = checking.collect()
    found = [f.to_json() for r in results for f in r.findings]
    assert _finding_keys(found) == _finding_keys(report["findings"])
    assert checking.exit_code == out.returncode == EXIT_FINDINGS
    assert checking.tally.summary() == report["summary"]


def test_the_library_run_fixes_then_checks_and_writes_the_baseline_like_the_command_line(tmp_path) -> None:
    for folder in ("cli", "lib"):
        (tmp_path / folder).mkdir()
        shutil.copy(EXAMPLES / "defects.yaml", tmp_path / folder / "d.yaml")
    cli = kpilint("check", "d.yaml", "--fix", "--write-baseline", "b.json", "--format", "json", cwd=tmp_path / "cli")
    lib = tmp_path / "lib"
    checking = run(lib / "d.yaml", Config(), fix=True, write_baseline=str(lib / "b.json"))
    fixes = list(checking.fixes())
    results = list(checking)
    assert (lib / "d.yaml").read_bytes() == (tmp_path / "cli" / "d.yaml").read_bytes()
    assert checking.applied == sum(len(o.applied) for o in fixes) > 0
    assert len(json.loads((lib / "b.json").read_text("utf-8"))["findings"]) == checking.baseline_written
    assert checking.baseline_written == len(json.loads(cli.stdout)["findings"]) == len(results[0].findings)
    assert checking.exit_code == cli.returncode


def test_a_run_refuses_an_output_that_is_a_file_it_reads_before_checking_anything(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    baseline = tmp_path / "b.json"
    baseline.write_text('{"findings": []}\n', "utf-8")
    for target in (draft, baseline):
        with pytest.raises(KpilintError, match="拒绝覆盖"):
            run([str(draft)], Config(), baseline=str(baseline), outputs=[str(target)])


@pytest.mark.parametrize("given", [b"x.yaml", None, 3, [None], [""]])
def test_paths_that_are_not_paths_are_a_usage_error_or_decoded(tmp_path, given) -> None:
    if given == b"x.yaml":
        (tmp_path / "x.yaml").write_bytes((EXAMPLES / "clean.yaml").read_bytes())
        checking = run(bytes(tmp_path / "x.yaml"), Config())
        assert [r.path for r in checking] == [str(tmp_path / "x.yaml")]
        return
    with pytest.raises(KpilintError, match="用法错误"):
        run(given, Config())  # type: ignore[arg-type]


def test_job_count_is_capped_by_processors_and_tasks() -> None:
    assert job_count(1_000_000, 3) <= 3
    assert job_count(0, 1_000) >= 1 and job_count(-5, 10) >= 1
    assert job_count(2, 0) == 1


def _raise(x: int) -> int:
    if x == 2:
        raise MemoryError
    return x


def test_run_tasks_answers_every_task_serially_too() -> None:
    answers = list(run_tasks(_raise, [(1,), (2,), (3,)], Limits(), lambda task, why: why, isolate=False))
    assert answers == [1, Stopped("memory"), 3]


@workers
def test_show_and_convert_read_within_the_memory_limit(tmp_path) -> None:
    big_docx(tmp_path / "big.docx", 1_000_000)
    config = tmp_path / ".kpilint.yaml"
    config.write_text("limits: {max_zip_ratio: 100000, max_memory_bytes: 400000000}\n", "utf-8")
    for command in (["show", "big.docx"], ["convert", "big.docx"]):
        out = kpilint(*command, cwd=tmp_path, timeout=300)
        assert out.returncode == EXIT_ERROR, out.stderr
        assert "big.docx" in out.stderr and "超过内存上限 400 MB" in out.stderr and "Traceback" not in out.stderr


@workers
def test_the_baseline_is_read_within_the_memory_limit(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    baseline = tmp_path / "b.json"
    with baseline.open("w", encoding="utf-8") as out:  # 40 MB of tiny entries: ~10x that parsed
        out.write('{"findings": [' + ",".join(['{"fingerprint": "a"}'] * 2_000_000) + "]}")
    config = tmp_path / ".kpilint.yaml"
    config.write_text("limits: {max_memory_bytes: 150000000}\n", "utf-8")
    out = kpilint("check", str(draft), "--baseline", str(baseline), cwd=tmp_path, timeout=300)
    assert out.returncode == EXIT_ERROR and "Traceback" not in out.stderr
    assert "b.json" in out.stderr and "超过内存上限" in out.stderr


def test_library_misuse_one_path_and_one_rule_as_text(tmp_path) -> None:
    """`check("x.yaml")` checks x.yaml (it walked the characters of the name, and `/` the
    whole file system); `Config(select="KPI301")` selects KPI301 (it selected every rule
    starting with K, P or I)."""
    from kpilint import check

    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "x.yaml")
    results = list(check(str(draft), Config(select="KPI301"), isolate=False))
    assert [r.path for r in results] == [str(draft)]
    assert [f.rule for f in results[0].findings] == ["KPI301"]
    assert Config(ignore=["KPI1"]).ignore == ("KPI1",)
