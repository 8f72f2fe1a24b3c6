"""Change a few cells of a workbook in its package XML and leave every other byte alone.

Loading a workbook with openpyxl and saving it again drops what openpyxl does not model:
cached formula results, an .xlsm's VBA project, drawings and images, and more. `--fix`
changes only the cells it fixes, so it edits them where they are: the one `<c>` element
of each fixed cell in its sheet's XML is replaced (a text as an inline string, which can
never be a formula; a percentage as a number with a percent style appended to
styles.xml), and every other part of the package is copied with the same bytes.
A cell that cannot be changed that way (a formula, a missing cell, a cell without its
reference) refuses the whole fix with a message saying which and why.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from defusedxml import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PERCENT = re.compile(r"^(\d+)(?:\.(\d{2}))?%$")
#: the built-in number formats for percentages: 0% and 0.00%
_PERCENT_FORMAT = {0: 9, 2: 10}


class CellEditRefused(Exception):
    """The workbook cannot be changed cell by cell here; the message says where and why."""


@dataclass(frozen=True)
class CellEdit:
    """A new text for one cell; `percent`: write a percentage as a number with a percent
    style (a spend-plan checkpoint), not as text."""

    sheet: str
    cell: str
    text: str
    percent: bool = False


def edit_cells(data: bytes, edits: Sequence[CellEdit]) -> bytes:
    """The workbook `data` with `edits` made; raises CellEditRefused for one it cannot make."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CellEditRefused(f"不是有效的 zip 压缩包（{exc}）") from None
    with package:
        names = set(package.namelist())
        workbook = _workbook_part(package, names)
        sheets = _sheet_parts(package, workbook, names)
        changed: dict[str, bytes] = {}
        styles = _Styles(package, workbook, names)
        for edit in edits:
            part = sheets.get(edit.sheet)
            if part is None:
                raise CellEditRefused(f"找不到工作表“{edit.sheet}”")
            xml = changed.get(part) or package.read(part)
            changed[part] = _replace_cell(xml, edit, styles)
        if styles.changed is not None:
            changed[styles.part] = styles.changed
        return _repack(package, changed)


def _read_xml(package: zipfile.ZipFile, part: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(package.read(part))
    except (ElementTree.ParseError, KeyError, ValueError) as exc:
        raise CellEditRefused(f"无法读取 {part}（{exc}）") from None


def _rels(package: zipfile.ZipFile, part: str, names: set[str]) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in names:
        return {}
    found = {}
    for rel in _read_xml(package, rels).iter(f"{_PKG}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def _workbook_part(package: zipfile.ZipFile, names: set[str]) -> str:
    for kind, target in _rels(package, "", names).values():
        if kind == _OFFICE_DOCUMENT and target in names:
            return target
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    raise CellEditRefused("找不到工作簿主体（xl/workbook.xml）")


def _sheet_parts(package: zipfile.ZipFile, workbook: str, names: set[str]) -> dict[str, str]:
    rels = _rels(package, workbook, names)
    parts = {}
    for sheet in _read_xml(package, workbook).iter(f"{_MAIN}sheet"):
        rel = rels.get(sheet.get(f"{_REL}id", ""))
        if rel is not None and rel[1] in names:
            parts[sheet.get("name", "")] = rel[1]
    return parts


def _cell_pattern(ref: str) -> re.Pattern[bytes]:
    """The `<c>` element whose `r` is `ref`, with or without a namespace prefix."""
    return re.compile(
        rb"<(?P<prefix>(?:[A-Za-z_][\w.-]*:)?)c(?=[\s/>])(?P<attrs>[^>]*?(?<=\s)r=\"" + re.escape(ref.encode())
        + rb"\"[^>]*?)(?:/>|>(?P<body>.*?)</(?P=prefix)c>)",
        re.S,
    )  # fmt: skip


_TYPE_ATTR = re.compile(rb"\s+t=\"[^\"]*\"")
_STYLE_ATTR = re.compile(rb"(?<=\s)s=\"(\d+)\"")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _replace_cell(xml: bytes, edit: CellEdit, styles: _Styles) -> bytes:
    where = f"{edit.sheet}!{edit.cell}"
    found = list(_cell_pattern(edit.cell).finditer(xml))
    if not found:
        raise CellEditRefused(f"单元格 {where} 在工作表 XML 中找不到（可能没有写出引用），未修改")
    if len(found) > 1:
        raise CellEditRefused(f"单元格 {where} 在工作表 XML 中出现了 {len(found)} 次，未修改")
    match = found[0]
    if match.group("body") and _FORMULA.search(match.group("body")):
        raise CellEditRefused(f"单元格 {where} 是公式，kpilint 不改写公式，未修改")
    prefix = match.group("prefix")
    attrs = _TYPE_ATTR.sub(b"", match.group("attrs"))
    number = _percent_number(edit)
    if number is not None:
        style = _STYLE_ATTR.search(attrs)
        new_style = styles.percent(int(style.group(1)) if style else 0, number[1])
        if new_style is not None:
            attrs = _STYLE_ATTR.sub(b"", attrs) + b' s="%d"' % new_style
            body = b"<%sv>%s</%sv>" % (prefix, repr(number[0]).encode(), prefix)
            return xml[: match.start()] + b"<%sc%s>%s</%sc>" % (prefix, attrs, body, prefix) + xml[match.end():]
    text = escape(_ILLEGAL.sub("", edit.text)).encode("utf-8")
    body = b'<%sis><%st xml:space="preserve">%s</%st></%sis>' % (prefix, prefix, text, prefix, prefix)
    element = b'<%sc%s t="inlineStr">%s</%sc>' % (prefix, attrs, body, prefix)
    return xml[: match.start()] + element + xml[match.end():]


def _percent_number(edit: CellEdit) -> tuple[float, int] | None:
    """(the number, its decimals) a percentage edit is written as, if it is one."""
    m = _PERCENT.match(edit.text) if edit.percent else None
    if m is None:
        return None
    decimals = len(m.group(2) or "")
    return float(edit.text[:-1]) / 100, decimals


class _Styles:
    """The workbook's cell formats, with a percent format added beside a cell's own one
    when a fix writes a percentage: the new `<xf>` is appended, nothing else moves."""

    _BLOCK = re.compile(rb"<(?P<p>(?:[A-Za-z_][\w.-]*:)?)cellXfs\b(?P<attrs>[^>]*)>(?P<body>.*?)</(?P=p)cellXfs>", re.S)
    _XF = re.compile(rb"<(?P<p>(?:[A-Za-z_][\w.-]*:)?)xf\b[^>]*?(?:/>|>.*?</(?P=p)xf>)", re.S)

    def __init__(self, package: zipfile.ZipFile, workbook: str, names: set[str]) -> None:
        self.part = next((t for k, t in _rels(package, workbook, names).values() if k.endswith("/styles")), "")
        self.source = package.read(self.part) if self.part in names else None
        self.changed: bytes | None = None
        self.added: dict[tuple[int, int], int] = {}

    def percent(self, style: int, decimals: int) -> int | None:
        """The index of a format like `style` shown as a percentage; None if none can be made."""
        key = (style, decimals)
        if key in self.added:
            return self.added[key]
        xml = self.changed or self.source
        block = self._BLOCK.search(xml) if xml is not None and decimals in _PERCENT_FORMAT else None
        if xml is None or block is None:
            return None
        xfs = list(self._XF.finditer(block.group("body")))
        if style >= len(xfs):
            return None
        clone = re.sub(rb"\s(numFmtId|applyNumberFormat)=\"[^\"]*\"", b"", xfs[style].group())
        clone = re.sub(rb"^(<(?:[A-Za-z_][\w.-]*:)?xf)\b",
                       rb'\1 numFmtId="%d" applyNumberFormat="1"' % _PERCENT_FORMAT[decimals], clone)  # fmt: skip
        count = len(xfs) + 1
        attrs = re.sub(rb"\scount=\"\d+\"", b"", block.group("attrs")) + b' count="%d"' % count
        body = block.group("body") + clone
        p = block.group("p")
        new_block = b"<%scellXfs%s>%s</%scellXfs>" % (p, attrs, body, p)
        self.changed = xml[: block.start()] + new_block + xml[block.end():]
        self.added[key] = len(xfs)
        return len(xfs)


def _repack(package: zipfile.ZipFile, changed: dict[str, bytes]) -> bytes:
    """The package again, in the same order with the same entries: the changed parts'
    new bytes, every other part's bytes as they were."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in package.infolist():
            data = changed.get(info.filename)
            target.writestr(info, package.read(info) if data is None else data)
    return out.getvalue()
