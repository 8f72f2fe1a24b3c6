"""Issue 17: `--fix` changes only what it fixes, never a file it must not, and says why not.

Workbooks are fixed in their package XML: every part but the fixed sheets' (and styles.xml,
when a percentage gets a percent format) keeps its bytes — cached formula results, an
.xlsm's VBA project, drawings — and inside a fixed sheet only the fixed cells change.
Drafts and workbooks that are read-only, symbolic links, missing, or cannot be written
(a full disk) are each handled with a message naming the file, and the other files are
still fixed and checked.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from conftest import EXAMPLES, kpilint
from kpilint import load
from kpilint.core.atomic import leftovers
from kpilint.writers.xlsx import write_xlsx

SATISFACTION = "  - {name: 小项目, budget: 1, indicators: [{level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ≥90, basis: 计划}]}\n"  # fmt: skip


def small_draft(path: Path) -> Path:
    """A draft of a few hundred bytes with one safe fix (`≥90` → `≥90%`)."""
    path.write_text("projects:\n" + SATISFACTION, "utf-8")
    return path


# --- workbooks: only the fixed cells -----------------------------------------------------------
def _with_extras(book: Path, target: Path) -> None:
    """The workbook as an .xlsm with what openpyxl would drop on a re-save: a formula with
    its cached result, a VBA project, an image and a drawing."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</row></sheetData>", b'<c r="Z1"><f>1+1</f><v>2</v></c></row></sheetData>', 1)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                                    b'vnd.ms-office.vbaProject"/><Default Extension="png" ContentType="image/png"/></Types>')  # fmt: skip
            out.writestr(item, data)
        out.writestr("xl/vbaProject.bin", os.urandom(5000))
        out.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
        out.writestr("xl/drawings/drawing1.xml", b'<?xml version="1.0"?><xdr:wsDr xmlns:xdr="urn:x"/>')


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


_CELL = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


def _cells(sheet: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group() for m in _CELL.finditer(sheet)}


def test_a_fixed_workbook_changes_only_its_fixed_cells_and_keeps_vba_drawings_and_cached_values(tmp_path) -> None:
    plain = tmp_path / "plain.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), plain)
    book = tmp_path / "d.xlsm"
    _with_extras(plain, book)
    before = _parts(book)
    out = kpilint("check", str(book), "--fix")
    assert "已修复 5 处" in out.stderr, out.stderr
    after = _parts(book)
    assert list(after) == list(before)  # the same parts, in the same order
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/styles.xml"}
    for name in ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"):
        old, new = _cells(before[name]), _cells(after[name])
        cells = {ref for ref in old if old[ref] != new.get(ref)}
        assert set(new) == set(old) and 1 <= len(cells) <= 4, cells  # only the fixed cells
        assert _CELL.sub(b"", before[name]) == _CELL.sub(b"", after[name])  # and nothing between them
    assert b'<c r="Z1"><f>1+1</f><v>2</v></c>' in after["xl/worksheets/sheet2.xml"]
    assert load_workbook(book, data_only=True)["老科协活动经费"]["Z1"].value == 2  # the cached result
    doc = load(book)
    assert doc.projects[0].indicators[-1].value_text == "≥90%"
    assert [c.text for c in doc.projects[1].spend_plan.checkpoints] == ["25%", "50%", "75%", "100%"]


def test_a_fixed_workbook_reads_as_the_original_but_for_the_fixed_cells(tmp_path) -> None:
    from kpilint.readers.xlsx import sheet_tables

    book = tmp_path / "d.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    cells = lambda: {(c.location.sheet, c.location.cell): c.text for t in sheet_tables(str(book))  # noqa: E731
                     for row in t.rows for c in row}  # fmt: skip
    before = cells()
    kpilint("check", str(book), "--fix")
    after = cells()
    different = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert len(different) == 5 and all(after[key] in ("≥90%", "25%", "50%", "75%", "100%") for key in different)


def test_a_formula_in_a_cell_to_fix_refuses_the_fix_with_its_cell(tmp_path) -> None:
    plain = tmp_path / "plain.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), plain)
    book = tmp_path / "f.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(book, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":  # 群众满意度 ≥90, computed by a formula
                data = re.sub(rb'(<c r="E\d+"[^>]*?) t="inlineStr"><is><t>&#8805;90</t></is></c>',
                              rb'\1 t="str"><f>"&#8805;"&amp;90</f><v>&#8805;90</v></c>', data)  # fmt: skip
            out.writestr(item, data)
    before = book.read_bytes()
    out = kpilint("check", str(book), "--fix")
    assert out.returncode == 2 and "是公式" in out.stderr and "f.xlsx" in out.stderr and "Traceback" not in out.stderr
    assert book.read_bytes() == before


# --- files that must not be rewritten ----------------------------------------------------------
def test_a_read_only_draft_is_not_rewritten_and_the_other_files_are_fixed(tmp_path) -> None:
    locked, other = small_draft(tmp_path / "locked.yaml"), small_draft(tmp_path / "other.yaml")
    locked.chmod(0o444)
    before = locked.read_bytes()
    out = kpilint("check", str(locked), str(other), "--fix")
    assert out.returncode == 2 and "locked.yaml: 错误: 文件为只读（权限 0444），未修复" in out.stderr
    assert locked.read_bytes() == before and "≥90%" in other.read_text("utf-8")
    assert "检查了 2 个文件" in out.stdout  # and both were checked afterwards


def test_a_symlinked_draft_is_fixed_through_the_link(tmp_path) -> None:
    real = small_draft(tmp_path / "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    out = kpilint("check", str(link), "--fix")
    assert "已修复 1 处" in out.stderr and link.is_symlink() and "≥90%" in real.read_text("utf-8")


def test_a_missing_draft_is_named_and_the_next_is_fixed(tmp_path) -> None:
    other = small_draft(tmp_path / "other.yaml")
    out = kpilint("check", str(tmp_path / "gone.yaml"), str(other), "--fix")
    assert out.returncode == 2 and "gone.yaml: 错误: 文件不存在" in out.stderr and "Traceback" not in out.stderr
    assert "≥90%" in other.read_text("utf-8")


def test_a_full_disk_is_named_and_the_next_draft_is_fixed(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", big)
    small = small_draft(tmp_path / "small.yaml")
    before = big.read_bytes()
    limit = len(before) // 2  # the big draft cannot be written whole; the small one can

    def cap_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = subprocess.run([sys.executable, "-m", "kpilint", "check", str(big), str(small), "--fix"],
                         capture_output=True, text=True, preexec_fn=cap_file_size, timeout=120, check=False)  # fmt: skip
    assert out.returncode == 2 and "big.yaml: 错误: 无法写回修复后的文件" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and "内部错误" not in out.stderr
    assert big.read_bytes() == before and "≥90%" in small.read_text("utf-8")
    assert not leftovers(big)  # the partial temporary file was removed


def test_the_report_or_the_baseline_may_not_replace_an_input(tmp_path) -> None:
    draft = small_draft(tmp_path / "d.yaml")
    before = draft.read_bytes()
    for option in ("-o", "--write-baseline"):
        out = kpilint("check", str(draft), option, str(draft))
        assert out.returncode == 2 and "拒绝覆盖" in out.stderr and draft.read_bytes() == before


def test_temporary_files_of_a_killed_writer_are_removed_by_the_next_write(tmp_path) -> None:
    draft = small_draft(tmp_path / "d.yaml")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = tmp_path / f".d.yaml.{gone.pid}.x1y2.kpilint-tmp"
    alive = tmp_path / f".d.yaml.{os.getpid()}.x3y4.kpilint-tmp"  # a writer still running
    dead.write_text("half a draft", "utf-8")
    alive.write_text("being written", "utf-8")
    kpilint("check", str(draft), "--fix")
    assert not dead.exists() and alive.exists()
