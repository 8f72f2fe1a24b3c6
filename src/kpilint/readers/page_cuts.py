"""Merged cells cut by a page break, made whole again before any shape reads them.

A merged cell (a 一级/二级 category over several rows, a 绩效目标 label over its goals) that
runs past the foot of a page is printed in two parts: the part on the first page has no
bottom ruling (`Cell.open_below`), the part on the next no top ruling (`Cell.open_above`).
Its text lands wherever the producer put it: all in one part, or cut between the two
(`产出` | `指标`, one character a line or not). Here the parts are paired by their columns
and the text is given to the first part, so that every shape sees one cell with its whole
text over all of its rows, as an unbroken table has it; the later parts are left empty,
still marked open above, so that their rows inherit it.
"""

from __future__ import annotations

from dataclasses import replace

from kpilint.readers.grid import Cell, GridRow
from kpilint.readers.vocabulary import clean_cell, join_wraps, squash


def _overlap(a: Cell, b: Cell) -> bool:
    """Do two cells stand in the same column (their x-ranges overlap by most of the narrower)?"""
    ax0, _, ax1, _ = a.location.bbox  # type: ignore[misc]
    bx0, _, bx1, _ = b.location.bbox  # type: ignore[misc]
    shared = min(ax1, bx1) - max(ax0, bx0)
    return shared > 0.5 * min(ax1 - ax0, bx1 - bx0)


def _joined(first: str, second: str) -> str:
    """The text of a cell cut in two: the parts in order, unless the second repeats the first."""
    if not first.strip():
        return second
    if not second.strip() or squash(first) == squash(second):
        return first
    return join_wraps(f"{first}\n{second}")


def join_cut_cells(rows: list[GridRow]) -> list[GridRow]:
    """`rows` with each merged cell cut by a page break given its whole text in its first part."""
    out = [list(row) for row in rows]
    #: (row, column) of each cell left open at the foot of its page → where its text lives
    open_cells: list[tuple[int, int]] = []
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(out):
        boxed = [c for c in row if c.location.bbox is not None]
        borderless = bool(boxed) and all(c.open_above for c in boxed)  # a table drawn without its top edge
        for j, cell in enumerate(row):
            if cell.location.bbox is None:
                continue
            if cell.open_above and not borderless:
                match = next(
                    (k for k in reversed(open_cells)
                     if out[k[0]][k[1]].location.page != cell.location.page and _overlap(out[k[0]][k[1]], cell)),
                    None,
                )  # fmt: skip
                if match is not None:
                    open_cells.remove(match)
                    home = origin.get(match, match)
                    held = out[home[0]][home[1]]
                    if clean_cell(cell.text):
                        out[home[0]][home[1]] = replace(held, text=_joined(held.text, cell.text), joined=True)
                        out[i][j] = replace(cell, text="")
                    origin[(i, j)] = home
            if cell.open_below:
                open_cells.append((i, j))
    return out
