"""Old and mislabelled office files, as finance offices still exchange them.

- `.xls` (Excel 97–2003, BIFF): read with xlrd, cell by cell as Excel shows it, then
  interpreted exactly like a `.xlsx` (the same tables, the same sheet-per-project reading).
- `.doc` / `.wps` (Word 97–2003, WPS): no maintained Python library reads them, so they
  are converted to `.docx` by LibreOffice (`soffice --headless`) when it is installed, in
  a temporary folder, and read as Word tables; without it the error names the format and
  the fix (另存为 .docx), never "not UTF-8".
- A file whose bytes are not what its suffix says (an `.xls` that is really a `.xlsx`, or
  the HTML page some systems export under `.xls`) is recognised by its first bytes:
  `content_kind` tells the caller which reader to use, or why none can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Document, Location
from kpilint.readers.grid import Cell
from kpilint.readers.tables import Table

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .xls / .doc / .wps
_ZIP = b"PK\x03\x04"
#: seconds LibreOffice may take to convert one document
CONVERT_TIMEOUT = 120


def content_kind(path: str) -> str | None:
    """What a file holds by its first bytes: "xlsx", "docx", "ole" (.xls/.doc/.wps), "pdf",
    "html", or None when the bytes say nothing (text, or a file that cannot be opened)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return None
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except Exception:  # BadZipFile, NotImplementedError (an unknown zip version), OSError…: not a zip we know
            return None
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) and b"<t" in lowered:
        return "html"
    return None


def read_xls(path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """An Excel 97–2003 workbook, read like a `.xlsx` one."""
    from kpilint.readers.xlsx import tables_document

    return tables_document(path, xls_tables(path, limits))


def xls_tables(path: str, limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    import xlrd
    from openpyxl.utils import get_column_letter

    from kpilint.readers.xlsx import display_text

    try:
        book = xlrd.open_workbook(path, formatting_info=True, on_demand=True)
    except MemoryError:
        raise
    except Exception as exc:  # xlrd raises its own error, struct.error, ValueError… on damaged files
        raise ReadError(path, f"无法打开 .xls 工作簿：{exc}",
                        hint="用 Excel 或 WPS 打开后另存为 .xlsx 再试") from None  # fmt: skip
    tables, cells_read = [], 0
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            cells_read += sheet.nrows * sheet.ncols
            if cells_read > limits.max_cells:
                raise ReadError(path, f"工作簿单元格过多（超过 {limits.max_cells} 个），未读取完",
                                hint="在 .kpilint.yaml 的 limits.max_cells 中放宽")  # fmt: skip
            rows = []
            for r in range(sheet.nrows):
                row = []
                for c in range(sheet.ncols):
                    value, number_format = _xls_value(book, sheet, r, c)
                    where = Location(path, sheet=sheet.name, cell=f"{get_column_letter(c + 1)}{r + 1}")
                    row.append(Cell(display_text(value, number_format), where))
                rows.append(row)
            tables.append(Table(rows, None, Location(path, sheet=sheet.name, cell="A1")))
            book.unload_sheet(index)
    except (ReadError, MemoryError):
        raise
    except Exception as exc:  # a damaged sheet fails while its rows are read
        raise ReadError(path, f".xls 工作簿内容损坏，无法读取：{type(exc).__name__}: {exc}",
                        hint="用 Excel 或 WPS 打开后另存为 .xlsx 再试") from None  # fmt: skip
    finally:
        book.release_resources()
    return tables


def _xls_value(book, sheet, r: int, c: int) -> tuple[object, str | None]:
    """A cell's value as openpyxl would give it, and its number format."""
    import xlrd

    cell = sheet.cell(r, c)
    fmt = None
    if cell.xf_index is not None and cell.xf_index < len(book.xf_list):
        key = book.xf_list[cell.xf_index].format_key
        fmt = book.format_map[key].format_str if key in book.format_map else None
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None, fmt
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode), fmt
        except (ValueError, OverflowError):
            return cell.value, fmt
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value), fmt
    return cell.value, fmt


def office() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_word_97(path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """A `.doc` or `.wps` document, converted to `.docx` by LibreOffice and read as Word
    tables; every location names the original file."""
    from kpilint.readers.docx import read_docx

    suffix = Path(path).suffix.lower()
    command = office()
    if command is None:
        raise ReadError(
            path,
            f"无法读取 {suffix} 文件（Word 97-2003 / WPS 格式）：本机未安装 LibreOffice，无法转换",
            hint="在 Word 或 WPS 中“另存为” .docx 后再检查；或安装 LibreOffice（soffice）后重试",
        )
    with tempfile.TemporaryDirectory(prefix="kpilint-office-") as folder:
        try:
            subprocess.run(
                [command, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                 "--convert-to", "docx", "--outdir", folder, os.path.abspath(path)],
                capture_output=True, timeout=CONVERT_TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ReadError(path, f"LibreOffice 转换 {suffix} 失败：{exc}",
                            hint="在 Word 或 WPS 中另存为 .docx 后再检查") from None  # fmt: skip
        converted = Path(folder) / (Path(path).stem + ".docx")
        if not converted.is_file():
            raise ReadError(path, f"LibreOffice 未能把 {suffix} 文件转换为 .docx（文件可能已损坏或加密）",
                            hint="在 Word 或 WPS 中打开后另存为 .docx 再检查")  # fmt: skip
        doc = read_docx(path, limits, source=str(converted))
    return replace(doc, template=f"docx-from-{suffix.lstrip('.')}")


def html_refused(path: str) -> ReadError:
    return ReadError(
        path,
        f"文件扩展名是 {Path(path).suffix.lower() or '（无扩展名）'}，内容却是 HTML 网页（有些系统把网页表格存成 .xls 导出）",
        hint="用 Excel 或 WPS 打开该文件，另存为 .xlsx 后再检查",
    )


def mislabelled(path: str, kind: str) -> str:
    """The reading note of a file read by its content rather than its suffix."""
    return f"文件扩展名 {Path(path).suffix.lower()} 与内容（{kind}）不符，已按内容读取；建议改正扩展名"

