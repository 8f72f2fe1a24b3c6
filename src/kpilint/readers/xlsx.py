"""Reader for Excel workbooks (openpyxl, read-only): each sheet is a grid of cells.

Cells are read as the user sees them: a number formatted `0.00` reads `12.00`, a
percent-formatted 0.9 reads `90%`. Merged cells hold their text in the top-left
cell and are blank elsewhere, which the interpreter fills down like a printed table.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import BinaryIO

from kpilint.draft_format import DEPARTMENT_SHEET_LABELS, WRITTEN_VALUE_STYLE
from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Document, Location
from kpilint.readers.grid import Cell
from kpilint.readers.tables import Table, read_tables, to_document, year_in

_DECIMALS = re.compile(r"\.(0+)")
_EXACT_DIGITS = 1e15  # from here on a number cell cannot hold every digit typed


def display_text(value: object, number_format: str | None) -> str:
    """What Excel shows for a cell (for the formats budget tables use)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and abs(value) >= _EXACT_DIGITS:
        # Excel keeps 15 significant digits: a 21-digit code typed into a number cell lost
        # its last ones, and its expansion (440306231391499976704) would be a made-up code.
        # Show the digits kept, as Excel does (4.403062313915E+20); the reader reports it.
        return f"{value:.15g}".upper()
    if isinstance(value, (int, float)):
        fmt = number_format or "General"
        m = _DECIMALS.search(fmt)
        decimals = len(m.group(1)) if m else 0
        if "%" in fmt:
            return f"{value * 100:.{decimals}f}%"
        if fmt != "General" and ("0" in fmt or "#" in fmt):
            return f"{value:,.{decimals}f}" if "," in fmt else f"{value:.{decimals}f}"
        return str(int(value)) if float(value).is_integer() else f"{value:.10g}"
    return str(value)


def _written_style_ids(wb) -> frozenset[int]:
    """The named-style indexes of the style kpilint marks its written values with."""
    try:
        names = list(wb._named_styles)
    except AttributeError:  # an openpyxl without named styles in read-only mode
        return frozenset()
    return frozenset(k for k, style in enumerate(names) if getattr(style, "name", None) == WRITTEN_VALUE_STYLE)


def _style_of(cell) -> int | None:
    try:
        return cell.style_array.xfId
    except (AttributeError, IndexError):  # an empty cell, or a style the sheet lacks
        return None


def sheet_tables(path: str, limits: Limits = DEFAULT_LIMITS, source: BinaryIO | None = None) -> list[Table]:
    """Every sheet as a table of the cells it holds. `source`: the workbook's bytes, when
    they are not (yet) the file at `path` (a fix being checked before it is written).

    The size a sheet declares (`<dimension ref="A1:XFD1048576"/>`) is ignored: rows are
    as long as the cells written in them, so a false claim costs nothing."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if source is None and not path.lower().endswith((".xlsx", ".xlsm")):
        with open(path, "rb") as stream:  # openpyxl judges a path by its suffix: a workbook
            return sheet_tables(path, limits, stream)  # saved as .xls is read by its bytes
    try:
        wb = load_workbook(source or path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:  # a damaged or mislabelled file fails in many ways; all mean "cannot open"
        raise ReadError(
            path,
            f"无法打开 Excel 文件：{exc}",
            hint="确认文件是 .xlsx 格式且未损坏（.xls 请先另存为 .xlsx）",
        ) from None
    tables = []
    cells_read = 0
    written = _written_style_ids(wb)
    try:
        for ws in wb.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
            rows = []
            for r, row in enumerate(ws.iter_rows(), start=1):
                cells = []
                cells_read += len(row)
                if cells_read > limits.max_cells:
                    raise ReadError(path, f"工作簿单元格过多（超过 {limits.max_cells} 个），未读取完",
                                    hint="在 .kpilint.yaml 的 limits.max_cells 中放宽")  # fmt: skip
                for c, cell in enumerate(row, start=1):
                    text = display_text(
                        getattr(cell, "value", None), getattr(cell, "number_format", None)
                    )
                    where = Location(path, sheet=ws.title, cell=f"{get_column_letter(c)}{r}")
                    literal = bool(written) and text != "" and _style_of(cell) in written
                    cells.append(Cell(text, where, literal=literal))
                rows.append(cells)
            tables.append(Table(rows, None, Location(path, sheet=ws.title, cell="A1")))
    except (ReadError, MemoryError):
        raise
    except Exception as exc:  # a damaged sheet fails while its rows are read
        raise ReadError(
            path,
            f"工作簿内容损坏，无法读取：{type(exc).__name__}: {exc}",
            hint="用 Excel 打开后另存一份再试",
        ) from None
    finally:
        wb.close()
    return tables




def _department(table: Table) -> dict[str, str] | None:
    """A 部门信息 sheet (as kpilint convert writes): labels in column A, values in B."""
    pairs = {}
    for row in table.rows:
        cells = [c.text.strip() for c in row]
        if cells and cells[0] in DEPARTMENT_SHEET_LABELS:
            pairs[DEPARTMENT_SHEET_LABELS[cells[0]]] = cells[1] if len(cells) > 1 else ""
    return pairs if len(pairs) >= 3 else None


def read_xlsx(path: str, limits: Limits = DEFAULT_LIMITS, source: BinaryIO | None = None) -> Document:
    return tables_document(path, sheet_tables(path, limits, source))


def tables_document(path: str, tables: list[Table]) -> Document:
    """The document a workbook's sheets (as `sheet_tables` reads them) hold."""
    from dataclasses import replace

    department = next((d for t in tables if (d := _department(t))), None)
    project_tables = [t for t in tables if _department(t) is None]
    reading = read_tables(project_tables, path)
    reading.stats["sheets"] = len(tables)
    text = " ".join(c.text for t in tables for row in t.rows[:4] for c in row)
    doc = to_document(reading, path, "xlsx", year_in(text))
    if department:
        year = department.get("year", "")
        doc = replace(
            doc, unit_code=department.get("unit_code") or None, unit_name=department.get("unit_name") or None,
            year=int(year) if year.isdigit() else doc.year, money_unit=department.get("money_unit") or doc.money_unit,
            overall_goals=department.get("overall_goals", ""),
        )  # fmt: skip
    return doc
