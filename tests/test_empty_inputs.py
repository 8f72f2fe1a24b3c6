"""Nothing checked is not a clean result: a folder that holds nothing kpilint reads (a typo
that happens to exist, the wrong folder, drafts not there yet) and a draft with no project
are errors, said in Chinese with the folder or file and what to do, exit 2 — unless the
user says empty is fine (--allow-empty)."""

from __future__ import annotations

import json
import shutil

from conftest import EXAMPLES, kpilint
from kpilint import Config
from kpilint.core import run


def test_a_folder_with_nothing_to_check_is_an_error_naming_it(tmp_path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.py").write_text("print(1)\n", "utf-8")
    out = kpilint("check", "src", cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.startswith("src: 错误: 目录中没有 kpilint 能检查的文件")
    assert "--allow-empty" in out.stderr and "Traceback" not in out.stderr
    assert kpilint("check", "src", "--allow-empty", cwd=tmp_path).returncode == 0


def test_the_yaml_a_folder_passed_over_is_counted_in_the_message(tmp_path) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "build.yaml").write_text("on: push\njobs: {}\n", "utf-8")
    out = kpilint("check", "ci", "--format", "json", cwd=tmp_path)
    assert out.returncode == 2 and "其中 1 个 YAML 文件不是草稿" in out.stderr
    assert json.loads(out.stdout)["summary"]["files"] == 0  # the report itself stays valid


def test_an_empty_folder_beside_real_drafts_is_still_said_and_the_drafts_checked(tmp_path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafst").mkdir()  # the typo exists: someone made it once
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "drafts" / "a.yaml")
    out = kpilint("check", "drafts", "drafst", cwd=tmp_path)
    assert out.returncode == 2 and "drafst: 错误: 目录中没有" in out.stderr and "drafts:" not in out.stderr
    assert "检查了 1 个文件" in out.stdout


def test_a_draft_with_no_project_is_an_error_unless_allowed(tmp_path) -> None:
    for name, text in (("empty.yaml", ""), ("comments.yaml", "# 待填写\n"), ("dept.yaml", "department: 某局\nprojects: []\n")):
        (tmp_path / name).write_text(text, "utf-8")
        out = kpilint("check", name, cwd=tmp_path)
        assert out.returncode == 2 and f"{name}: 错误: 草稿中没有项目" in out.stderr, (name, out.stderr)
        assert kpilint("check", name, "--allow-empty", cwd=tmp_path).returncode == 0, name


def test_the_library_run_says_the_same(tmp_path) -> None:
    (tmp_path / "none").mkdir()
    (tmp_path / "e.yaml").write_text("", "utf-8")
    checking = run([tmp_path / "none", tmp_path / "e.yaml"], Config())
    results = list(checking)
    assert checking.exit_code == 2 and len(checking.empty) == 1 and "草稿中没有项目" in (results[0].error or "")
    allowed = run([tmp_path / "none", tmp_path / "e.yaml"], Config(), allow_empty=True)
    assert [r.error for r in allowed] == [None] and allowed.exit_code == 0
