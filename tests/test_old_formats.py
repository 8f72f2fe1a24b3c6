"""Old and mislabelled office files: .xls read, .doc/.wps converted by LibreOffice or refused
with the fix named, nothing skipped in silence in a directory walk, and a file whose bytes are
not what its suffix says read by its content or named.

tests/fixtures/office/ holds a declaration workbook saved as Excel 97 (.xls) and a target
table saved as Word 97 (.doc), both written by us with LibreOffice.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, kpilint
from kpilint.files import shown_path
from kpilint.readers.legacy import office
from kpilint.readers.xlsx import read_xlsx

OFFICE = FIXTURES / "office"
XLS, DOC = OFFICE / "declaration-97.xls", OFFICE / "tables-97.doc"
NO_OFFICE = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # python, no soffice


def _check(*args: str, env: dict | None = None, cwd: Path | None = None):
    import subprocess

    return subprocess.run([sys.executable, "-m", "kpilint", "check", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=cwd, timeout=300, check=False)  # fmt: skip


def test_an_xls_workbook_reads_like_its_xlsx(tmp_path: Path) -> None:
    from kpilint import load

    doc = load(str(XLS))
    assert [p.name for p in doc.projects] == ["全国文明城市创建工作经费1", "全国文明城市创建工作经费2"]
    p = doc.projects[0]
    assert (p.code, p.budget.total, p.budget.period_total) == ("440306221390300900001", 30.0, 90.0)
    assert p.header.policy_basis.startswith("根据《") and p.header.allocation == "因素法和项目法"
    assert [i.name for i in p.indicators][:4] == ["活动场次", "活动参与率", "活动完成时间", "总成本"]
    assert p.indicators[0].location.sheet == "1.项目1" and p.indicators[0].location.cell == "A12"
    assert not doc.diagnostics


def test_a_doc_without_libreoffice_is_refused_with_the_fix_named() -> None:
    out = _check(str(DOC), env=NO_OFFICE)
    assert out.returncode == 2
    said = out.stdout + out.stderr
    assert ".doc" in said and "另存为” .docx" in said and "Traceback" not in said


@pytest.mark.skipif(office() is None, reason="LibreOffice (soffice) is not installed")
def test_a_doc_is_converted_by_libreoffice_and_read() -> None:
    out = _check(str(DOC), "--format", "json")
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert report["files"][0]["projects"] == 1
    satisfaction = [f for f in report["findings"] if f["rule"] == "KPI301"]
    assert satisfaction and satisfaction[0]["path"] == shown_path(str(DOC))  # named from the project root


def test_a_walk_counts_and_names_old_formats_it_cannot_read(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(XLS, folder / "申报表.xls")
    shutil.copy(DOC, folder / "目标表.doc")
    shutil.copy(DOC, folder / "目标表.wps")
    out = _check(str(folder), "--format", "json", env=NO_OFFICE)
    assert out.returncode == 2
    report = json.loads(out.stdout)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert set(files) == {"申报表.xls", "目标表.doc", "目标表.wps"}, "every old-format file is counted"
    assert files["申报表.xls"]["projects"] == 2 and not files["申报表.xls"]["error"]
    assert "LibreOffice" in files["目标表.doc"]["error"] and ".wps" in files["目标表.wps"]["error"]
    assert report["summary"]["unreadable"] == 2


def test_a_workbook_whose_bytes_are_not_its_suffix_is_read_by_content_and_said(tmp_path: Path) -> None:
    real_xlsx = tmp_path / "导出.xls"
    shutil.copy(XLS, tmp_path / "old.xls")
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"], wb.active["B1"] = "项目名称", "某项目"
    wb.save(tmp_path / "tmp.xlsx")
    shutil.copy(tmp_path / "tmp.xlsx", real_xlsx)
    out = _check(str(real_xlsx), "--format", "json")
    report = json.loads(out.stdout)
    assert not report["files"][0]["error"]
    assert any(f["rule"] == "KPI000" and "与内容" in f["message"] for f in report["findings"])
    old_as_new = tmp_path / "其实是旧格式.xlsx"
    shutil.copy(XLS, old_as_new)
    assert json.loads(_check(str(old_as_new), "--format", "json").stdout)["files"][0]["projects"] == 2


def test_an_html_page_saved_as_xls_is_named_not_misread(tmp_path: Path) -> None:
    page = tmp_path / "系统导出.xls"
    page.write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>", "utf-8")
    out = _check(str(page))
    said = out.stdout + out.stderr
    assert out.returncode == 2 and "HTML" in said and "另存为 .xlsx" in said and "Traceback" not in said


def test_xls_reading_matches_the_xlsx_it_was_saved_from(tmp_path: Path) -> None:
    """The .xls fixture was saved by LibreOffice from the form test_declaration_workbooks
    writes: both read to the same projects."""
    from kpilint import load
    from test_declaration_workbooks import write_form

    write_form(tmp_path / "form.xlsx")
    xlsx, xls = read_xlsx(str(tmp_path / "form.xlsx")), load(str(XLS))
    assert xls.projects == xlsx.projects


def test_show_and_convert_read_old_formats_too(tmp_path: Path) -> None:
    out = kpilint("convert", str(XLS), "-o", str(tmp_path / "草稿.yaml"))
    assert out.returncode == 0, out.stderr
    assert "policy_basis:" in (tmp_path / "草稿.yaml").read_text("utf-8")
