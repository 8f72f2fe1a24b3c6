"""How well kpilint reads declaration workbooks (申报表, one project per sheet).

The truth is taken from the cells themselves with openpyxl, independently of kpilint's
reader: each sheet is one project; its code and the year's amount are the cells right of
`项目编码：` and `本年度项目金额…：`; its filled indicator rows are the rows between the
`一级指标` header and the `备注` note whose 三级 cell holds something other than 不适用.
Against that, for each workbook: sheets, projects read, codes exact, year amounts read,
filled rows read, phantom rows (an indicator kpilint read that is no filled row of the
sheet: a title, a note, a 不适用 row), and warnings/errors by rule.

Run: python bench/declaration_bench.py [WORKBOOK ...]   (default: ../shared/corpus/xlsx)
Figures go in the notes and bench/README.md; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
NOT_APPLICABLE = "不适用"


def _right_of(ws, label: str) -> object:
    """The first non-empty cell right of (or below) the cell whose text starts with `label`."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().startswith(label):
                for c in ws[cell.row][cell.column :]:
                    if c.value not in (None, ""):
                        return c.value
                below = ws.cell(cell.row + 1, cell.column).value
                return below
    return None


def truth(path: Path) -> list[dict]:
    """Per sheet: the code, the year amount, and the filled indicator rows (三级 names)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        header = next((c for row in ws.iter_rows() for c in row if c.value == "一级指标"), None)
        rows = []
        if header is not None:
            for r in range(header.row + 1, ws.max_row + 1):
                first = str(ws.cell(r, 1).value or "")
                if first.startswith("备注"):
                    break
                name = str(ws.cell(r, header.column + 2).value or "").strip()
                if name and name != NOT_APPLICABLE:
                    rows.append(name)
        sheets.append({"sheet": ws.title, "code": _right_of(ws, "项目编码"),
                       "amount": _right_of(ws, "本年度项目金额"), "rows": rows})  # fmt: skip
    return sheets


def measure(path: Path) -> dict:
    from kpilint.framework import FRAMEWORK, category, current_level1
    from kpilint.readers.xlsx import read_xlsx

    sheets = truth(path)
    doc = read_xlsx(str(path))
    by_sheet: dict[str, list] = {}
    for p in doc.projects:
        by_sheet.setdefault(p.location.sheet if p.location else None, []).append(p)
    codes = amounts = rows_read = phantom = 0
    for s in sheets:
        projects = by_sheet.get(s["sheet"], [])
        p = projects[0] if len(projects) == 1 else None
        code = s["code"]
        if p is not None and isinstance(code, str) and p.code == code.strip():
            codes += 1
        if p is not None and s["amount"] is not None and p.budget.total is not None:
            amounts += 1
        names = Counter(s["rows"])
        for project in projects:
            for ind in project.indicators:
                if current_level1(category(ind.level1)) not in FRAMEWORK or (
                    ind.location and ind.location.sheet != s["sheet"]
                ):
                    phantom += 1  # a title or note row, or a row of another sheet
                    continue
                if ind.is_empty or _not_applicable(ind):
                    continue
                if names[ind.name.strip()] > 0:
                    names[ind.name.strip()] -= 1
                    rows_read += 1
                else:
                    phantom += 1
    out = subprocess.run([sys.executable, "-m", "kpilint", "check", str(path), "--format", "json"],
                         capture_output=True, text=True, check=False)  # fmt: skip
    findings = json.loads(out.stdout)["findings"]
    by_rule = Counter(f"{f['rule']} {f['severity']}" for f in findings
                      if f["severity"] in ("warning", "error"))  # fmt: skip
    return {
        "file": path.name, "sheets": len(sheets), "projects": len(doc.projects),
        "one_project_per_sheet": sum(1 for s in sheets if len(by_sheet.get(s["sheet"], [])) == 1),
        "codes_exact": codes, "codes_in_cells": sum(isinstance(s["code"], str) for s in sheets),
        "amounts_read": amounts, "filled_rows": sum(len(s["rows"]) for s in sheets),
        "filled_rows_read": rows_read, "phantom_rows": phantom,
        "unplaced_rows": sum(1 for d in doc.diagnostics if d.code == "unplaced-row"),
        "warnings_errors": sum(by_rule.values()), "by_rule": dict(sorted(by_rule.items())),
    }  # fmt: skip


def _not_applicable(ind) -> bool:
    return getattr(ind, "not_applicable", False) or ind.name.strip() == NOT_APPLICABLE


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workbooks", nargs="*", type=Path)
    args = ap.parse_args()
    paths = args.workbooks or sorted((SHARED / "corpus" / "xlsx").glob("*.xlsx"))
    if not paths:
        print(f"no workbook given and none in {SHARED / 'corpus' / 'xlsx'}")
        return 2
    for path in paths:
        m = measure(path)
        rules = m.pop("by_rule")
        print(" ".join(f"{k}={v}" for k, v in m.items()))
        print("   ", ", ".join(f"{k}: {v}" for k, v in rules.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
