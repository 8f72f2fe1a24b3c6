"""One way through: every caller gets what `check` reports, with the configuration's
per-path ignores and limits — the three defects of issue 16, each with the input that
showed it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, kpilint
from kpilint import Config, check, lint, load
from kpilint.errors import ReadError
from kpilint.writers.xlsx import write_xlsx

WIDE = "＞＝９８％"  # KPI012 value-nonstandard-form, fixed safely to ≥98%


def _legacy_tree(tmp_path: Path) -> tuple[Path, Path]:
    """legacy/a.yaml and legacy/b.xlsx with a full-width value; KPI012 ignored for legacy/*."""
    text = (EXAMPLES / "clean.yaml").read_text("utf-8").replace("value: ≥95%, basis", f"value: {WIDE}, basis")
    (tmp_path / "legacy").mkdir()
    draft = tmp_path / "legacy" / "a.yaml"
    draft.write_text(text, encoding="utf-8")
    book = tmp_path / "legacy" / "b.xlsx"
    write_xlsx(load(draft), book)
    (tmp_path / ".kpilint.yaml").write_text('per_path_ignores:\n  "legacy/*": [KPI012]\n', "utf-8")
    return draft, book


def test_fix_and_diff_act_only_on_what_check_reports_per_path(tmp_path) -> None:
    draft, book = _legacy_tree(tmp_path)
    for target in (draft, book):
        name = str(target.relative_to(tmp_path))
        before = target.read_bytes()
        assert kpilint("check", name, cwd=tmp_path).stdout.startswith("共 0 个问题")
        diff = kpilint("check", name, "--diff", cwd=tmp_path)
        assert (diff.returncode, diff.stdout) == (0, ""), name
        fixed = kpilint("check", name, "--fix", cwd=tmp_path)
        assert "已修复 0 处" in fixed.stderr and target.read_bytes() == before, name
    (tmp_path / ".kpilint.yaml").unlink()  # the same files, no ignore: now there is a fix
    assert "≥98%" in kpilint("check", "legacy/a.yaml", "--diff", cwd=tmp_path).stdout
    assert "≥98%" in kpilint("check", "legacy/b.xlsx", "--diff", cwd=tmp_path).stdout


def test_configured_limits_reach_standard_input(tmp_path) -> None:
    draft = EXAMPLES / "defects.yaml"
    shutil.copy(draft, tmp_path / "d.yaml")
    (tmp_path / ".kpilint.yaml").write_text("limits:\n  max_file_bytes: 10\n", "utf-8")
    as_file = kpilint("check", "d.yaml", cwd=tmp_path)
    piped = kpilint("check", "-", cwd=tmp_path, stdin=draft.read_text("utf-8"))
    assert as_file.returncode == piped.returncode == 2
    assert "文件过大" in as_file.stderr and "标准输入超过上限 10 字节" in piped.stderr
    (tmp_path / ".kpilint.yaml").write_text("limits:\n  max_file_bytes: 100000\n", "utf-8")
    assert kpilint("check", "-", cwd=tmp_path, stdin=draft.read_text("utf-8")).returncode == 1


def test_the_library_reads_within_the_configured_limits(tmp_path) -> None:
    book = tmp_path / "d.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    tight = Config(limits={"max_cells": 5})
    with pytest.raises(ReadError, match="单元格过多"):
        lint(book, tight)
    (result,) = check([str(book)], tight)
    assert "单元格过多" in (result.error or "") and not result.findings
    assert lint(book, Config())  # the default limits read it
    refused = kpilint("check", str(book), "--config", str(_config(tmp_path, "limits: {max_cells: 5}")))
    assert refused.returncode == 2 and "单元格过多" in refused.stderr


def _config(folder: Path, text: str) -> Path:
    path = folder / "kpilint.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_the_same_draft_on_standard_input_keeps_its_inline_suppressions(tmp_path) -> None:
    text = (EXAMPLES / "defects.yaml").read_text("utf-8").splitlines()
    text[23] += "  # kpilint: ignore[KPI301]"
    draft = "\n".join(text) + "\n"
    (tmp_path / "d.yaml").write_text(draft, encoding="utf-8")
    as_file = json.loads(kpilint("check", "d.yaml", "--format", "json", cwd=tmp_path).stdout)
    piped = json.loads(kpilint("check", "-", "--format", "json", cwd=tmp_path, stdin=draft).stdout)
    rules = [(f["rule"], f["line"]) for f in as_file["findings"]]
    assert ("KPI301", 24) not in rules
    assert rules == [(f["rule"], f["line"]) for f in piped["findings"]]
