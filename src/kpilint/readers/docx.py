"""Reader for Word documents (python-docx): each table is a grid; paragraphs give titles.

python-docx repeats a merged cell in every grid column and row it spans; the
repeats are blanked, as a printed table shows a merged cell once, so that a
label is not read as its own value and merged 一级 cells fill down as printed.
"""

from __future__ import annotations

import re

from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Document, Location
from kpilint.readers.grid import Cell
from kpilint.readers.tables import Table, read_tables, to_document, year_in

_TITLE = re.compile(r"(\S.*?绩效目标表)\s*$")
#: a title is a line, not a page: longer paragraphs are not searched for one (the search
#: backtracks over the whole paragraph from each character, quadratic in its length)
_TITLE_MAX = 300


def document_tables(path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Table], str]:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(path)
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
    prose = []
    unit_line: str | None = None
    cells_read = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            prose.append(text)
            if len(text) <= _TITLE_MAX and (m := _TITLE.search(text)):
                title = re.sub(r"^\d{1,3}\s*[.．、]\s*", "", m.group(1))
            elif re.match(r"^\d{6}\s+\S", text):
                unit_line = text
        elif tag == "tbl":
            number = len(tables) + 1
            rows = []
            if unit_line:
                rows.append([Cell(unit_line, Location(path, sheet=f"表{number}", cell="标题"))])
            above: dict[int, object] = {}
            for r, row in enumerate(DocxTable(child, document).rows, start=1):
                seen = set()
                cells = []
                cells_read += len(row.cells)
                if cells_read > limits.max_cells:
                    raise ReadError(path, f"Word 表格单元格过多（超过 {limits.max_cells} 个），未读取完",
                                    hint="在 .kpilint.yaml 的 limits.max_cells 中放宽")  # fmt: skip
                for c, cell in enumerate(row.cells, start=1):
                    tc = cell._tc
                    repeat = id(tc) in seen or above.get(c) is tc  # merged across columns or rows
                    seen.add(id(tc))
                    above[c] = tc
                    cells.append(
                        Cell(
                            "" if repeat else cell.text,
                            Location(path, sheet=f"表{number}", cell=f"第{r}行第{c}列"),
                        )
                    )
                rows.append(cells)
            tables.append(Table(rows, title, Location(path, sheet=f"表{number}")))
            title = unit_line = None
    return tables, "\n".join(prose)


def read_docx(path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    try:
        tables, prose = document_tables(path, limits)
    except (ReadError, MemoryError):
        raise
    except Exception as exc:  # a damaged document fails while its tables are read
        raise ReadError(
            path,
            f"Word 文件内容损坏，无法读取：{type(exc).__name__}: {exc}",
            hint="用 Word 打开后另存一份再试",
        ) from None
    reading = read_tables(tables, path)
    return to_document(reading, path, "docx", year_in(prose))
