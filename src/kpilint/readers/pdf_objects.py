"""What pdfplumber's table finder needs from a page — characters and ruling edges — read
through pdfium (C) instead of pdfminer's pure-Python content-stream parser.

The objects are the ones pdfplumber gives, in its coordinates (x as in the PDF, `top`
measured down from the top of the media box), built by pdfminer's rules:

- a path is split into subpaths at each move; a subpath of one segment is a line, a
  closed axis-aligned four-sided one a rect, anything else a curve (its points: the
  segments' ends); each keeps its fill, stroke and fill colour;
- a character's box is its advance wide and its font size high, standing on the font's
  descent under the baseline (pdfminer's box, not pdfium's "loose" or glyph box).

pdfium's text page is not pdfminer's character list, and the differences are undone:
the spaces and line breaks pdfium infers (`FPDFText_IsGenerated`) are left out; a text
object pdfium skips because it has no width (in an embedded font, a run of spaces, which
pdfminer reads as a space that separates words) gives a space; a Kangxi radical (U+2F00…), which pdfium reads
from some CJK fonts where pdfminer reads the ideograph, is read as the ideograph. What
cannot be undone makes the page inexact (`PageObjects.exact`), and the caller reads it
with pdfplumber: a rotated page, text that is not upright, a text object pdfium left out
for another reason (text drawn twice over itself, for bold; a one-character object in a
font not embedded, whose glyph box pdfium does not know).

pdfium's coordinates are single precision: they are rounded to the ten-thousandth, which
gives back the decimals a PDF writes (56.65, not 56.650001525878906), so exact tests
(a horizontal line, a square rect) come out as pdfminer's.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: characters pdfium may generate; only these need asking
_MAYBE_GENERATED = frozenset((0x20, 0x0D, 0x0A, 0x02, 0xFFFE, 0))


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1, then m0 (pdfminer's `mult_matrix`)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


@dataclass
class PageObjects:
    """A page as pdfplumber's `TableFinder` and kpilint's cell reader see it: `bbox`,
    `chars`, `edges`, `find_tables`."""

    bbox: tuple[float, float, float, float]
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    exact: bool = True  # False: the page holds what this reading does not reproduce
    _edges: list[dict] | None = None

    @property
    def edges(self) -> list[dict]:
        """pdfplumber's `Page.edges`: lines, then the sides of rects, then curve segments."""
        if self._edges is None:
            from pdfplumber import utils

            self._edges = [
                *map(utils.line_to_edge, self.lines),
                *chain.from_iterable(map(utils.rect_to_edges, self.rects)),
                *chain.from_iterable(map(utils.curve_to_edges, self.curves)),
            ]
        return self._edges

    def filter(self, keep) -> PageObjects:
        """The page without the graphics `keep` refuses (pdfplumber's `Page.filter`)."""
        return PageObjects(
            self.bbox,
            self.chars,
            [o for o in self.lines if keep(o)],
            [o for o in self.rects if keep(o)],
            [o for o in self.curves if keep(o)],
            self.exact,
        )

    def find_tables(self, settings: dict | None = None) -> list:
        from pdfplumber.table import TableFinder

        return TableFinder(self, settings).tables  # type: ignore[arg-type]


def _r(value: float) -> float:
    return round(value, 4)


class _Api:
    """The pdfium calls made per character and per path segment, bound with plain
    pointers (`c_void_p`): handles travel as ints, which costs half of pypdfium2's typed
    bindings and gives text objects a key."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        p = self._plain
        self.Text_CountChars = p(raw.FPDFText_CountChars)
        self.Text_GetUnicode = p(raw.FPDFText_GetUnicode)
        self.Text_IsGenerated = p(raw.FPDFText_IsGenerated)
        self.Text_GetTextObject = p(raw.FPDFText_GetTextObject)
        self.Text_GetMatrix = p(raw.FPDFText_GetMatrix)
        self.Text_GetFontSize = p(raw.FPDFText_GetFontSize)
        self.Text_GetLooseCharBox = p(raw.FPDFText_GetLooseCharBox)
        self.Text_GetCharOrigin = p(raw.FPDFText_GetCharOrigin)
        self.Text_GetCharBox = p(raw.FPDFText_GetCharBox)
        self.TextObj_GetFont = p(raw.FPDFTextObj_GetFont)
        self.TextObj_GetFontSize = p(raw.FPDFTextObj_GetFontSize)
        self.Font_GetDescent = p(raw.FPDFFont_GetDescent)
        self.Font_GetIsEmbedded = p(raw.FPDFFont_GetIsEmbedded)
        self.Font_GetBaseFontName = p(raw.FPDFFont_GetBaseFontName)
        self.Page_CountObjects = p(raw.FPDFPage_CountObjects)
        self.Page_GetObject = p(raw.FPDFPage_GetObject)
        self.PageObj_GetType = p(raw.FPDFPageObj_GetType)
        self.PageObj_GetMatrix = p(raw.FPDFPageObj_GetMatrix)
        self.PageObj_GetBounds = p(raw.FPDFPageObj_GetBounds)
        self.PageObj_GetFillColor = p(raw.FPDFPageObj_GetFillColor)
        self.FormObj_CountObjects = p(raw.FPDFFormObj_CountObjects)
        self.FormObj_GetObject = p(raw.FPDFFormObj_GetObject)
        self.Path_CountSegments = p(raw.FPDFPath_CountSegments)
        self.Path_GetPathSegment = p(raw.FPDFPath_GetPathSegment)
        self.Path_GetDrawMode = p(raw.FPDFPath_GetDrawMode)
        self.PathSegment_GetPoint = p(raw.FPDFPathSegment_GetPoint)
        self.PathSegment_GetType = p(raw.FPDFPathSegment_GetType)
        self.PathSegment_GetClose = p(raw.FPDFPathSegment_GetClose)
        self.MOVETO = raw.FPDF_SEGMENT_MOVETO
        self.BEZIERTO = raw.FPDF_SEGMENT_BEZIERTO
        self.TEXT = raw.FPDF_PAGEOBJ_TEXT
        self.PATH = raw.FPDF_PAGEOBJ_PATH
        self.FORM = raw.FPDF_PAGEOBJ_FORM

    @staticmethod
    def _plain(fn: Any) -> Any:
        def plain(t: Any) -> Any:
            return ctypes.c_void_p if t is not None and issubclass(t, ctypes._Pointer) else t

        proto = ctypes.CFUNCTYPE(plain(fn.restype), *map(plain, fn.argtypes))
        return proto(_address(fn))


def _address(handle: Any) -> int:
    """The address a ctypes pointer or function holds."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


@dataclass
class _Font:
    descent: float  # under the baseline, per unit of font size (pdfminer's box)
    embedded: bool
    #: in a font not embedded, every character read on the page had a glyph box: pdfium
    #: found its glyphs, and a text object of no width in it is blank, not a lost glyph
    boxes: bool = True
    used: bool = False


_NO_FONT = _Font(0.0, True)


def _standard_descent(api: _Api, handle: int, descent: float) -> float:
    """pdfminer takes the metrics of the 14 standard fonts (Helvetica, Times-Roman…) from
    its own tables, whatever the PDF says; pdfium's differ a little."""
    from pdfminer.fontmetrics import FONT_METRICS

    size = api.Font_GetBaseFontName(handle, None, 0)
    name = ctypes.create_string_buffer(max(size, 1))
    api.Font_GetBaseFontName(handle, name, size)
    metrics = FONT_METRICS.get(name.value.decode("latin-1"))
    if metrics is None:
        return descent
    value = float(metrics[0].get("Descent", 0))  # type: ignore[arg-type]
    return (-value if value > 0 else value) / 1000
#: whitespace, whose glyph has no box
_BLANK = frozenset((0x20, 0xA0, 0x3000, 0x09))

_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


class _Reader:
    """One page's characters and paths, in pdfplumber's coordinates."""

    def __init__(self, api: _Api, mediabox: tuple[float, float, float, float]) -> None:
        self.api = api
        x0, y0, x1, y1 = mediabox
        # pdfminer moves the media box's corner to (0, 0); pdfplumber's page box is the
        # media box flipped by its own height (`_invert_box`), and x moves back
        lo_x, hi_x = sorted((x0, x1))
        lo_y, hi_y = sorted((y0, y1))
        # a box written corner-first the other way round ([x0 y1 x1 y0]) is the same box:
        # pdfium draws the page within it, so the corner is its lowest x and y
        self.dx, self.dy = -lo_x, -lo_y
        height = hi_y - lo_y
        self.bbox = (lo_x, height - hi_y, hi_x, height - lo_y)
        self.height = self.bbox[3] - self.bbox[1]
        self.page = PageObjects(self.bbox)
        self.seen: set[int] = set()  # text objects that gave characters
        self.fonts: dict[int, _Font] = {}
        self._f = [ctypes.c_float() for _ in range(4)]
        self._d = [ctypes.c_double() for _ in range(2)]
        self._i = [ctypes.c_int() for _ in range(2)]
        self._u = [ctypes.c_uint() for _ in range(4)]
        self._box = api.raw.FS_RECTF()
        self._m = api.raw.FS_MATRIX()

    # -- coordinates -----------------------------------------------------------------
    def top(self, y: float) -> float:
        """pdfminer's y → pdfplumber's top."""
        return (self.height - y) + self.bbox[1]

    def x(self, x: float) -> float:
        return x + self.bbox[0] if self.bbox[0] != 0 else x

    def _matrix(self, get: Any, handle: Any) -> Matrix:
        m = self._m
        get(handle, ctypes.byref(m))
        return (round(m.a, 6), round(m.b, 6), round(m.c, 6), round(m.d, 6), _r(m.e), _r(m.f))

    # -- characters ------------------------------------------------------------------
    def _font(self, text_obj: int) -> _Font:
        api = self.api
        handle = api.TextObj_GetFont(text_obj) or 0
        font = self.fonts.get(handle)
        if font is None:
            out = self._f[0]
            ok = handle and api.Font_GetDescent(handle, 1000.0, ctypes.byref(out))
            descent = out.value / 1000 if ok else 0.0
            embedded = bool(handle) and api.Font_GetIsEmbedded(handle) == 1
            if handle and not embedded:
                descent = _standard_descent(api, handle, descent)
            font = self.fonts[handle] = _Font(descent, embedded)
        return font

    def chars(self, textpage: int) -> None:
        api = self.api
        unicode, generated, text_object = api.Text_GetUnicode, api.Text_IsGenerated, api.Text_GetTextObject
        loose, origin = api.Text_GetLooseCharBox, api.Text_GetCharOrigin
        box, (ox, oy) = self._box, self._d
        p_box, p_ox, p_oy = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy)
        dx, dy, height, top0 = self.dx, self.dy, self.height, self.bbox[1]
        shift = self.bbox[0]
        chars = self.page.chars
        get_matrix, font_size, m, seen = api.Text_GetMatrix, api.Text_GetFontSize, self._m, self.seen
        p_m = ctypes.byref(m)
        glyph_box = api.Text_GetCharBox
        left, right, bottom, top_ = (ctypes.c_double() for _ in range(4))
        tight = [ctypes.byref(v) for v in (left, right, bottom, top_)]
        last, size, ratio, font = None, 0.0, 0.0, _NO_FONT
        for k in range(api.Text_CountChars(textpage)):
            u = unicode(textpage, k)
            if u in _MAYBE_GENERATED and generated(textpage, k):
                continue  # pdfium's own spaces and line breaks: not in the PDF
            obj = text_object(textpage, k)
            if obj != last:
                last = obj
                get_matrix(textpage, k, p_m)
                if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0:
                    self.page.exact = False  # rotated or mirrored text
                    return
                seen.add(obj or 0)
                size = font_size(textpage, k) * round(m.d, 6)
                font = self._font(obj) if obj else _NO_FONT
                ratio = font.descent
                font.used = True
            if not font.embedded and font.boxes and u not in _BLANK:
                glyph_box(textpage, k, *tight)
                font.boxes = right.value - left.value > 0.01 and top_.value - bottom.value > 0.01
            loose(textpage, k, p_box)
            origin(textpage, k, p_ox, p_oy)
            text = chr(u)
            if 0x2F00 <= u <= 0x2FDF:  # a Kangxi radical: pdfminer reads the ideograph
                text = unicodedata.normalize("NFKC", text)
            y0 = oy.value + ratio * size + dy
            y1 = y0 + size
            top = (height - y1) + top0
            x0, x1 = box.left + dx, box.right + dx
            if shift != 0:
                x0, x1 = x0 + shift, x1 + shift
            chars.append({
                "text": text, "x0": x0, "x1": x1, "top": top, "bottom": (height - y0) + top0,
                "size": size, "upright": True, "doctop": top,
            })  # fmt: skip

    def blank(self, obj: int, matrix: Matrix) -> None:
        """A text object that gave no characters. pdfium skips one with no width: in an
        embedded font, a run of blank glyphs — spaces, which pdfminer reads as a space that
        separates words, and one is given here. Any other (a glyph whose box pdfium does
        not know, in a font not embedded; text drawn twice over itself for bold) is text
        pdfium left out, which this reading cannot give."""
        api = self.api
        left, _, right, _ = self._f
        if not api.PageObj_GetBounds(obj, *map(ctypes.byref, self._f)):
            return
        width = abs(right.value - left.value)
        font = self._font(obj)
        if width >= 0.01 or not (
            font.embedded or (font.used and font.boxes)
        ):
            self.page.exact = False
            return
        a, b, c, d, e, f = _mult(self._matrix(api.PageObj_GetMatrix, obj), matrix)
        out = self._f[0]
        if b != 0 or c != 0 or a <= 0 or d <= 0 or not api.TextObj_GetFontSize(obj, ctypes.byref(out)):
            return
        size = out.value * d
        y0 = f + font.descent * size + self.dy
        x0 = self.x(e + self.dx)
        self.page.chars.append({
            "text": " ", "x0": x0, "x1": x0 + 0.25 * out.value * a, "top": self.top(y0 + size),
            "bottom": self.top(y0), "size": size, "upright": True, "doctop": self.top(y0 + size),
        })  # fmt: skip

    # -- paths -----------------------------------------------------------------------
    def path(self, obj: int, matrix: Matrix) -> None:
        api = self.api
        count = api.Path_CountSegments(obj)
        fill, stroke = self._i
        if count <= 0 or not api.Path_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
            return
        filled, stroked = fill.value != 0, bool(stroke.value)
        if not (filled or stroked):
            return
        a, b, c, d, e, f = _mult(_mult(self._matrix(api.PageObj_GetMatrix, obj), matrix),
                                 (1, 0, 0, 1, self.dx, self.dy))  # fmt: skip
        x, y = self._f[0], self._f[1]
        px, py = ctypes.byref(x), ctypes.byref(y)
        segment, point, kind_of, closes = (
            api.Path_GetPathSegment, api.PathSegment_GetPoint, api.PathSegment_GetType,
            api.PathSegment_GetClose,
        )  # fmt: skip
        subpaths: list[tuple[list[str], list[tuple[float, float]]]] = []
        bezier = 0
        for k in range(count):
            seg = segment(obj, k)
            point(seg, px, py)
            kind = kind_of(seg)
            u, v = _r(x.value), _r(y.value)
            pt = (a * u + c * v + e, b * u + d * v + f)  # pdfminer's `apply_matrix_pt`
            if kind == api.MOVETO:
                subpaths.append((["m"], [pt]))
                bezier = 0
                continue
            if not subpaths:
                return  # pdfminer draws no path that does not begin with a move
            shape, pts = subpaths[-1]
            if kind == api.BEZIERTO:
                bezier += 1
                if bezier % 3:
                    continue  # control points: pdfminer keeps a curve's ends
                op = "c"
            else:
                op = "l"
            # pdfium closes a subpath with a line back to its start (or marks the segment
            # that already ends there): pdfminer's `h`
            if op == "l" and closes(seg) and pt == pts[0]:
                op = "h"
            shape.append(op)
            pts.append(pt)
        r, g, bl, _ = self._u
        ok = api.PageObj_GetFillColor(obj, *map(ctypes.byref, self._u))
        color = (r.value / 255, g.value / 255, bl.value / 255) if ok else None
        for shape, pts in subpaths:
            if len(shape) > 1:
                self._paint("".join(shape), pts, stroked, filled, color)

    def _paint(self, shape: str, pts: list[tuple[float, float]], stroke: bool, fill: bool,
               color: tuple[float, ...] | None) -> None:  # fmt: skip
        """pdfminer's `paint_path` for one subpath, then pdfplumber's `process_object`."""
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts = pts[:-2] + pts[-1:]
        kind = "curve"
        if shape in ("mlh", "ml"):
            kind, pts = "line", pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                kind, pts = "rect", [pts[0], pts[2]]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
        top = self.top(hi_y)
        obj = {
            "object_type": kind, "x0": self.x(lo_x), "x1": self.x(hi_x), "y0": lo_y, "y1": hi_y,
            "top": top, "bottom": self.top(lo_y), "doctop": top, "width": hi_x - lo_x,
            "height": hi_y - lo_y, "stroke": stroke, "fill": fill, "non_stroking_color": color,
        }  # fmt: skip
        if kind == "rect":
            self.page.rects.append(obj)
            return
        # pdfplumber's `point2coord`
        obj["pts"] = [(self.bbox[0] + x, self.bbox[1] + self.height - y) for x, y in pts]
        (self.page.lines if kind == "line" else self.page.curves).append(obj)

    # -- page objects ----------------------------------------------------------------
    def walk(self, holder: int, count: int, get: Any, matrix: Matrix, depth: int = 0) -> None:
        """Every path, and every text object that gave no characters, into form XObjects
        (their children are placed by the form's matrix)."""
        api = self.api
        kind_of, seen = api.PageObj_GetType, self.seen
        for k in range(count):
            obj = get(holder, k)
            kind = kind_of(obj)
            if kind == api.PATH:
                self.path(obj, matrix)
            elif kind == api.TEXT:
                if obj not in seen:
                    self.blank(obj, matrix)
            elif kind == api.FORM and depth < 16:
                inner = _mult(self._matrix(api.PageObj_GetMatrix, obj), matrix)
                n = api.FormObj_CountObjects(obj)
                self.walk(obj, n, api.FormObj_GetObject, inner, depth + 1)
            if not self.page.exact:
                return


def read_page(pdf: Any, index: int) -> PageObjects:
    """Characters and graphics of page `index` (0-based) of an open `pypdfium2.PdfDocument`."""
    api = _api()
    page = pdf[index]
    try:
        mediabox = page.get_mediabox(fallback_ok=False) or page.get_bbox()
        x0, y0, x1, y1 = (_r(v) for v in mediabox)
        reader = _Reader(api, (x0, y0, x1, y1))
        if page.get_rotation() != 0:
            reader.page.exact = False
            return reader.page
        handle = _address(page.raw)
        textpage = page.get_textpage()
        try:
            reader.chars(_address(textpage.raw))
        finally:
            textpage.close()
        if reader.page.exact:
            n = api.Page_CountObjects(handle)
            reader.walk(handle, n, api.Page_GetObject, _IDENTITY)
        return reader.page
    finally:
        page.close()
