"""Dates and periods of a deadline: the fields that `2021年12月底之前`, `12月底前`,
`第四季度`, `2022年4月至8月`, `全年` give a Value.

`date` is ISO 8601 (`2021-12-31`), or month-day (`--12-31`) when the table wrote no year, to
be resolved against the budget year. A period is a deadline (≤) at its end with its first
day in `start`; the whole year (全年, 2026年度) is one. The grammar (grammar.lark) finds the
dates; the transformer in parser.py hands their text here.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from kpilint.values.units import lookup_unit
from kpilint.values.value import ValueSyntaxError

_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?")
NUMERIC_DATE = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")


def period_of(word: str) -> str:
    """`每季度` → 季度, `按季` → 季度, `每个月` → 月: the canonical unit of a period word."""
    word = str(word).lstrip("每按").removeprefix("个")
    unit = lookup_unit(word)
    return unit.symbol if unit else word


def start_of(text: str) -> str:
    """The first day a date names: `2026年2月` → 2026-02-01 (a written day is kept)."""
    numeric = NUMERIC_DATE.fullmatch(text)
    year, month, day = (numeric or DATE.match(text)).groups()  # type: ignore[union-attr]
    m, d = int(month or 1), int(day or 1)
    return f"{int(year):04d}-{m:02d}-{d:02d}" if year else f"--{m:02d}-{d:02d}"


def period_fields(year: int | None, first: int, last: int) -> dict[str, Any]:
    """A period of months as a deadline (≤) at its end, with its `start`."""
    fields = date_fields(f"{year or ''}{'年' if year else ''}{last}月", "<=")
    fields["start"] = f"{year:04d}-{first:02d}-01" if year else f"--{first:02d}-01"
    return fields


# The whole year (全年, 2026年全年, 2026年度, 常年, 贯穿全年, 整年): a period, a deadline (≤) at its end.
_WHOLE_YEAR = re.compile(r"(?:(\d{4})年)?(?:贯穿|全)?(?:全年度?|度|常年|整年)内?|年度内")


def date_fields(text: str, op: str | None) -> dict[str, Any]:
    whole = _WHOLE_YEAR.fullmatch(text)
    if whole:
        year = whole.group(1)
        fields = period_fields(int(year) if year else None, 1, 12)
        fields["op"] = op or "<="
        if text.lstrip("贯穿全").startswith("常年"):
            fields["per"] = "年"  # all year, every year
        return fields
    numeric = NUMERIC_DATE.fullmatch(text)
    year_s, month_s, day_s = (numeric or DATE.match(text)).groups()  # type: ignore[union-attr]
    year = int(year_s) if year_s else None
    month = int(month_s) if month_s else 12
    if not 1 <= month <= 12:
        raise ValueSyntaxError(f"月份 {month} 不存在")
    last = calendar.monthrange(year or 2001, month)[1]
    day = int(day_s) if day_s else last
    if not 1 <= day <= last:
        raise ValueSyntaxError(f"{month}月没有{day}日")
    if op is None and text.endswith("内"):
        op = "<="
    date = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    return {"kind": "deadline", "op": op, "date": date, "dimension": "time"}


def quarter_fields(number: int, op: str | None) -> dict[str, Any]:
    month, day = _QUARTER_END[number]
    return {
        "kind": "deadline",
        "op": op,
        "magnitude": float(number),
        "unit": "季度",
        "dimension": "time",
        "date": f"--{month:02d}-{day:02d}",
    }
