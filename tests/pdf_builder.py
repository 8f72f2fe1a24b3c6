"""A small PDF writer for the readers' tests: pages of Chinese text and ruled tables.

Real published PDFs live in ../shared/corpus/; these are ours, so a fresh clone's tests can
build exactly the page a test needs (a table cut by a page, a self-evaluation table, a
blank form). Text uses Adobe's predefined STSong-Light font (no font file is embedded,
readers map it through the UniGB-UCS2-H CMap), lines are stroked paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
    b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
    b"/StemV 93 >> /DW 1000 >>] >>"
)


def pdf_file(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of `objects` (numbered from 1, in order) with its cross-reference table;
    `root` is the number of the catalog."""
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    body += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(body)


@dataclass
class Cell:
    """A table cell: its text (lines split on \\n), its span, and the sides left undrawn
    (a merged cell the page cuts has no bottom ruling here and no top one on the next)."""

    text: str
    rows: int = 1
    cols: int = 1
    open_top: bool = False
    open_bottom: bool = False


@dataclass
class Page:
    width: float = 595
    height: float = 842
    origin: tuple[float, float] = (0, 0)  # a media box need not start at (0, 0)
    inverted: bool = False  # a media box written top first ([x0 y1 x1 y0]), as some producers do
    content: bytes | None = None  # the page's content stream as given (a damaged one), not `ops`
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float = 10) -> None:
        """Write `text` with its top `top` points below the page's top edge."""
        y = self.origin[1] + self.height - top - size
        hexed = text.encode("utf-16-be").hex().upper()
        self.ops.append(f"BT /F1 {size} Tf {self.origin[0] + x} {y} Td <{hexed}> Tj ET")

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        ox, oy = self.origin
        h = self.height
        self.ops.append(f"{ox + x0} {oy + h - top0} m {ox + x1} {oy + h - top1} l S")

    def table(self, left: float, top: float, widths: list[float], rows: list[list[Cell | None]],
              row_height: float | list[float] = 20, size: float = 9) -> float:  # fmt: skip
        """Draw a grid; `None` marks a slot covered by a span; `row_height` is one height for
        every row or each row's. Returns the table's bottom."""
        xs = [left]
        for w in widths:
            xs.append(xs[-1] + w)
        heights = row_height if isinstance(row_height, list) else [row_height] * len(rows)
        ys = [top]
        for h in heights:
            ys.append(ys[-1] + h)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):  # one slot per column; None where a span covers it
                if cell is None:
                    continue
                x0, x1 = xs[c], xs[c + cell.cols]
                y0, y1 = ys[r], ys[r + cell.rows]
                if not cell.open_top:
                    self.line(x0, y0, x1, y0)
                if not cell.open_bottom:
                    self.line(x0, y1, x1, y1)
                self.line(x0, y0, x0, y1)
                self.line(x1, y0, x1, y1)
                lines = cell.text.split("\n") if cell.text else []
                first = y0 + ((y1 - y0) - len(lines) * (size + 2)) / 2
                for k, text in enumerate(lines):
                    self.text(x0 + 2, first + k * (size + 2), text, size)
        return ys[-1]


def write_pdf(path: Path, pages: list[Page]) -> Path:
    objects: list[bytes] = [FONT]
    contents = []
    for page in pages:
        stream = page.content if page.content is not None else "\n".join(page.ops).encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        contents.append(len(objects))
    pages_id = len(objects) + len(pages) + 1
    kids = []
    for page, content in zip(pages, contents, strict=True):
        ox, oy = page.origin
        y0, y1 = (oy + page.height, oy) if page.inverted else (oy, oy + page.height)
        box = f"[{ox} {y0} {ox + page.width} {y1}]".encode()
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox " % pages_id
            + box
            + b" /Contents %d 0 R /Resources << /Font << /F1 1 0 R >> >> >>" % content
        )
        kids.append(len(objects))
    objects.append(
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % len(kids)
    )
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    path.write_bytes(pdf_file(objects, root=len(objects)))
    return path
