"""Issue 17: a directory walk takes regular files only, and never skips a draft it cannot read.

A FIFO or a link to /dev/zero named `*.yaml`, or a link out of the tree, is skipped without
being opened (and the skip is said); a `.yaml` that breaks as YAML is reported, not taken
for a CI configuration; a file over the size limit is reported with its size.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, kpilint

HANG = 60

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "drafts"
    tree.mkdir()
    shutil.copy(EXAMPLES / "defects.yaml", tree / "a.yaml")
    os.mkfifo(tree / "pipe.yaml")
    (tree / "zero.yaml").symlink_to("/dev/zero")
    outside = tmp_path / "outside.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", outside)
    (tree / "away.yaml").symlink_to(outside)
    (tree / "inside.yaml").symlink_to("a.yaml")
    (tree / "ci.yaml").write_text("jobs:\n  test: {runs-on: ubuntu-latest}\n", "utf-8")
    return tree


def _checked(out) -> list[str]:
    assert "Traceback" not in out.stderr, out.stderr
    return sorted(Path(f["path"]).name for f in json.loads(out.stdout)["files"])


def test_a_walk_takes_regular_files_and_links_inside_the_tree_and_says_what_it_skipped(tmp_path) -> None:
    tree = _tree(tmp_path)
    out = kpilint("check", str(tree), "--format", "json", timeout=HANG)
    assert out.returncode == 1
    assert _checked(out) == ["a.yaml", "inside.yaml"]  # not the CI configuration either
    assert "pipe.yaml: 已跳过：不是普通文件（命名管道）" in out.stderr
    assert "zero.yaml: 已跳过：不是普通文件（字符设备）" in out.stderr
    assert "away.yaml: 已跳过：符号链接指向检查目录之外" in out.stderr and "--follow-symlinks" in out.stderr
    followed = kpilint("check", str(tree), "--format", "json", "--follow-symlinks", timeout=HANG)
    assert _checked(followed) == ["a.yaml", "away.yaml", "inside.yaml"]  # devices stay skipped


def test_a_yaml_file_that_breaks_before_its_projects_is_reported_not_skipped(tmp_path) -> None:
    tree = tmp_path / "drafts"
    tree.mkdir()
    shutil.copy(EXAMPLES / "clean.yaml", tree / "good.yaml")
    (tree / "broken.yaml").write_text("department: {name: 甲\nprojects:\n  - name: x\n", "utf-8")
    out = kpilint("check", str(tree), "--format", "json", timeout=HANG)
    assert out.returncode == 2 and _checked(out) == ["broken.yaml", "good.yaml"]
    assert "broken.yaml:" in out.stderr and "YAML 格式错误" in out.stderr
    hook = kpilint("check", "--skip-non-drafts", str(tree / "broken.yaml"), timeout=HANG)  # as pre-commit runs it
    assert hook.returncode == 2 and "YAML 格式错误" in hook.stdout + hook.stderr


def test_a_file_over_the_size_limit_in_a_walk_is_reported_with_its_size(tmp_path) -> None:
    tree = tmp_path / "drafts"
    tree.mkdir()
    shutil.copy(EXAMPLES / "defects.yaml", tree / "big.yaml")
    small = tree / "small.yaml"
    small.write_text("projects: []\n", "utf-8")
    config = tmp_path / "c.yaml"
    config.write_text("limits: {max_file_bytes: 1000}\n", "utf-8")
    out = kpilint("check", str(tree), "--config", str(config), "--format", "json", timeout=HANG)
    assert out.returncode == 2 and _checked(out) == ["big.yaml", "small.yaml"]
    assert "big.yaml: 错误: 文件过大" in out.stderr
