"""A table drawn whole, then again broken the ways printed budgets break it.

A `Layout` is a table as its author made it: logical rows of `pdf_builder.Cell`s (spans
included), column widths, the title printed above it. `render` draws it onto pages with
page breaks after given rows (a merged cell running past a break is drawn in two parts,
open below and open above, its text on either part or cut between them), every cell's
text wrapped at a width or printed one character a line, the title wrapped at a position.
The continuity tests read each rendering and hold it to the unbroken one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pdf_builder import Cell, Page, write_pdf

LINE = 11  # points a line of 9-point text takes in pdf_builder


@dataclass(frozen=True)
class Layout:
    rows: list[list[Cell | None]]
    widths: list[float]
    title: str = ""
    header: int | None = None  # the logical row of the indicator header (repeated on new pages)


@dataclass
class Breaking:
    """How one rendering breaks the table."""

    breaks: tuple[int, ...] = ()  # a page ends after each of these logical rows
    wrap: int | None = None  # cut every cell's text into lines of this many characters
    cut: dict[tuple[int, int], int] = field(default_factory=dict)  # spanning cell → characters on its first part
    vertical: frozenset[tuple[int, int]] = frozenset()  # cells printed one character a line
    title_wrap: int | None = None  # the title's first line holds this many characters
    repeat_header: bool = False


def _occupant(layout: Layout) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of every slot → (row, column) of the cell that covers it."""
    owner = {}
    for r, row in enumerate(layout.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    owner[(r + dr, c + dc)] = (r, c)
    return owner


def _lines(text: str, wrap: int | None) -> str:
    if not text or wrap is None:
        return text
    return "\n".join(text[k : k + wrap] for k in range(0, len(text), wrap))


def _parts(text: str, pieces: int, first: int | None) -> list[str]:
    """A spanning cell's text over its parts: all on the first, or `first` characters on the
    first part and the rest on the second."""
    if pieces == 1 or first is None:
        return [text] + [""] * (pieces - 1)
    return [text[:first], text[first:]] + [""] * (pieces - 2)


def render(layout: Layout, how: Breaking, path: Path) -> Path:
    """The layout drawn as `how` breaks it, written to `path`."""
    owner = _occupant(layout)
    n = len(layout.rows)
    segments, start = [], 0
    for b in sorted(set(how.breaks)):
        if start <= b < n - 1:
            segments.append((start, b + 1))
            start = b + 1
    segments.append((start, n))
    part_of: dict[tuple[int, int], list[str]] = {}
    for (r, c), (r0, c0) in owner.items():
        if (r, c) == (r0, c0):
            cell = layout.rows[r0][c0]
            assert cell is not None
            pieces = sum(1 for a, b in segments if a < r0 + cell.rows and b > r0)
            part_of[(r0, c0)] = _parts(cell.text, pieces, how.cut.get((r0, c0)))
    pages = []
    for number, (a, b) in enumerate(segments):
        grid: list[list[Cell | None]] = []
        heights: list[float] = []
        if number and how.repeat_header and layout.header is not None and a > layout.header:
            grid.append([replace(c) if c else None for c in layout.rows[layout.header]])
            heights.append(_height([c for c in layout.rows[layout.header] if c], how))
        for r in range(a, b):
            row: list[Cell | None] = []
            for c in range(len(layout.widths)):
                r0, c0 = owner.get((r, c), (r, c))
                cell = layout.rows[r0][c0]
                if c != c0 or cell is None or (r != r0 and r != a):
                    row.append(None)
                    continue
                end = min(r0 + cell.rows, b)
                part = sum(1 for s, _ in segments if r0 < s <= r)  # which part of the cell this is
                text = part_of[(r0, c0)][part]
                wrap = 1 if (r0, c0) in how.vertical else how.wrap
                row.append(Cell(_lines(text, wrap), rows=end - r, cols=cell.cols,
                                open_top=r0 < a and r == a, open_bottom=r0 + cell.rows > b))  # fmt: skip
            grid.append(row)
            heights.append(20.0)
        _fit(grid, heights)
        page = Page()
        top = 70.0
        if number == 0 and layout.title:
            lines = [layout.title] if how.title_wrap is None else [layout.title[: how.title_wrap], layout.title[how.title_wrap :]]
            for k, line in enumerate(lines):
                page.text(120, 20 + k * 16, line, 13)
            top = 30 + 16 * len(lines) + 10
        page.table(40, top, layout.widths, grid, heights)
        pages.append(page)
    return write_pdf(path, pages)


def _height(cells: list[Cell], how: Breaking) -> float:
    return max([20.0] + [len(_lines(c.text, how.wrap).split("\n")) * LINE + 8 for c in cells])


def _fit(grid: list[list[Cell | None]], heights: list[float]) -> None:
    """Grow rows until every cell's lines fit in the rows it spans."""
    for r, row in enumerate(grid):
        for cell in row:
            if cell is None or not cell.text:
                continue
            need = len(cell.text.split("\n")) * LINE + 8
            have = sum(heights[r : r + cell.rows])
            if need > have:
                heights[r + cell.rows - 1] += need - have
