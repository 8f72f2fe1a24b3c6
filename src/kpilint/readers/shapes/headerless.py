"""Shape: indicator rows printed without their header row.

    产出指标 | 数量指标 | 指标：培训人次 | 7375人

Some tables (and some pages of tables) print category cells and values with no
一级指标 … 指标值 row above them. The first such row says where the columns are: its
category cells, then its name and value cells; the rows after it are read under that
header. Fixture: tests/test_shapes.py.
"""

from __future__ import annotations

from kpilint.framework import LEVEL1, category
from kpilint.readers.grid import CATEGORIES, GridRow, squash, texts


def headerless_header(row: GridRow) -> dict[int, str] | None:
    """A header for indicator rows printed without one: the category cells of the first
    such row, then its name and value cells (`产出指标 | 数量指标 | 指标：… | 7375人`)."""
    cells = texts(row)
    levels = [j for j, t in enumerate(cells) if t and category(squash(t)) in CATEGORIES]
    if not levels:
        return None
    rest = [j for j, t in enumerate(cells) if t and j > levels[-1]]
    if len(rest) < 2:
        return None
    header = {j: "level1" if category(squash(cells[j])) in LEVEL1 else "level2" for j in levels}
    return {**header, rest[0]: "name", rest[1]: "value"}
