"""Findings in reading order, numbers as numbers (issue 24): a workbook's cells row by row
(E7 before E11), its sheets in their order (not by name), pages 2 before 16."""

from __future__ import annotations

import json

from conftest import EXAMPLES, kpilint
from kpilint import load
from kpilint.findings import Finding
from kpilint.writers.xlsx import write_xlsx


def test_a_workbook_s_findings_come_sheet_by_sheet_and_row_by_row(tmp_path) -> None:
    book = tmp_path / "d.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    found = json.loads(kpilint("check", str(book), "--format", "json").stdout)["findings"]
    sheets = [f["cell"].split("!")[0] for f in found]
    assert sheets == sorted(sheets, key=["老科协活动经费", "科普宣传设备购置"].index)  # the draft's order
    rows = [int("".join(ch for ch in f["cell"].split("!")[1] if ch.isdigit())) for f in found if f["cell"].startswith("老")]
    assert rows == sorted(rows) and 7 in rows and 11 in rows


def test_pages_and_cells_sort_as_numbers() -> None:
    def at(**where) -> Finding:
        return Finding("KPI301", "n", "error", "m", "p.pdf", **where)

    assert sorted([at(page=16), at(page=2)], key=Finding.sort_key)[0].page == 2
    cells = sorted([at(cell="S!E11"), at(cell="S!E7"), at(cell="S!AA7")], key=Finding.sort_key)
    assert [f.cell for f in cells] == ["S!E7", "S!AA7", "S!E11"]
    files = sorted([at(line=1).__class__("K", "n", "info", "m", p, line=1) for p in ("d10.yaml", "d2.yaml")],
                   key=Finding.sort_key)  # fmt: skip
    assert [f.path for f in files] == ["d2.yaml", "d10.yaml"]
