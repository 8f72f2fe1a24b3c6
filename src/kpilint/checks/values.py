"""Indicator values that contradict their own name: units and directions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from kpilint.checks.contract import PATTERN, UNITS_BY_WORD, Check, Problem
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
    for word in sorted(expected, key=len, reverse=True):  # 人次 before 人数
        if word in text:
            allowed = expected[word]
            if v.unit not in allowed:
                yield Problem({"word": word, "unit": v.unit, "expected": "、".join(allowed)})
            return


def direction(
    ind: Indicator, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    """≤ on what should be high (satisfaction, pass rates, service life); ≥ on what should be low."""
    v = ind.value
    if v.op is None or v.kind not in ("quantity", "range", "deadline"):
        return
    text = ind.level2 + ind.name + ind.description
    higher = re.compile(str(params.get("higher_is_better", "$^")))
    lower = re.compile(str(params.get("lower_is_better", "$^")))
    if v.op in ("<=", "<") and v.kind != "deadline" and (m := higher.search(text)):
        got = "≤" if v.op == "<=" else "<"
        yield Problem({"word": m.group(), "expected": "≥", "got": got, "better": "高",
                       "better_en": "higher-is-better"})  # fmt: skip
    elif v.op in (">=", ">") and (m := lower.search(ind.name + ind.description)):
        got = "≥" if v.op == ">=" else ">"
        yield Problem({"word": m.group(), "expected": "≤", "got": got, "better": "低",
                       "better_en": "lower-is-better"})  # fmt: skip


FUNCTIONS = {
    "unit_conflict": Check(unit_conflict, {"words": UNITS_BY_WORD}),
    "direction": Check(direction, {"higher_is_better": PATTERN, "lower_is_better": PATTERN}),
}
