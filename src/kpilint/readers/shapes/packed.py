"""Shape: several indicators packed into one cell.

Two forms are read.

**A project's indicators in one cell** (Guangzhou's wide table: a row per project, the
column headed 绩效指标, `packed_indicators` in templates.yaml):

    1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；
    2、1－产出指标，12－质量指标，环境应急事件响应率；实施周期指标值：100%，年度指标值：100%;…

Each item is `<n>、<一级 code>－<一级>，<二级 code>－<二级>，<三级>；实施周期指标值：<v>，年度指标值：<v>`.
Items are found by their category header, never by their numbers (which restart and
skip); the name runs to the last 实施周期指标值 (names may hold `；`), and the year's value
(年度指标值, the one a table's 指标值 means) runs to the next item.

**Several indicators in one row's cells** (older Xi'an tables): `物业管理面积；服务人次` with
`17839平方米；每天3000人次` are two rows, split only where names and values pair off one
to one; a list with 、 only where every value is a number (`≥45、≥1000`).
Fixtures: tests/test_shapes.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType

from kpilint.framework import LEVEL1
from kpilint.framework.templates import alternation, vocabulary
from kpilint.model import Indicator, Location
from kpilint.values import parse_value

_DASH = r"\s*[－\-—–]\s*"
_COMMA = r"\s*[，,]\s*"
_TRAILING = re.compile(r"\s*(?:[；;]|(?<=\d)\.)\s*$")
_SPACE_BY_PUNCT = re.compile(r"\s+(?=[）)，。；、：])|(?<=[（(，。；、：])\s+")


@dataclass(frozen=True, slots=True)
class PackedIndicator:
    level1: str
    level2: str
    name: str
    value: str  # 年度指标值
    period_value: str  # 实施周期指标值
    text: str  # the item as printed, for messages


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = vocabulary()
    item = re.compile(
        rf"(?:(?<![\d.])\d{{1,2}}\s*[.、．]\s*)?(?P<code1>\d){_DASH}(?P<level1>{'|'.join(LEVEL1)})"
        rf"{_COMMA}(?P<code2>\d{{2}}){_DASH}(?P<level2>[^，,；;]{{2,12}}?){_COMMA}"
    )
    period = re.compile(rf"(?:{alternation(words.packed_period_words)})\s*[：:]?")
    annual = re.compile(rf"[，,]?\s*(?:{alternation(words.packed_annual_words)})\s*[：:]?")
    return item, period, annual


def _tidy(text: str) -> str:
    return _SPACE_BY_PUNCT.sub("", text).strip()


def parse_packed(text: str) -> tuple[list[PackedIndicator], list[str]]:
    """The items of a packed cell, and the pieces of text that are not items (to report)."""
    item, period_word, annual_word = _patterns()
    text = text.replace("\n", "")
    starts = list(item.finditer(text))
    leftovers = []
    if not starts:
        return [], [text] if text.strip() else []
    if text[: starts[0].start()].strip():
        leftovers.append(text[: starts[0].start()].strip())
    items = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        body = text[m.end() : end]
        periods = list(period_word.finditer(body))
        if not periods:
            leftovers.append(text[m.start() : end].strip())
            continue
        last = periods[-1]
        name = body[: last.start()].strip().rstrip("；;").strip()
        rest = body[last.end() :]
        annual = annual_word.search(rest)
        if annual is None:
            period, value = rest, ""
        else:
            period, value = rest[: annual.start()], rest[annual.end() :]
        items.append(
            PackedIndicator(
                level1=m.group("level1"),
                level2=_tidy(m.group("level2")),
                name=_tidy(name),
                value=_tidy(_TRAILING.sub("", value)),
                period_value=_tidy(_TRAILING.sub("", period)),
                text=text[m.start() : end].strip(),
            )
        )
    return items, leftovers


def packed_indicators(text: str, where: Location) -> tuple[list[Indicator], list[str]]:
    """A packed cell's indicators (each located at the cell), and its unsplittable text."""
    items, leftovers = parse_packed(text)
    fields = MappingProxyType({"name": where, "value": where})
    indicators = [
        Indicator(level1=i.level1, level2=i.level2, name=i.name, value_text=i.value,
                  location=where, fields=fields)
        for i in items
    ]  # fmt: skip
    return indicators, leftovers


# --- several indicators in one row's cells -----------------------------------------------------
_PACK_SEP = re.compile(r"\s*[；;]\s*")
_LIST_SEP = re.compile(r"\s*、\s*")
_ITEM_NUMBER = re.compile(r"^\d{1,2}\s*[:：.．、]\s*")


def split_packed(ind: Indicator) -> list[Indicator]:
    """Indicators a row's cells pack together: `物业管理面积；服务人次` with
    `17839平方米；每天3000人次` are two rows. Split only where names and values pair off one
    to one; a list with 、 only where every value is a number (`≥45、≥1000`)."""
    for separator, numbers_only in ((_PACK_SEP, False), (_LIST_SEP, True)):
        names = [n for n in separator.split(ind.name) if n]
        values = [v for v in separator.split(ind.value_text) if v]
        if len(names) < 2 or len(names) != len(values):
            continue
        if numbers_only and not all(parse_value(v).kind in ("quantity", "range") for v in values):
            continue
        return [
            replace(ind, name=_ITEM_NUMBER.sub("", name), value_text=_ITEM_NUMBER.sub("", value))
            for name, value in zip(names, values, strict=True)
        ]
    return [ind]
