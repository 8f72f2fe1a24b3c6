"""Characters and ruling lines read through pdfium (`readers/pdf_objects.py`) are what
pdfplumber reads through pdfminer: the same graphics by kind, the same edges, the same
tables cell for cell — on small PDFs made for one situation each, and on every candidate
page of the shared corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from conftest import CORPUS
from kpilint.readers.page_classes import page_hint
from kpilint.readers.pdf import _drawn, candidate_pages, extract_tables, page_texts
from kpilint.readers.pdf_objects import PageObjects, read_page
from pdf_builder import FONT, Cell, Page, pdf_file

#: pdf_builder's Chinese font (STSong-Light, not embedded) and Helvetica (not embedded)
FONTS = b"/Font << /F1 1 0 R /F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
FORM = (
    b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 10 20] "
    b"/Resources << " + FONTS + b" >> /Length %d >>\nstream\n%s\nendstream"
)


def _write(path: Path, pages: list[tuple[str, str]], form: str | None = None) -> Path:
    """A PDF of pages given as (content, extra page-dictionary entries); `form` is the
    content of a form XObject /Fm1 every page may draw."""
    objects: list[bytes] = [FONT]
    if form is not None:
        objects.append(FORM % (len(form.encode()), form.encode()))
    xobjects = b" /XObject << /Fm1 2 0 R >>" if form is not None else b""
    kids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for content, extra in pages:
        stream = content.encode()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        if "/MediaBox" not in extra:
            extra += " /MediaBox [0 0 595 842]"
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R %s /Resources << %s%s >> >>"
            % (pages_id, len(objects), extra.encode(), FONTS, xobjects)
        )
        kids.append(len(objects))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>"
                   % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))  # fmt: skip
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    path.write_bytes(pdf_file(objects, root=len(objects)))
    return path


def _text(x: float, y: float, text: str, size: float = 10) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td <{text.encode('utf-16-be').hex().upper()}> Tj ET"


def _latin(x: float, y: float, text: str, size: float = 10) -> str:
    return f"BT /F2 {size} Tf {x} {y} Td ({text}) Tj ET"


GRAPHICS = "\n".join([
    "0.5 w 40 800 m 300 800 l S",  # a stroked line
    "40 700 260 80 re S",  # a stroked rect
    "40 600 260 0.6 re f",  # a ruling drawn as a thin filled rect
    "1 g 50 610 100 20 re f 0 g",  # a white cell background: never a ruling
    "0.8 g 200 610 50 20 re f 0 g",  # a grey one is kept
    "1 1 1 rg 50 640 100 20 re f 0 0 0 rg",  # white in RGB
    "40 500 m 300 500 l 300 450 l 40 450 l h S",  # a closed four-sided path: a rect
    "40 430 m 300 430 l 300 420 l 40 420 l 40 430 l S",  # four lines back to the start
    "40 400 m 300 400 l 280 350 l 40 350 l h S",  # not square: a curve
    "40 300 m 100 350 200 350 300 300 c S",  # a Bézier
    "40 250 m 300 250 l 40 240 m 300 240 l S",  # two subpaths, two lines
    "40 200 m 300 200 l 300 150 l 40 150 l 40 200 l 300 200 l S",  # a polyline grid
    "40 100 m 300 120 l S",  # a slanted line
    "1 g 40 60 260 20 re B 0 g",  # white, but stroked: a ruling
])  # fmt: skip


def _key(obj: dict) -> tuple:
    return tuple(
        round(obj[k], 3) if isinstance(obj.get(k), float | int) and not isinstance(obj.get(k), bool)
        else obj.get(k)
        for k in ("object_type", "orientation", "x0", "top", "x1", "bottom", "stroke", "fill")
    )  # fmt: skip


def _same_graphics(path: Path, index: int = 0) -> PageObjects:
    with pdfplumber.open(path) as plumber:
        theirs = plumber.pages[index].filter(_drawn)
        doc = pdfium.PdfDocument(str(path))
        try:
            ours = read_page(doc, index)
        finally:
            doc.close()
        assert ours.exact
        mine = ours.filter(_drawn)
        assert mine.bbox == pytest.approx(theirs.bbox)
        for kind in ("lines", "rects", "curves"):
            assert Counter(map(_key, getattr(mine, kind))) == Counter(
                map(_key, getattr(theirs, kind))
            ), kind
        assert Counter(map(_key, mine.edges)) == Counter(map(_key, theirs.edges))

        def glyphs(chars: list[dict]) -> Counter:
            # pdfium keeps one space of a run, pdfminer each: word breaks are the same
            return Counter((c["text"], round(c["x0"], 2), round(c["x1"], 2), round(c["top"], 2),
                            round(c["bottom"], 2)) for c in chars if c["text"] != " ")  # fmt: skip

        assert glyphs(mine.chars) == glyphs(theirs.chars)
        return mine


def test_each_kind_of_graphic_is_read_as_pdfplumber_reads_it(tmp_path) -> None:
    page = _same_graphics(_write(tmp_path / "graphics.pdf", [(GRAPHICS, "")]))
    assert {o["object_type"] for o in page.lines + page.rects + page.curves} == {
        "line", "rect", "curve"}  # fmt: skip
    # the white unstroked backgrounds are gone, the grey one and the stroked white one stay
    assert len([r for r in page.rects if r["fill"] and not r["stroke"]]) == 2


def test_graphics_inside_a_form_xobject_are_placed_by_its_matrix(tmp_path) -> None:
    content = "q 0.5 0 0 0.5 100 100 cm /Fm1 Do Q\n" + _text(40, 820, "表格")
    path = _write(tmp_path / "form.pdf", [(content, "")], form=GRAPHICS + "\n" + _text(60, 760, "在表单里"))
    page = _same_graphics(path)
    assert len(page.edges) > 20
    assert sorted(c["text"] for c in page.chars) == sorted("表格在表单里")


def test_a_page_box_away_from_the_origin_keeps_pdfplumbers_coordinates(tmp_path) -> None:
    content = "q 1 0 0 1 -12 12 cm\n" + GRAPHICS + "\n" + _text(40, 780, "指标值") + "\nQ"
    path = _write(tmp_path / "offset.pdf", [(content, "/MediaBox [-12 12 583 854]")])
    page = _same_graphics(path)
    assert page.bbox == (-12, -12, 583, 830)


def _table_page() -> Page:
    page = Page()
    page.text(150, 30, "科普项目绩效目标表", 14)
    rows = [
        [Cell("项目名称"), Cell("生产力促进", cols=2), None],
        [Cell("一级指标"), Cell("三级指标"), Cell("指标值")],
        [Cell("产出指标"), Cell("培训人次"), Cell("≥500人次")],
        [Cell("效益指标"), Cell("支出进度"), Cell("入库 100%")],
    ]
    page.table(40, 60, [100, 160, 120], rows)
    # a space written as a text object of its own (pdfium skips it; pdfminer reads it),
    # and a run of spaces inside one string (pdfium keeps the first)
    y = 842 - 160 - 9
    page.ops += [_latin(44, y, "2023", 9), _latin(64.02, y, " ", 9), _text(66.52, y, "年度", 9),
                 _text(144, y, "计划   标准", 9)]  # fmt: skip
    page.table(40, 150, [100, 160, 120], [[Cell(""), Cell(""), Cell("")]])
    return page


def _tables(path: Path, pages: list[int]) -> tuple[list, list]:
    return extract_tables(str(path), pages), extract_tables(str(path), pages, "pdfplumber")


def test_tables_come_out_cell_for_cell_as_pdfplumbers(tmp_path) -> None:
    page = _table_page()
    path = _write(tmp_path / "table.pdf", [("\n".join(page.ops), "")])
    _same_graphics(path)
    ours, theirs = _tables(path, [0])
    assert ours == theirs
    texts = [c.text for t in ours for r in t.rows for c in r]
    # pdfium reads 力 生 支 入 of this predefined CJK font as Kangxi radicals (⼒ ⽣ ⽀ ⼊)
    assert "生产力促进" in texts and "支出进度" in texts and "入库 100%" in texts
    assert "2023 年度" in texts and "计划标准" in texts  # join_wraps closes gaps between CJK
    assert ours[0].title == "科普项目绩效目标表"


@pytest.mark.parametrize("case", ["rotated", "bold"])
def test_what_pdfium_cannot_give_exactly_is_read_by_pdfplumber(tmp_path, case) -> None:
    page = _table_page()
    extra = "/Rotate 90" if case == "rotated" else ""
    if case == "bold":  # drawn twice, a little apart: pdfium keeps one, pdfminer both
        page.ops += [_latin(300, 700, "Bold", 9), _latin(300.2, 700, "Bold", 9)]
    path = _write(tmp_path / "odd.pdf", [("\n".join(page.ops), extra)])
    doc = pdfium.PdfDocument(str(path))
    try:
        assert not read_page(doc, 0).exact
    finally:
        doc.close()
    ours, theirs = _tables(path, [0])
    assert ours == theirs and ours


def test_a_glyph_of_a_font_not_embedded_reads_as_pdfplumbers_with_or_without_system_fonts(
    tmp_path,
) -> None:
    """Whether pdfium knows the glyph's box depends on the machine's fonts (CI installs a
    CJK font, a bare machine has none): exact where it does, by pdfplumber where it does
    not — the same tables either way."""
    page = _table_page()
    page.ops += [_text(300, 700, "是", 9)]
    path = _write(tmp_path / "glyph.pdf", [("\n".join(page.ops), "")])
    ours, theirs = _tables(path, [0])
    assert ours == theirs and ours
    texts = [c.text for t in ours for r in t.rows for c in r]
    assert "生产力促进" in texts


# --- the corpus -------------------------------------------------------------------------
CORPUS_FILES = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus/pdf/ is absent (it sits beside the project in CI)")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_both_backends_read_the_same_tables_on_the_corpus(path: Path) -> None:
    """Every candidate page, cell for cell: texts, boxes, open sides and titles."""
    pages = candidate_pages([page_hint(t) for t in page_texts(str(path))])
    ours, theirs = _tables(path, pages)
    assert len(ours) == len(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        assert mine.location == other.location
        assert mine.title == other.title
        assert [[c.text for c in r] for r in mine.rows] == [[c.text for c in r] for r in other.rows]
        assert mine.rows == other.rows
