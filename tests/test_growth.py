"""Issue 17: inputs whose cost grew faster than their size now cost what their size says.

Projects sharing one code (found by position, not by comparing every project with every
other), one Word paragraph of 300,000 characters (no title search over it), a 3,000-row
vertical merge (read from the XML in one pass, not by python-docx's recursion), a sheet that
claims the whole grid (its declared size ignored), a PDF of 20,000 pages (counted before
any page is read). Each file is generated here.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from conftest import EXAMPLES, kpilint
from kpilint import load
from kpilint.writers.xlsx import write_xlsx
from pdf_builder import pdf_file
from table_builders import docx_tables

HANG = 120


def _report(out) -> dict:
    assert "Traceback" not in out.stderr and "时间限制" not in out.stderr, out.stderr
    return json.loads(out.stdout)


def _docx_body(path: Path, body: str) -> Path:
    seed = path.with_name("seed.docx")
    docx_tables(load(EXAMPLES / "clean.yaml"), seed)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.'
           'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")  # fmt: skip
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, xml.encode() if item.filename == "word/document.xml" else src.read(item))
    return path


def test_five_thousand_projects_sharing_one_code(tmp_path) -> None:
    row = "{level1: 产出指标, level2: 数量指标, name: 次数, value: ≥2 次, basis: 计划}"
    draft = tmp_path / "d.yaml"
    draft.write_text("projects:\n" + "".join(f"  - {{code: 13082626P002089100022, name: 项目{n}, budget: 1, "
                                             f"indicators: [{row}]}}\n" for n in range(5_000)), "utf-8")  # fmt: skip
    report = _report(kpilint("check", str(draft), "--format", "json", "--timeout-per-file", "60", timeout=HANG))
    assert report["summary"]["projects"] == 5_000
    duplicates = [f for f in report["findings"] if "重复" in f["message"]]
    assert len(duplicates) >= 4_999


def test_a_paragraph_of_300000_characters(tmp_path) -> None:
    path = _docx_body(tmp_path / "p.docx", "<w:p><w:r><w:t>" + "项目" * 150_000 + "</w:t></w:r></w:p>")
    out = kpilint("check", str(path), "--format", "json", "--timeout-per-file", "60", timeout=HANG)
    assert out.returncode in (0, 1) and _report(out)["summary"]["unreadable"] == 0


def test_a_vertical_merge_of_3000_rows(tmp_path) -> None:
    first = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc>'
    rest = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    rows = "".join(f"<w:tr>{first if r == 0 else rest}<w:tc><w:p><w:r><w:t>行{r}</w:t></w:r></w:p></w:tc></w:tr>"
                   for r in range(3_000))  # fmt: skip
    path = _docx_body(tmp_path / "m.docx", f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl>")
    out = kpilint("check", str(path), "--format", "json", "--timeout-per-file", "60", timeout=HANG)
    report = _report(out)
    assert report["summary"]["unreadable"] == 0 and "内容损坏" not in out.stderr
    assert "产出指标 | 行0" in json.dumps(report, ensure_ascii=False)  # the merge's text, read once


def test_a_sheet_claiming_the_whole_grid_costs_its_cells(tmp_path) -> None:
    book = tmp_path / "b.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    claimed = tmp_path / "claimed.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(claimed, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            out.writestr(item, data)
    config = tmp_path / "c.yaml"
    config.write_text("limits: {max_cells: 2000}\n", "utf-8")  # the cells written, not the 17 billion claimed
    out = kpilint("check", str(claimed), "--config", str(config), "--format", "json", timeout=HANG)
    assert out.returncode == 1 and _report(out)["summary"]["projects"] == 2


def empty_pages_pdf(path: Path, pages: int, box: bytes = b"[0 0 612 792]") -> Path:
    """A PDF of `pages` empty pages that share one content stream: small on disk, huge in
    page count."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (i + 4) for i in range(pages)) + b"] /Count %d >>" % pages,
               b"<< /Length 0 >>\nstream\n\nendstream"]  # fmt: skip
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents 3 0 R >>"] * pages
    path.write_bytes(pdf_file(objects))
    return path


def test_a_pdf_of_20000_pages_is_refused_by_its_page_count(tmp_path) -> None:
    path = empty_pages_pdf(tmp_path / "pages.pdf", 20_000)
    out = kpilint("check", str(path), timeout=HANG)
    assert out.returncode == 2 and "PDF 页数过多（20000 页，上限 5000）" in out.stdout + out.stderr
