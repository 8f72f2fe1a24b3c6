"""What the 绩效目标表 template guarantees: its fixed words, and how cells are cleaned.

Readers find things by these words, not by fixed positions.
"""

from __future__ import annotations

import re
from functools import cache

from kpilint.framework.templates import alternation, squash, vocabulary
from kpilint.values import parse_value
from kpilint.values.qualitative import lookup_entry
from kpilint.values.units import lookup_unit

#: a title is a line, not a page: longer text is not searched for one (the search
#: backtracks over the whole text from each character, quadratic in its length)
_TITLE_MAX = 300
_TITLE_NUMBER = re.compile(r"^\d{1,3}\s*[.．、]\s*")


def table_title(line: str) -> str | None:
    """The title a line gives a table (`3.某项目绩效目标表` → `某项目绩效目标表`), if any."""
    line = line.strip()
    if len(line) > _TITLE_MAX or not (m := _patterns().title.search(line)):
        return None
    return _TITLE_NUMBER.sub("", m.group(1))


class _Patterns:
    """The patterns built from the template's words, once."""

    def __init__(self) -> None:
        words = vocabulary()
        units = words.money_unit_alternation()
        labels = alternation(words.money_unit_labels)
        self.title = re.compile(rf"(\S.*?{re.escape(words.target_suffix)})\s*$")
        #: `单位：万元` anywhere in a cell or line
        self.money_unit = re.compile(rf"(?:{labels})\s*[:：]\s*({units})")
        #: the line above a table: `307001 某单位本级 单位：万元`
        self.unit_line = re.compile(
            rf"^\s*(\d{{6}})\s+(\S+?)\s*(?:(?:{labels})\s*[:：]\s*({units}))?\s*$"
        )


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def indicator_header_start(text: str) -> bool:
    """Does a line of flattened text start the indicator header (`一级指标 二级指标 …`)?"""
    words = vocabulary().column_words
    flat = squash(text)
    return any(flat.startswith(a + b) for a in words["level1"] for b in words["level2"])


def basis_header_piece(text: str) -> bool:
    """A piece of the basis column's header wrapped onto a line of its own (`指标值确定依`
    | `据`): a header word short of its last character, or its tail."""
    flat = squash(text)
    return bool(flat) and any(w.endswith(flat) or flat == w[:-1] for w in vocabulary().column_words["basis"])


def unit_line(text: str) -> tuple[str, str, str | None] | None:
    """(unit code, unit name, money unit or None) of a unit line above a table."""
    m = _patterns().unit_line.match(text)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def money_unit_in(text: str) -> str | None:
    """The money unit a `单位：万元` declares in `text`, if any."""
    m = _patterns().money_unit.search(text)
    return m.group(1) if m else None

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


__all__ = ["clean_cell", "is_cjk", "join_wraps", "looks_like_value", "money_unit_in", "split_goals", "squash",
           "table_title", "unit_line"]


_NUMBERED_LINE = re.compile(r"\s*\n\s*(?=\d{1,2}\s*[.．、])")
_NEWLINE = re.compile(r"\s*\n\s*")


def clean_cell(text: str | None) -> str:
    """A cell's text as the grid interpreter reads it: trimmed, ideographic spaces included."""
    return text.replace("\u3000", " ").strip() if text else ""


def join_wraps(text: str | None) -> str:
    """Text extracted from a printed table, wraps joined: a line break or wrap space between
    CJK characters is dropped, one before a numbered item kept as a space; ends trimmed."""
    if not text:
        return ""
    flat = text.replace("\u3000", " ")
    if "\n" in flat:
        flat = _NUMBERED_LINE.sub(" ", flat)
        numbered = flat
        flat = _NEWLINE.sub(lambda m: "" if _joins(numbered, m) else " ", numbered)
    return _WRAP_SPACE.sub("", flat).strip()


def _joins(text: str, m: re.Match[str]) -> bool:
    """Does a line break join its neighbours directly? Between CJK characters, at the ends,
    and inside a number a narrow cell cut (`≥5` | `00人次`); elsewhere it stands for a space."""
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[m.end()] if m.end() < len(text) else ""
    digits = before.isdigit() and (after.isdigit() or after in ".%％")
    return digits or is_cjk(before) or is_cjk(after) or not before or not after


def is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.fullmatch(char))


def looks_like_value(text: str, strong: bool = False) -> bool:
    """Could this text be a whole 指标值 cell? Numbers with known units, deadlines, lexicon words.

    `strong` asks for more than a bare number (a comparator or a unit), which a
    wrapped basis such as `104 号` could otherwise pass for.
    """
    value = parse_value(text)
    if value.label or value.note:  # a value found inside words is not a whole value cell
        return False
    if value.kind in ("quantity", "range"):
        if value.unit and lookup_unit(value.unit) is None:
            return False
        return not strong or bool(value.op or value.unit)
    if value.kind == "deadline":
        return True
    return value.kind == "qualitative" and lookup_entry(squash(text)) is not None


_NUMBERED = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*[.．、]\s*(?=\S)")


def split_goals(text: str) -> tuple[str, ...]:
    """`1. 甲 2. 乙` → ("1. 甲", "2. 乙"); unnumbered text stays one goal."""
    text = text.strip()
    if not text:
        return ()
    starts = [m.start() for m in _NUMBERED.finditer(text)]
    if not starts or starts[0] != 0:
        return (text,)
    ends = [*starts[1:], len(text)]
    return tuple(text[a:b].strip() for a, b in zip(starts, ends, strict=True))
