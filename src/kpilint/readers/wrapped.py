"""Indicator tables whose cells were flattened into wrapped lines (text from PDFs).

    数量指标
    组织参观人          <- 三级指标, wrapped at the name column's width
    次
    组织参观人次 ≥1500 人   <- description and value share a line
    冀财教【2024】        <- 依据, wrapped
    104 号

Rows start at a 二级指标 word (itself possibly wrapped). Within a row the value
is found with the value grammar, the basis is the text after it (the template
repeats it down the column, so the table's common suffix confirms it), and the
name/description split uses the name column's wrap width.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from kpilint.framework import LEVEL1, LEVEL2
from kpilint.framework.templates import vocabulary
from kpilint.model import Diagnostic, Indicator, Location
from kpilint.readers.vocabulary import (
    basis_header_piece,
    indicator_header_start,
    is_cjk,
    looks_like_value,
    squash,
)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    number: int


@dataclass(frozen=True, slots=True)
class _Frag:
    text: str
    line: int
    hard: bool  # a cell boundary for certain (line start, or a space between CJK characters)
    newline: bool  # starts a new printed line


def _join(frags: list[_Frag]) -> str:
    out = ""
    for f in frags:
        out += f.text if (f.newline or not out) else " " + f.text
    return out


def _fragments(lines: list[Line]) -> list[_Frag]:
    frags = []
    for line in lines:
        parts = line.text.split()
        for k, part in enumerate(parts):
            if k == 0:
                frags.append(_Frag(part, line.number, True, True))
            else:
                hard = is_cjk(parts[k - 1][-1]) and is_cjk(part[0])
                frags.append(_Frag(part, line.number, hard, False))
    return frags


def _match_label(
    lines: list[Line], start: int, words: tuple[str, ...]
) -> tuple[str, int, str] | None:
    """A template word printed from lines[start], maybe wrapped: (word, lines used, remainder)."""
    joined = ""
    for used in range(1, 5):
        if start + used > len(lines):
            return None
        text = lines[start + used - 1].text
        head, _, rest = text.partition(" ")
        candidate = joined + head
        if candidate in words:
            return candidate, used, rest.strip()
        if candidate + rest.replace(" ", "") in words:
            return candidate + rest.replace(" ", ""), used, ""
        joined = joined + text.replace(" ", "")
        if not any(w.startswith(joined) for w in words):
            return None
    return None


@dataclass
class _Row:
    level1: str
    level2: str
    lines: list[Line]
    start_line: int


def _header_cells(lines: list[Line], i: int) -> int:
    """How many lines from lines[i] are the indicator header printed one cell a line
    (`一级指标` | `二级指标` | … ), 0 if they are not."""
    words = vocabulary().column_words
    if i + 1 >= len(lines) or squash(lines[i].text) not in words["level1"]:
        return 0
    if squash(lines[i + 1].text) not in words["level2"]:
        return 0
    headers = {w for ws in words.values() for w in ws}
    end = i + 2
    while end < len(lines) and (squash(lines[end].text) in headers or basis_header_piece(lines[end].text)):
        end += 1
    return end - i


def _header_piece(text: str) -> bool:
    """A piece of the indicator header a wrap left on a line of its own (`指标值确定` | `依据`)."""
    flat = squash(text)
    words = vocabulary().column_words.values()
    return bool(flat) and any(w.startswith(flat) or w.endswith(flat) for ws in words for w in ws)


def _rows(lines: list[Line]) -> tuple[list[_Row], list[Line]]:
    """The rows, and the lines before the first row that are not the header's."""
    rows: list[_Row] = []
    before: list[Line] = []
    level1 = ""
    lines = list(lines)
    i = 0
    while i < len(lines):
        if indicator_header_start(lines[i].text):  # header repeated after a page break
            i += 1
            while i < len(lines) and basis_header_piece(lines[i].text):
                i += 1
            continue
        if cells := _header_cells(lines, i):  # the same, one cell a line
            i += cells
            continue
        m1 = _match_label(lines, i, LEVEL1)
        if m1 and m1[2] and _match_label([Line(m1[2], lines[i].number)], 0, LEVEL2):
            # `满意度指标 服务对象满意度指标 …`: the 一级 and its row printed on one line
            level1 = m1[0]
            lines[i + m1[1] - 1] = Line(m1[2], lines[i + m1[1] - 1].number)
            i += m1[1] - 1
            continue
        if m1 and not m1[2]:
            after = _match_label(lines, i + m1[1], LEVEL2)
            if after:  # 成本指标 is a 一级 only when a 二级 word follows it
                level1 = m1[0]
                i += m1[1]
                continue
        m2 = _match_label(lines, i, LEVEL2)
        if m2 and not (
            rows
            and not rows[-1].lines
            and i > 0
            and rows[-1].start_line >= 0
            and _follows_label(rows[-1], lines[i])
        ):
            word, used, rest = m2
            body = [Line(rest, lines[i + used - 1].number)] if rest else []
            rows.append(_Row(level1, word, body, lines[i].number))
            i += used
            continue
        if rows:
            rows[-1].lines.append(lines[i])
        elif not _header_piece(lines[i].text):
            before.append(lines[i])
        i += 1
    return rows, before


def _follows_label(row: _Row, line: Line) -> bool:
    """A 二级 word right after a 二级 cell is the row's 三级 name (`经济效益指标` twice)."""
    return not row.lines and line.number > row.start_line


def _common_suffix(texts: list[str]) -> str:
    if len(texts) < 2:
        return ""
    first = texts[0]
    n = 0
    while n < len(first) and all(len(t) > n and t[-1 - n] == first[-1 - n] for t in texts):
        n += 1
    return first[len(first) - n :] if n else ""


def _split_value_basis(frags: list[_Frag], basis_hint: str) -> tuple[int, int] | None:
    """Indices (i, j): value = frags[i:j], basis = frags[j:]."""
    n = len(frags)
    if basis_hint:
        for j in range(n - 1, -1, -1):
            if squash(_join(frags[j:])) == basis_hint:
                for i in range(j):
                    if looks_like_value(_join(frags[i:j])):
                        return i, j
                break
    # The basis as short as possible, the value as long as possible; values with a
    # comparator or unit first, then bare numbers; a missing basis last.
    for strong in (True, False):
        for j in [*range(n - 1, 0, -1), n]:
            for i in range(j):
                if looks_like_value(_join(frags[i:j]), strong):
                    return i, j
    return None


def _split_name_description(frags: list[_Frag], width: int) -> int:
    """Index where the description starts in the fragments before the value."""
    if not frags:
        return 0
    whole = squash(_join(frags))
    half = len(whole) // 2
    if len(whole) % 2 == 0 and whole[:half] == whole[half:]:
        for k in range(1, len(frags)):
            if squash(_join(frags[:k])) == whole[:half]:
                return k  # description repeats the name
    for k in range(1, len(frags)):
        if frags[k].hard and not frags[k].newline:
            return k
    k = 1
    while k < len(frags):
        prev, cur = frags[k - 1], frags[k]
        if not cur.newline:
            k += 1
            continue
        if len(prev.text) >= width and len(cur.text) <= width:
            k += 1  # the name cell was full: it continues on this line
            continue
        return k
    return len(frags)


def _rows_of_group(row: _Row, basis: str) -> list[_Row]:
    """The rows under one 二级 cell that a merged cell printed once: each ends with the
    basis the table repeats down its column, so a line that ends with it closes a row."""
    parts: list[_Row] = []
    current: list[Line] = []
    for line in row.lines:
        current.append(line)
        if squash(_join(_fragments(current))).endswith(basis):
            parts.append(_Row(row.level1, row.level2, current, row.start_line if not parts else current[0].number))
            current = []
    if current:
        if not parts:
            return [row]
        parts[-1].lines.extend(current)
    return parts


def _repeated_basis(row_frags: list[list[_Frag]]) -> str:
    """The basis the template repeats down its column: the rows' common tail, when it is a
    whole cell in every row."""
    hint = _common_suffix([squash(_join(f)) for f in row_frags if f])
    if hint and all(any(squash(_join(f[j:])) == hint for j in range(len(f))) for f in row_frags if f):
        return hint
    return ""


def _cut_after_basis(row: _Row, basis: str) -> tuple[_Row, list[Line]]:
    """The last row, and the lines after the last one that ends with the repeated basis:
    prose after the table (an appendix, the next part of the document), not the row's."""
    for k in range(len(row.lines) - 1, 0, -1):
        if squash(_join(_fragments(row.lines[:k]))).endswith(basis):
            return _Row(row.level1, row.level2, row.lines[:k], row.start_line), row.lines[k:]
    return row, []


def read_rows(lines: list[Line], path: str) -> tuple[list[Indicator], list[Diagnostic]]:
    """The indicator rows of a table's body; its lines are a row's or are reported."""
    lines = [Line(" ".join(line.text.split()), line.number) for line in lines if line.text.strip()]
    rows, before = _rows(lines)
    row_frags = [_fragments(r.lines) for r in rows]
    basis_hint = _repeated_basis(row_frags)
    after: list[Line] = []
    if not basis_hint and len(rows) >= 3 and (hint := _repeated_basis(row_frags[:-1])):
        rows[-1], after = _cut_after_basis(rows[-1], hint)  # text after the table's last row
        if after:
            basis_hint, row_frags = hint, [_fragments(r.lines) for r in rows]
    if basis_hint:
        rows = [part for row in rows for part in _rows_of_group(row, basis_hint)]
        row_frags = [_fragments(r.lines) for r in rows]
    splits = [_split_value_basis(f, basis_hint) for f in row_frags]
    width = max(
        (len(f[0].text) for f, s in zip(row_frags, splits, strict=True) if f and s and s[0]),
        default=0,
    )
    indicators: list[Indicator] = []
    diagnostics: list[Diagnostic] = []
    if after:
        text = " ".join(line.text for line in after)
        diagnostics.append(
            Diagnostic("skipped-pages", f"第 {after[0].number}–{after[-1].number} 行在表格最后一行之后，不是表格内容，"
                       f"未读入：{text[:60]}{'…' if len(text) > 60 else ''}", Location(path, after[0].number))
        )  # fmt: skip
    if before:  # no 二级 word starts them: rows the reader cannot place
        text = " ".join(line.text for line in before)
        diagnostics.append(
            Diagnostic("unplaced-row", f"这些行不在任何指标行内（前面没有二级指标），未能读入：{text}",
                       Location(path, before[0].number))
        )
    for row, frags, split in zip(rows, row_frags, splits, strict=True):
        if split is None:
            text = _join(frags)
            diagnostics.append(
                Diagnostic(
                    "unplaced-row",
                    f"此行找不到可识别的指标值，未能读入：{row.level2} {text}",
                    Location(path, row.start_line),
                )
            )
            continue
        i, j = split
        k = _split_name_description(frags[:i], width)
        parts = {
            "name": frags[:k],
            "description": frags[k:i],
            "value": frags[i:j],
            "basis": frags[j:],
        }
        where = {f: Location(path, p[0].line) for f, p in parts.items() if p}
        where["level2"] = Location(path, row.start_line)
        indicators.append(
            Indicator(
                level1=row.level1,
                level2=row.level2,
                name=_join(parts["name"]),
                description=_join(parts["description"]),
                value_text=_join(parts["value"]),
                basis=_join(parts["basis"]),
                location=Location(path, row.start_line),
                fields=MappingProxyType(where),
            )
        )
    return indicators, diagnostics
