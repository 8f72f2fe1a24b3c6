"""Indicators packed into one cell (Guangzhou's wide table: a row per project).

    1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，年度指标值：≦核定人数；
    2、1－产出指标，12－质量指标，环境应急事件响应率；实施周期指标值：100%，年度指标值：100%;…

Each item is `<n>、<一级 code>－<一级>，<二级 code>－<二级>，<三级>；实施周期指标值：<v>，年度指标值：<v>`.
Items are found by their category header, never by their numbers (which restart and
skip); the name runs to the last 实施周期指标值 (names may hold `；`), and the year's value
(年度指标值, the one a table's 指标值 means) runs to the next item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpilint.framework import LEVEL1

_DASH = r"\s*[－\-—–]\s*"
_COMMA = r"\s*[，,]\s*"
_ITEM = re.compile(
    rf"(?:(?<![\d.])\d{{1,2}}\s*[.、．]\s*)?(?P<code1>\d){_DASH}(?P<level1>{'|'.join(LEVEL1)})"
    rf"{_COMMA}(?P<code2>\d{{2}}){_DASH}(?P<level2>[^，,；;]{{2,12}}?){_COMMA}"
)
_PERIOD = re.compile(r"实施周期指标值\s*[：:]?")
_ANNUAL = re.compile(r"[，,]?\s*年度指标值\s*[：:]?")
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


def is_packed(text: str) -> bool:
    """Does a cell hold indicators in the packed form?"""
    return bool(_ITEM.search(text)) and "指标值" in text


def _tidy(text: str) -> str:
    return _SPACE_BY_PUNCT.sub("", text).strip()


def parse_packed(text: str) -> tuple[list[PackedIndicator], list[str]]:
    """The items of a packed cell, and the pieces of text that are not items (to report)."""
    text = text.replace("\n", "")
    starts = list(_ITEM.finditer(text))
    leftovers = []
    if not starts:
        return [], [text] if text.strip() else []
    if text[: starts[0].start()].strip():
        leftovers.append(text[: starts[0].start()].strip())
    items = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        body = text[m.end() : end]
        periods = list(_PERIOD.finditer(body))
        if not periods:
            leftovers.append(text[m.start() : end].strip())
            continue
        last = periods[-1]
        name = body[: last.start()].strip().rstrip("；;").strip()
        rest = body[last.end() :]
        annual = _ANNUAL.search(rest)
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
