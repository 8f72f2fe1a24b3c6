"""Reader for published PDFs: tables found with pdfplumber's table finder, interpreted by the
grid interpreter.

A cheap first pass (pypdfium2's text layer) classifies every page (`page_classes`) and
picks those that can hold a target table, so table finding runs only there. On those
pages the characters and ruling lines come from pdfium (`pdf_objects`, C speed) and are
handed to pdfplumber's `TableFinder`; a page pdfium cannot give exactly as pdfminer would
(rotated text, text pdfium leaves out) is read by pdfplumber itself, as every page was
before. Text above a table is searched for its title (`…项目绩效目标表`), which some
cities use instead of a 项目名称 cell. Every page ends with a class, and a page that
looked like a target table but gave nothing becomes a diagnostic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Diagnostic, Document, Location
from kpilint.readers.grid import Cell, cell_key, header_map, is_frame_line
from kpilint.readers.page_classes import PageHint, account, page_hint
from kpilint.readers.pdf_objects import PageObjects, read_page
from kpilint.readers.tables import Table, read_tables, to_document, year_in
from kpilint.readers.vocabulary import join_wraps, money_unit_in, table_title

#: points within which characters share a line: a subscript (PM2.5) sits ~3.5 pt low
_LINE_TOLERANCE = 4
#: how many lines a title printed above a table may wrap over
_TITLE_LINES = 3
#: a line above a table longer than this is prose, not a heading
_HEADING_MAX = 60


def page_texts(path: str, max_pages: int | None = None) -> list[str]:
    """Each page's text, from pypdfium2 (fast); raises ReadError for what is not a PDF, and
    for more than `max_pages` pages (counted from the page tree, before any page is read)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:  # pdfium raises PdfiumError, and others on odd input
        raise ReadError(path, f"无法打开 PDF：{exc}", hint="文件可能已损坏或不是 PDF") from None
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise ReadError(path, f"PDF 页数过多（{len(pdf)} 页，上限 {max_pages}），未读取",
                            hint="在 .kpilint.yaml 的 limits.max_pdf_pages 中放宽，或把文件拆开")  # fmt: skip
        texts = [_page_text(pdf, index) for index in range(len(pdf))]
        if texts and all(text is None for text in texts):  # not one page object loads
            raise ReadError(path, "无法载入 PDF 的任何一页（页面树损坏或嵌套过深）",
                            hint="文件可能已损坏；请用 PDF 阅读器另存后重试")  # fmt: skip
        return [text or "" for text in texts]
    finally:
        pdf.close()


def _page_text(pdf: Any, index: int) -> str | None:
    """A page's text; "" for a page pdfium cannot read (it is then accounted as textless),
    None for a page object it cannot load at all (a page tree too deep or broken)."""
    try:
        page = pdf[index]
    except Exception:  # a damaged page object
        return None
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range()
        finally:
            textpage.close()
    except Exception:  # a damaged content stream
        return ""
    finally:
        page.close()


def candidate_pages(hints: list[PageHint]) -> list[int]:
    """0-based indexes of pages that can hold an indicator table."""
    return [i for i, hint in enumerate(hints) if hint.candidate]


def _round(v: float) -> float:
    # to the thousandth first: pdfium's single precision and pdfminer's double arithmetic
    # differ in the last digits, which must not decide a tenth that sits on a 5
    return round(round(v, 3), 1)


def _box(bbox: tuple[float, ...]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = bbox
    return (_round(x0), _round(top), _round(x1), _round(bottom))


def _white(color: object) -> bool:
    if isinstance(color, int | float):
        return color >= 0.99
    if isinstance(color, tuple | list) and color and all(isinstance(c, int | float) for c in color):
        if len(color) == 4:  # CMYK
            return all(c <= 0.01 for c in color)
        return all(c >= 0.99 for c in color)
    return False


def _drawn(obj: dict) -> bool:
    """Whether a graphic can be a ruling line: a white, unstroked rectangle is a cell's
    background (some producers put one behind every text run) and would split merged cells."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return not (obj.get("fill") and _white(obj.get("non_stroking_color")))


@dataclass(frozen=True)
class _Closing:
    """Where the page cuts its tables: a merged cell that runs on to the next page has no
    bottom edge here (nor a top edge there), so the finder would drop it and the category
    label printed in it. A ruling at the ends of the vertical rulings closes it, and cells
    closed by that ruling rather than by one the PDF draws are marked open."""

    top: float | None = None
    bottom: float | None = None
    rulings: tuple[tuple[float, float, float], ...] = ()  # (y, x0, x1) of drawn horizontals

    @classmethod
    def of(cls, page) -> _Closing:
        verticals = [e for e in page.edges if e["orientation"] == "v"]
        if not verticals:
            return cls()
        rulings = tuple((e["top"], e["x0"], e["x1"]) for e in page.edges if e["orientation"] == "h")
        return cls(min(e["top"] for e in verticals), max(e["bottom"] for e in verticals), rulings)

    def settings(self) -> dict:
        return {} if self.top is None else {"explicit_horizontal_lines": [self.top, self.bottom]}

    def _drawn_at(self, y: float, x0: float, x1: float) -> bool:
        middle = (x0 + x1) / 2
        return any(abs(ry - y) < 1.5 and rx0 <= middle <= rx1 for ry, rx0, rx1 in self.rulings)

    def open_sides(self, bbox: tuple[float, float, float, float]) -> tuple[bool, bool]:
        """(open above, open below) for a cell's box."""
        x0, top, x1, bottom = bbox
        above = self.top is not None and abs(top - self.top) < 1 and not self._drawn_at(top, x0, x1)
        below = (
            self.bottom is not None
            and abs(bottom - self.bottom) < 1
            and not self._drawn_at(bottom, x0, x1)
        )
        return above, below


def _by_middle(chars: list[dict]) -> tuple[list[float], list[dict]]:
    """Characters sorted by the height of their middle, which decides their cell."""
    keyed = sorted((((c["top"] + c["bottom"]) / 2, c) for c in chars), key=lambda p: p[0])
    return [k for k, _ in keyed], [c for _, c in keyed]


def _lines(chars: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: c["top"]):
        if lines and abs(c["top"] - lines[-1][0]["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(c)
        else:
            lines.append([c])
    return lines


def _overlap(a: list[dict], b: list[dict]) -> bool:
    """Two text lines that share height cannot be lines of one cell."""
    return min(c["bottom"] for c in a) - max(c["top"] for c in b) > 1


def _continues(above: tuple | None, line: list[dict], content: dict[tuple, list[dict]]) -> bool:
    """A lone line hugging (or crossing) the top ruling of an otherwise empty cell is the last
    line of the text above when it sits one line pitch under text that ran to the cell's edge."""
    if above is None or not content[above]:
        return False
    last = _lines(content[above])[-1]
    height = max(c["bottom"] - c["top"] for c in line)
    width = max(c["x1"] - c["x0"] for c in last)
    full = max(c["x1"] for c in last) > above[2] - 1.5 * width  # the text above wrapped
    return full and 0 <= min(c["top"] for c in line) - max(c["bottom"] for c in last) < 0.8 * height


def _cell_texts(found, chars: tuple[list[float], list[dict]]) -> list[list[str | None]]:
    """Each cell's text, as `Table.extract` reads it (a character belongs to the cell holding
    its middle), except a line of text that overflows a ruling: `…8M数字电` / `路数` printed
    across the line below its cell collides with that cell's own first line, and goes back
    to the cell it overflowed (and the same upwards)."""
    from pdfplumber.utils import extract_text

    keys, ordered = chars
    boxes = [cell for row in found.rows for cell in row.cells if cell is not None]
    content: dict[tuple, list[dict]] = {}
    for cell in boxes:
        x0, top, x1, bottom = cell
        content[cell] = [
            c
            for c in ordered[bisect_left(keys, top) : bisect_left(keys, bottom)]
            if x0 <= (c["x0"] + c["x1"]) / 2 < x1
        ]
    for cell in boxes:
        lines = _lines(content[cell])
        if not lines:
            continue
        x0, top, x1, bottom = cell
        middle = (x0 + x1) / 2
        above = next((b for b in boxes if abs(b[3] - top) < 1 and b[0] <= middle < b[2]), None)
        first_top = min(c["top"] for c in lines[0])
        if (first_top < top - 0.5 and len(lines) > 1 and _overlap(lines[0], lines[1])) or (
            first_top < top + 2 and len(lines) == 1 and _continues(above, lines[0], content)
        ):
            if above is not None:
                content[above].extend(lines[0])
                content[cell] = [c for line in lines[1:] for c in line]
        elif (
            len(lines) > 1
            and max(c["bottom"] for c in lines[-1]) > bottom + 0.5
            and _overlap(lines[-2], lines[-1])
        ):
            below = next((b for b in boxes if abs(b[1] - bottom) < 1 and b[0] <= middle < b[2]), None)
            if below is not None:
                content[below].extend(lines[-1])
                content[cell] = [c for line in lines[:-1] for c in line]
    out = []
    for row in found.rows:
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            inside = sorted(content[cell], key=lambda c: (c["top"], c["x0"]))
            texts.append(extract_text(inside, y_tolerance=_LINE_TOLERANCE) if inside else "")
        out.append(texts)
    return out


def _text_in(page, bbox: tuple[float, float, float, float]) -> str:
    """The text of a band of the page, as pdfplumber's `page.crop(bbox).extract_text()`."""
    if not isinstance(page, PageObjects):
        return page.crop(bbox).extract_text() or ""
    from pdfplumber.page import test_proposed_bbox
    from pdfplumber.utils import chars_to_textmap, crop_to_bbox

    test_proposed_bbox(bbox, page.bbox)
    x0, top, x1, bottom = bbox
    near = [c for c in page.chars if c["bottom"] >= top and c["top"] <= bottom]
    chars = crop_to_bbox(near, bbox)
    if not chars:
        return ""
    return chars_to_textmap(
        chars, layout_bbox=bbox, layout_width=x1 - x0, layout_height=bottom - top
    ).as_string


def _title_above(page, top: float, floor: float) -> str | None:
    if top - floor < 2:
        return None
    # a page's box need not start at (0, 0): crop within it
    left, _, right, _ = page.bbox
    lines = [line.strip() for line in _text_in(page, (left, floor, right, top)).splitlines() if line.strip()]
    runs = _title_runs(page, top, floor)
    for end in range(len(lines), 0, -1):  # the title nearest the table, maybe wrapped over lines
        for start in range(end - 1, max(end - _TITLE_LINES, 0) - 1, -1):
            if start < end - 1 and not _one_paragraph(runs, lines[start:end]):
                break
            if title := table_title("".join(lines[start:end])):
                wider = start - 1
                while wider >= max(end - _TITLE_LINES, 0) and _one_paragraph(runs, lines[wider:end]):
                    wider -= 1  # a title wrapped over lines ends on the suffix: take its start too
                return table_title("".join(lines[wider + 1 : end])) or title
    return None


def _heading_above(page, top: float, floor: float) -> str | None:
    """The nearest line of text above a table that could name it: not the unit or year line
    around a table, not a paragraph."""
    if top - floor < 2:
        return None
    left, _, right, _ = page.bbox
    for line in reversed(_text_in(page, (left, floor, right, top)).splitlines()):
        text = " ".join(line.split())
        if text and not is_frame_line(text) and not money_unit_in(text) and 2 <= len(text) <= _HEADING_MAX:
            return text
    return None


def _title_runs(page, top: float, floor: float) -> list[tuple[str, float, float, float]]:
    """(text, top, bottom, size) of each printed line in the band above a table."""
    chars = [c for c in page.chars if c["top"] >= floor - 1 and c["bottom"] <= top + 1 and c["text"].strip()]
    out = []
    for line in _lines(chars):
        line.sort(key=lambda c: c["x0"])
        size = max(c.get("size", c["bottom"] - c["top"]) for c in line)
        out.append(("".join(c["text"] for c in line), min(c["top"] for c in line), max(c["bottom"] for c in line), size))
    return out


def _one_paragraph(runs: list[tuple[str, float, float, float]], lines: list[str]) -> bool:
    """Are these text lines one wrapped paragraph: printed in one size, a line pitch apart?"""
    found = []
    for line in lines:
        key = "".join(line.split())
        run = next((r for r in runs if "".join(r[0].split()) == key), None)
        if run is None:
            return False
        found.append(run)
    return all(
        abs(a[3] - b[3]) < 0.5 and 0 <= b[1] - a[2] < 0.8 * a[3] for a, b in pairwise(found)
    )


def _columns(row, table_bbox) -> list[tuple[float, float]]:
    """x-ranges of a header row's columns; a merged (missing) cell spans the gap it leaves."""
    cells = row.cells
    spans = []
    for i, cell in enumerate(cells):
        if cell is not None:
            spans.append((cell[0], cell[2]))
            continue
        left = next((c[2] for c in reversed(cells[:i]) if c is not None), table_bbox[0])
        right = next((c[0] for c in cells[i + 1 :] if c is not None), table_bbox[2])
        spans.append((left, right))
    return spans


def _realign(rows: list[list[Cell]], columns: list[tuple[float, float]]) -> list[list[Cell]]:
    """Put a continued table's cells under the header's columns by x position: a table
    carried over to the next page may lose a merged first column."""
    out = []
    for row in rows:
        slots: list[Cell | None] = [None] * len(columns)
        for cell in row:
            if cell.location.bbox is None:
                continue
            middle = (cell.location.bbox[0] + cell.location.bbox[2]) / 2
            best = min(range(len(columns)), key=lambda k: 0 if columns[k][0] <= middle <= columns[k][1]
                       else min(abs(middle - columns[k][0]), abs(middle - columns[k][1])))  # fmt: skip
            held = slots[best]
            if held is None or not held.text:
                slots[best] = cell
        out.append([c or Cell("", row[0].location) for c in slots])
    return out


class _Pages:
    """Candidate pages of one PDF, each read through pdfium, or through pdfplumber when
    pdfium cannot give it exactly (or when asked: `backend="pdfplumber"`)."""

    def __init__(self, path: str, backend: str) -> None:
        if backend not in ("pdfium", "pdfplumber"):
            raise ValueError(f"unknown PDF backend {backend!r}")
        self.path = path
        self.backend = backend
        self._pdfium: Any = None
        self._plumber: Any = None

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdfium is not None:
            self._pdfium.close()
        if self._plumber is not None:
            self._plumber.close()

    def _plumber_page(self, index: int):
        if self._plumber is None:
            import pdfplumber

            self._plumber = pdfplumber.open(self.path)
        return self._plumber.pages[index]

    def tables_of(self, index: int, tables: list[Table], header_columns: list[tuple[float, float]] | None,
                  follow_up: bool) -> list[tuple[float, float]] | None:  # fmt: skip
        """Page `index`'s tables added to `tables`: through pdfium, and through pdfplumber
        when pdfium's objects fail the table finder (a box it cannot handle)."""
        before = len(tables)
        try:
            with self.page(index) as page:
                return _page_tables(self.path, index, page, tables, header_columns, follow_up)
        except Exception:
            if self.backend == "pdfplumber":
                raise
            del tables[before:]
        with self.page(index, plumber=True) as page:
            return _page_tables(self.path, index, page, tables, header_columns, follow_up)

    @contextmanager
    def page(self, index: int, plumber: bool = False) -> Iterator[PageObjects | object]:
        """Page `index` (0-based) without the graphics that cannot be rulings (`_drawn`)."""
        if self.backend == "pdfium" and not plumber:
            if self._pdfium is None:
                import pypdfium2 as pdfium

                self._pdfium = pdfium.PdfDocument(self.path)
            try:
                objects: PageObjects | None = read_page(self._pdfium, index)
            except Exception:  # pdfium refused the page: pdfminer may read it
                objects = None
            if objects is not None and objects.exact:
                yield objects.filter(_drawn)
                return
        page = self._plumber_page(index)
        try:
            yield page.filter(_drawn)
        finally:
            page.close()  # drops the parsed layout: a long PDF must not pile them up


@dataclass
class Extraction:
    """The tables of a PDF's pages, and which pages were looked at or could not be read."""

    tables: list[Table]
    pages: list[int]  # 0-based pages whose tables were looked for
    failed: dict[int, str]  # 0-based page → why its tables could not be read


def extract_tables(path: str, pages: list[int], backend: str = "pdfium") -> list[Table]:
    """The ruled tables of `pages` (0-based), in page order; `backend` "pdfplumber" reads
    every page with pdfplumber alone (the reading before pdfium, kept to compare)."""
    return extract(path, pages, backend).tables


def extract(path: str, candidates: list[int], backend: str = "pdfium", page_count: int | None = None) -> Extraction:
    """The tables of the candidate pages, and of each page after one that gave tables whose
    first table carries the last one on under its columns (rows that name no category and
    print no header: nothing in the page's text marks them). A page whose tables cannot be
    read by pdfium is read by pdfplumber; one neither can read is left out and named."""
    tables: list[Table] = []
    looked: list[int] = []
    failed: dict[int, str] = {}
    header_columns: list[tuple[float, float]] | None = None
    wanted = set(candidates)
    todo = sorted(wanted)
    with _Pages(path, backend) as source:
        k = 0
        while k < len(todo):
            index = todo[k]
            k += 1
            before = len(tables)
            try:
                header_columns = source.tables_of(index, tables, header_columns, index not in wanted)
            except Exception as exc:  # neither reading of this page gave its tables
                del tables[before:]
                failed[index] = f"{type(exc).__name__}: {exc}"[:200]
                continue
            looked.append(index)
            following = index + 1
            if (
                len(tables) > before and header_columns and following not in wanted
                and (page_count is None or following < page_count) and following not in todo
            ):  # fmt: skip
                todo.insert(k, following)
    return Extraction(tables, looked, failed)


def _page_tables(
    path: str,
    index: int,
    page,
    tables: list[Table],
    header_columns: list[tuple[float, float]] | None,
    follow_up: bool = False,
) -> list[tuple[float, float]] | None:
    """The tables of one page; `follow_up`: a page read only because the one before gave
    tables, which keeps its first table only if that carries the last one on."""
    floor = page.bbox[1]
    closing = _Closing.of(page)
    chars = _by_middle(page.chars)
    for found in page.find_tables(closing.settings()):
        if follow_up and not (header_columns and found.rows and _aligned(found.rows[0], header_columns)):
            break
        rows = []
        data = _cell_texts(found, chars)
        for row, values in zip(found.rows, data, strict=False):
            cells = []
            for c, text in enumerate(values):
                bbox = row.cells[c] if c < len(row.cells) else None
                loc = Location(path, page=index + 1, bbox=_box(bbox) if bbox else None)
                above, below = closing.open_sides(bbox) if bbox else (False, False)
                cells.append(Cell(join_wraps(text), loc, above, below))
            rows.append(cells)
            if header_map(cells):
                header_columns = _columns(row, found.bbox)
        starts_new = any(cell_key(c.text) in ("name", "code") for r in rows[:6] for c in r)
        has_header = any(header_map(r) for r in rows)
        if starts_new and not has_header:
            header_columns = None
        elif not starts_new and not has_header and header_columns:
            rows = _realign(rows, header_columns)
        title = _title_above(page, found.bbox[1], floor)
        heading = None if title else _heading_above(page, found.bbox[1], floor)
        floor = found.bbox[3]
        where = Location(path, page=index + 1, bbox=_box(found.bbox))
        tables.append(Table(rows, title, where, heading))
        follow_up = False
    return header_columns


def _aligned(row, columns: list[tuple[float, float]], tolerance: float = 2.0) -> bool:
    """Do a row's cells stand on the header's column edges (a table carried on from the page
    before, its header not repeated)?"""
    edges = sorted({x for span in columns for x in span})
    cells = [c for c in row.cells if c is not None]
    near = lambda x: any(abs(x - e) <= tolerance for e in edges)  # noqa: E731
    return len(cells) >= 2 and all(near(c[0]) and near(c[2]) for c in cells)


def read_pdf(path: str, limits: Limits = DEFAULT_LIMITS, backend: str = "pdfium") -> Document:
    if not Path(path).is_file():
        raise ReadError(path, "文件不存在")
    texts = page_texts(path, limits.max_pdf_pages)
    if texts and not any(t.strip() for t in texts):
        raise ReadError(path, f"PDF 共 {len(texts)} 页，没有文字层（可能是扫描件），无法读取表格",
                        hint="请先用 OCR 软件转出文字，或向发布单位索取可复制文字的版本")  # fmt: skip
    hints = [page_hint(t) for t in texts]
    try:
        found = extract(path, candidate_pages(hints), backend, len(texts))
    except Exception as exc:  # the file itself, not one page, could not be opened for tables
        raise ReadError(path, f"PDF 内容损坏，无法提取表格：{type(exc).__name__}: {exc}") from None
    reading = read_tables(found.tables, path)
    for index, why in sorted(found.failed.items()):
        reading.roles.add(index + 1, "unreadable")
        reading.diagnostics.append(
            Diagnostic("unreadable-page", f"第 {index + 1} 页的表格无法读取（{why}），该页未经检查；其余各页照常读取",
                       Location(path, page=index + 1))
        )
    reading.stats["pages"] = len(texts)
    reading.stats["table_pages"] = len(found.pages)
    coverage, extra = account(
        path, hints, reading.projects, reading.roles, reading.stats["tables"], reading.diagnostics
    )
    if not reading.projects and not extra:
        extra.append(
            Diagnostic(
                "no-tables",
                f"PDF 共 {len(texts)} 页，没有找到项目绩效目标表",
                Location(path, page=1),
            )
        )
    year = next((y for y in map(year_in, texts[:5]) if y), None)
    return to_document(reading, path, "pdf", year, extra, coverage)
