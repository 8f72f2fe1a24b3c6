"""Budget figures against the words around them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from kpilint.checks.contract import Check, Problem
from kpilint.checks.cost import budget_unit_slip
from kpilint.framework.templates import money_units, vocabulary
from kpilint.model import Document, Project

Problems = Iterator[Problem]


@cache
def _amount() -> re.Pattern[str]:
    """An amount of money quoted in prose, in any unit the templates define."""
    return re.compile(rf"(\d+(?:,\d{{3}})*(?:\.\d+)?)\s*({vocabulary().money_unit_alternation()})")


_TOLERANCE = 0.005


def purpose_amount(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    """`资金用途 … 经费 5 万元` on a 10.00 万元 project: fine if any figure or their sum is the budget."""
    total = project.budget.total
    if total is None or not project.purpose:
        return
    factor = doc.money_factor
    amounts = [
        (m.group(), float(m.group(1).replace(",", "")) * money_units()[m.group(2)] / factor)
        for m in _amount().finditer(project.purpose)
    ]
    if not amounts:
        return
    known = [x for x in (total, project.budget.fiscal, project.budget.other) if x is not None]
    if any(abs(a - k) <= _TOLERANCE for _, a in amounts for k in known):
        return
    if abs(sum(a for _, a in amounts) - total) <= _TOLERANCE:
        return
    yield Problem({"amount": amounts[0][0]})


def amount_unit_slip(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    """The year's amount written in 元 under a 万元 label (`本年度项目金额（万元）：300,000.00`
    beside a cost target of `≤30万`)."""
    if (evidence := budget_unit_slip(project, doc)) is None:
        return
    total, unit = project.budget.total or 0.0, doc.money_unit
    said = {
        "amount": f"{total:,.2f} {unit}", "as_yuan": f"{total / 1e4:g} 万元",
        "figure": evidence[0], "figure_wan": f"{evidence[1] / 1e4:g} 万元",
    }  # fmt: skip
    yield Problem(said, target="budget")


FUNCTIONS = {
    "purpose_amount": Check(purpose_amount),
    "amount_unit_slip": Check(amount_unit_slip),
}
