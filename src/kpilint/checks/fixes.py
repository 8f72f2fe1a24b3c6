"""Fix functions that rules name with `fix: {function: NAME, safe: true}`.

A fix function returns the edits that repair one finding: which text, at which
location, becomes what. It never writes; `kpilint.core.fix` applies edits to drafts
and workbooks. A fix is **safe** when it cannot change what the table means (a
missing percent sign on a satisfaction target), **unsafe** when it is a judgement
(raising the last spend-plan checkpoint to 100%).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpilint.checks.contract import FixFunction
from kpilint.checks.cost import money_yuan
from kpilint.checks.plan import numbers
from kpilint.findings import Edit
from kpilint.model import Document, Indicator, Project
from kpilint.values.normalise import standard_form

_FLIP = str.maketrans("≤≥<>", "≥≤><")


def _value_edit(ind: Indicator, new: str) -> list[Edit]:
    loc = ind.where("value")
    return [Edit(loc, ind.value_text, new)] if loc is not None and new != ind.value_text else []


def append_percent(ind: Indicator, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """`≥90` → `≥90%` on a satisfaction target: a bare number there can only be a percentage."""
    v = ind.value
    if v.dimension != "dimensionless" or not v.is_numeric or ind.unit:
        return []
    return _value_edit(ind, ind.value_text.rstrip() + "%")


def append_money_unit(ind: Indicator, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """`≤0.91` → `≤0.91万元` on a cost cap: the table's header declares its money unit."""
    v = ind.value
    if not ind.is_money_cost or v.dimension != "dimensionless" or v.kind != "quantity" or ind.unit:
        return []
    return _value_edit(ind, ind.value_text.rstrip() + doc.money_unit)


def normalise_value(ind: Indicator, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """`＞＝９０％` → `≥90%`: full-width forms and `>=` written the standard way."""
    return _value_edit(ind, standard_form(ind.value_text))


def flip_direction(ind: Indicator, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """`≤10 年` → `≥10 年` where the direction is suspicious (a judgement: unsafe)."""
    swapped = ind.value_text.translate(_FLIP)
    return _value_edit(ind, swapped)


def plan_to_percent(project: Project, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """Spend-plan amounts as cumulative shares of the budget: `0.50 … 2.00` of 2.00 → `25% … 100%`."""
    total = project.budget.total
    if not total:
        return []
    edits = []
    for checkpoint, number in numbers(project):
        share = round(number / total * 100, 2)
        new = f"{share:g}%"
        if checkpoint.location is not None and new != checkpoint.text:
            edits.append(Edit(checkpoint.location, checkpoint.text, new, "checkpoint"))
    return edits


def plan_last_to_100(project: Project, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """The last checkpoint raised to 100% (a judgement about when money is spent: unsafe)."""
    points = numbers(project)
    if not points:
        return []
    last = points[-1][0]
    return [Edit(last.location, last.text, "100%", "checkpoint")] if last.location else []


def cap_to_budget(project: Project, params: Mapping[str, Any], doc: Document) -> list[Edit]:
    """A single cost cap set to the budget (unsafe: the cap may have been right and the budget wrong)."""
    caps = [i for i in project.indicators if i.is_money_cost and money_yuan(i, doc)[0] is not None]
    if len(caps) != 1 or project.budget.total is None:
        return []
    return _value_edit(caps[0], f"≤{project.budget.total:g}{doc.money_unit}")


FIXES: dict[str, FixFunction[Any]] = {
    "append_percent": append_percent,
    "append_money_unit": append_money_unit,
    "normalise_value": normalise_value,
    "flip_direction": flip_direction,
    "plan_to_percent": plan_to_percent,
    "plan_last_to_100": plan_last_to_100,
    "cap_to_budget": cap_to_budget,
}
