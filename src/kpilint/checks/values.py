"""Indicator values that contradict their own name: units and directions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from kpilint.checks.contract import TEXTS, UNITS_BY_WORD, Check, Problem
from kpilint.framework.concepts import counts_visits, is_counter
from kpilint.framework.concepts import direction as direction_of
from kpilint.model import Document, Indicator

Problems = Iterator[Problem]


def unit_conflict(
    ind: Indicator, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    """`组织参观人次 ≥1500 人`: the name counts 人次, the value counts 人."""
    v = ind.value
    if not v.is_numeric or not v.unit or v.dimension in ("percent", "currency"):
        return
    text = ind.name or ind.description
    expected: Mapping[str, list[str]] = params.get("words", {})
    word = _head_word(text, expected)
    if word is None:
        return
    allowed = list(expected[word])
    if counts_visits(text) and {"人", "人次"} & set(allowed):
        allowed += [u for u in ("人", "人次") if u not in allowed]  # a visit is counted either way
    if not _agrees(v.unit, allowed):
        yield Problem({"word": word, "unit": v.unit, "expected": "、".join(expected[word])})


def _head_word(text: str, words: Mapping[str, list[str]]) -> str | None:
    """The counting word that heads a name: the one that ends latest, the longer on a tie
    (每人次服务天数 counts 天数, not 人次)."""
    best: tuple[int, int, str] | None = None
    for word in words:
        end = text.rfind(word)
        if end >= 0 and (best is None or (end + len(word), len(word)) > best[:2]):
            best = (end + len(word), len(word), word)
    return best[2] if best else None


_UNIT_PARTS = re.compile(r"[/／()（）·.]")


def _agrees(unit: str, allowed: list[str]) -> bool:
    """Does a value's unit count what the name counts? `次/天` counts 次; `天(人次)` holds
    人次; and the framework's counters (次, 起, 件, 个…) all count things or events."""
    parts = [p for p in _UNIT_PARTS.split(unit) if p]
    if unit in allowed or any(p in allowed for p in parts):
        return True
    if parts[:1] == ["个"]:
        return True  # the generic counter: 1000个 岗位 under 岗位人数 counts the same thing
    return any(is_counter(a) for a in allowed) and any(is_counter(p) for p in parts[:1])


def direction(
    ind: Indicator, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    """≤ on what should be high (satisfaction, pass rates, service life); ≥ on what should be
    low. What a row measures is the head of its name (`投诉办结率` measures 办结率), from the
    framework's vocabulary; the description speaks only when the name says nothing."""
    v = ind.value
    if v.op is None or v.kind not in ("quantity", "range", "deadline"):
        return
    more = (tuple(params.get("higher_is_better", ())), tuple(params.get("lower_is_better", ())))
    found = direction_of(ind.name, *more) or direction_of(ind.description, *more)
    if found is None:
        return
    better, word = found
    if better == "higher" and v.op in ("<=", "<") and v.kind != "deadline":
        got = "≤" if v.op == "<=" else "<"
        yield Problem({"word": word, "expected": "≥", "got": got, "better": "高",
                       "better_en": "higher-is-better"})  # fmt: skip
    elif better == "lower" and v.op in (">=", ">"):
        got = "≥" if v.op == ">=" else ">"
        yield Problem({"word": word, "expected": "≤", "got": got, "better": "低",
                       "better_en": "lower-is-better"})  # fmt: skip


FUNCTIONS = {
    "unit_conflict": Check(unit_conflict, {"words": UNITS_BY_WORD}, reads=()),
    "direction": Check(direction, {"higher_is_better": TEXTS, "lower_is_better": TEXTS}, reads=()),
}
