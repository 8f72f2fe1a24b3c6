"""Cost (成本指标): present, in money, capped at the budget, pointing the right way."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from kpilint.checks.contract import TEXT, Check, Problem
from kpilint.framework import category, current_level1
from kpilint.framework.concepts import money_is_output
from kpilint.framework.templates import category_name, money_units, vocabulary
from kpilint.model import Document, Indicator, Project

Problems = Iterator[Problem]
_TOLERANCE_YUAN = 50.0  # half of 0.01 万元: tables print budgets to two decimals of 万元
#: words in a description that say a cost is per period, and how many periods make a year
PERIODS = (
    ("每季度", 4),
    ("每个季度", 4),
    ("季度", 4),
    ("每月", 12),
    ("每个月", 12),
    ("月均", 12),
    ("每半年", 2),
    ("半年", 2),
)


_EACH = re.compile(r"每(?:[个人户件台次车月年天日]|[一-龥]{1,2}(?:每|/))")
_PER_ITEM = re.compile(r"单个|单位成本|单价|每人|每件|每次|每户|每台|人均|户均|次均|单次|单项|标准$|标准[（(]")


def money_yuan(ind: Indicator, doc: Document) -> tuple[float | None, bool]:
    """A total cost cap in 元, and whether it was a bare number read in the table's money unit.
    None for what is not a total: rates, and costs per unit (元/件, 单个补助金额)."""
    v = ind.value
    if v.number is None or not v.is_numeric:
        return None, False
    per_item = any(_PER_ITEM.search(t) for t in (ind.name, ind.description)) or _EACH.search(
        ind.name
    )
    if v.dimension == "currency":
        per_unit = "/" in v.unit or "·" in v.unit or per_item
        return (None, False) if per_unit else (v.number, False)
    if v.dimension == "dimensionless" and not per_item:
        if v.multiplier:  # `78万`: the 万 is the money unit, folded once already
            return v.number, False
        return v.number * doc.money_factor, True
    return None, False


def _without_parts_of_a_total(caps: list) -> list:
    """A table that gives a total cost and its parts: the total is the cap (not total + parts)."""
    if len(caps) < 3:
        return caps
    for k, entry in enumerate(caps):
        rest = sum(c[1] * c[4] for j, c in enumerate(caps) if j != k)
        if abs(entry[1] * entry[4] - rest) <= _TOLERANCE_YUAN:
            return [entry]
    return caps


def period_of(ind: Indicator) -> tuple[str, int]:
    text = ind.name + ind.description
    for word, times in PERIODS:
        if word in text:
            return word, times
    return "", 1


@cache
def _stated_amount() -> re.Pattern[str]:
    """An amount quoted with its unit in prose (测算依据, 资金用途), in any unit the templates define."""
    return re.compile(rf"(\d+(?:,\d{{3}})*(?:\.\d+)?)\s*({vocabulary().money_unit_alternation()})")

#: read in the table's unit the amount is this many times the figures, read in 元 it is near them
_SLIP_FACTOR, _NEAR = 1000.0, 3.0


def budget_unit_slip(project: Project, doc: Document) -> tuple[str, float] | None:
    """Evidence that the year's amount, labelled in the table's money unit (万元), was
    written in 元: read as labelled it is a thousand times or more every money figure the
    project states with its own unit (cost targets `≤30万`, amounts in 测算依据 / 资金用途,
    or their sum), read in 元 it is within a factor of three of one of them. Returns the
    figure that shows it (its text and its value in 元), or None."""
    total = project.budget.total
    factor = doc.money_factor
    if not total or total <= 0 or factor <= 1:
        return None
    figures: list[tuple[str, float]] = []
    for ind in project.filled_rows:
        if ind.is_cost:
            cap, bare = money_yuan(ind, doc)
            if cap and not bare:
                figures.append((ind.value_text, cap * period_of(ind)[1]))
    for text in (project.header.calculation_basis, project.purpose):
        stated = [(m.group(), float(m.group(1).replace(",", "")) * money_units()[m.group(2)])
                  for m in _stated_amount().finditer(text)]  # fmt: skip
        figures += stated
        if len(stated) > 1:
            figures.append(("、".join(t for t, _ in stated), sum(y for _, y in stated)))
    if not figures or any(total * factor < _SLIP_FACTOR * y for _, y in figures):
        return None  # some figure is of the amount's own magnitude: no contradiction
    near = [(t, y) for t, y in figures if y / _NEAR <= total <= y * _NEAR]
    return near[0] if near else None


def _fits_in_yuan(caps: list, total: float, factor: float) -> bool:
    """Whether the caps fit the budget once their bare numbers are read in 元 and are then of
    the budget's own magnitude (`≤699050` on a 69.91 万元 project): the table's money unit
    was only assumed for them, so 'above the budget' would be a verdict on a guess; the
    missing unit is what is wrong (KPI016 says so)."""
    if factor <= 1 or not any(bare for _, _, bare, _, _ in caps):
        return False
    in_yuan = [(cap / factor if bare else cap) * times for _, cap, bare, _, times in caps]
    return total / _NEAR <= sum(in_yuan) <= total + _TOLERANCE_YUAN


def cost_cap(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    """The cost caps of a project, scaled to a year, against its budget: one cap must equal
    the budget; several are fine when one of them, or their sum, does. Quiet when the
    budget itself was written in 元 under a 万元 label (KPI206 says so): the caps are then
    compared with a figure ten thousand times too large."""
    total = ctx["budget"]["total_yuan"]
    if total is None or budget_unit_slip(project, doc):
        return
    caps = []
    for ind in project.indicators:
        if not ind.is_money_cost:
            continue
        cap, bare = money_yuan(ind, doc)
        if cap is not None:
            word, times = period_of(ind)
            caps.append((ind, cap, bare, word, times))
    if not caps:
        return
    caps = _without_parts_of_a_total(caps)
    yearly = [cap * times for _, cap, _, _, times in caps]
    if (
        any(abs(y - total) <= _TOLERANCE_YUAN for y in yearly)
        or abs(sum(yearly) - total) <= _TOLERANCE_YUAN
    ):
        return
    # above: no cap, nor their sum, can be met within the budget; below: the caps cover
    # only part of it (a component's cost: a hint, not a defect)
    side = "above" if sum(yearly) > total else "below"
    if side == "above" and _fits_in_yuan(caps, total, doc.money_factor):
        return  # the excess rests on the unit assumed for a bare number, not on the table
    if params.get("side", side) != side:
        return
    factor, unit = doc.money_factor, doc.money_unit
    ind, cap, bare, word, times = caps[0]
    if len(caps) > 1:
        shown = f"{len(caps)} 项成本合计 {sum(yearly) / factor:g} {unit}"
        scaled, note = "", ""
    else:
        shown = f"{cap / factor:g} {unit}"
        scaled = f"（{word}×{times} = {yearly[0] / factor:g} {unit}）" if times > 1 else ""
        note = f"（无单位，按本表金额单位“{unit}”理解）" if bare else ""
    said = {"cap": shown, "scaled": scaled, "note": note, "budget": f"{total / factor:g} {unit}"}
    yield Problem(said, indicator=ind)


_MONEY_WORDS = re.compile(r"资金|支付|经费|预算|金额|费用")


def money_outside_cost(
    ind: Indicator, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    if ind.is_cost or not ind.value.is_numeric:
        return
    if current_level1(ind.level1) == "效益指标":
        return  # income, investment, output value: money is what a benefit may be
    if category(ind.level2) == "数量指标" and money_is_output(ind.name):
        return  # the value of works reviewed, of subsidies paid out: a workload in money
    v = ind.value
    if v.dimension == "currency":
        yield Problem({"detail": f"指标值 {ind.value_text} 是金额"})
        return
    total = ctx["budget"]["total"]
    if v.dimension != "dimensionless" or total is None or v.number is None:
        return
    plausible = category_name(ind.level2) in ("时效指标", "质量指标") or _MONEY_WORDS.search(
        ind.name + ind.description
    )
    if plausible and abs(v.number - total) <= 0.005:
        yield Problem({"detail": f"指标值 {ind.value_text} 恰好等于预算数 {total:g} {doc.money_unit}"})


def cost_missing(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    rows = project.filled_rows
    if rows and not any(i.is_cost for i in rows):
        yield Problem(target="indicators")


FUNCTIONS = {
    "cost_cap": Check(cost_cap, {"side": TEXT}),
    "money_outside_cost": Check(money_outside_cost, reads=("budget.total", "doc.money_unit")),
    "cost_missing": Check(cost_missing),
}
