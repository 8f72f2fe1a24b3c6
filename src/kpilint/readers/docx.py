"""Reader for Word documents (python-docx): each table is a grid; paragraphs give titles.

python-docx repeats a merged cell in every grid column and row it spans; the
repeats are blanked, as a printed table shows a merged cell once, so that a
label is not read as its own value and merged 一级 cells fill down as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Document, Location
from kpilint.readers.grid import Cell
from kpilint.readers.tables import Table, account_tables, read_tables, to_document, year_in
from kpilint.readers.vocabulary import table_title

#: a paragraph longer than this is prose, not a heading that could name a table
_HEADING_MAX = 60


def document_tables(path: str, limits: Limits = DEFAULT_LIMITS, source: str | None = None) -> tuple[list[Table], str]:
    """The tables of a Word document and its prose. `source`: the file to open when it is not
    `path` (a .doc converted to .docx); locations always name `path`."""
    import docx
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(source or path)
    except MemoryError:
        raise
    except Exception as exc:  # a damaged or mislabelled file fails in many ways; all mean "cannot open"
        raise ReadError(
            path,
            f"无法打开 Word 文件：{exc}",
            hint="确认文件是 .docx 格式且未损坏（.doc 请先另存为 .docx）",
        ) from None
    tables: list[Table] = []
    title: str | None = None
    heading: str | None = None  # the last paragraph before a table, if short enough to name it
    prose = []
    unit_line: str | None = None
    cells_read = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            prose.append(text)
            if text:
                heading = text if len(text) <= _HEADING_MAX else None
            if found := table_title(text):
                title = found
            elif re.match(r"^\d{6}\s+\S", text):
                unit_line = text
        elif tag == "tbl":
            number = len(tables) + 1
            rows = []
            if unit_line:
                rows.append([Cell(unit_line, Location(path, sheet=f"表{number}", cell="标题"))])
            for r, texts in enumerate(_grid_rows(child, document), start=1):
                cells_read += len(texts)
                if cells_read > limits.max_cells:
                    raise ReadError(path, f"Word 表格单元格过多（超过 {limits.max_cells} 个），未读取完",
                                    hint="在 .kpilint.yaml 的 limits.max_cells 中放宽")  # fmt: skip
                rows.append([Cell(text, Location(path, sheet=f"表{number}", cell=f"第{r}行第{c}列"))
                             for c, text in enumerate(texts, start=1)])  # fmt: skip
            tables.append(Table(rows, title, Location(path, sheet=f"表{number}"), heading))
            title = unit_line = heading = None
    return tables, "\n".join(prose)


def _grid_rows(table: Any, document: Any) -> Iterator[list[str]]:
    """Each row of a table as the texts of its grid columns, read from the XML in one pass:
    a cell spanning columns (gridSpan) or continuing a merge from above (vMerge) is blank
    after its first column and row, as printed. python-docx's `row.cells` finds a merge's
    top by recursion, one level per row: a 3,000-row merge overflows the stack."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    tr, tc, p, tc_pr = qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:tcPr")
    span_tag, merge_tag, before_tag = qn("w:gridSpan"), qn("w:vMerge"), qn("w:gridBefore")
    value = qn("w:val")
    for row in table.iterchildren(tr):
        before = row.find(f"{qn('w:trPr')}/{before_tag}")
        texts = [""] * _int(before.get(value) if before is not None else None, 0)
        for cell in row.iterchildren(tc):
            props = cell.find(tc_pr)
            span = props.find(span_tag) if props is not None else None
            merge = props.find(merge_tag) if props is not None else None
            continued = merge is not None and merge.get(value, "continue") == "continue"
            text = "" if continued else "\n".join(Paragraph(q, document).text for q in cell.iterchildren(p))
            texts.append(text)
            texts.extend([""] * (_int(span.get(value) if span is not None else None, 1) - 1))
        yield texts


def _int(text: str | None, default: int) -> int:
    """A count of grid columns (gridBefore 0+, gridSpan 1+), capped at a sheet's width."""
    try:
        return max(default, min(int(text or default), 16_384))
    except ValueError:
        return default


def read_docx(path: str, limits: Limits = DEFAULT_LIMITS, source: str | None = None) -> Document:
    try:
        tables, prose = document_tables(path, limits, source)
    except (ReadError, MemoryError):
        raise
    except Exception as exc:  # a damaged document fails while its tables are read
        raise ReadError(
            path,
            f"Word 文件内容损坏，无法读取：{type(exc).__name__}: {exc}",
            hint="用 Word 打开后另存一份再试",
        ) from None
    reading = read_tables(tables, path)
    coverage, extra = account_tables(path, tables, reading)
    return to_document(reading, path, "docx", year_in(prose), extra, coverage)
