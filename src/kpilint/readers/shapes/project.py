"""A Project from the fields a shape found: amounts read as numbers, goals split, notes.

Every table shape ends here, so a project means the same whatever its layout: the budget
is this year's (`实施期` figures only when the table gives no other), 财政专户 money
counts with 其他资金, figures quoted in 资金用途 stand in for missing amount cells.
"""

from __future__ import annotations

import re
from functools import cache
from types import MappingProxyType

from kpilint.framework.templates import alternation, vocabulary
from kpilint.model import Budget, Diagnostic, Indicator, Location, Project, ProjectHeader, SpendPlan
from kpilint.readers.grid import GridRow, amount, clean_cell, money_factor, squash
from kpilint.readers.vocabulary import split_goals

#: what a shape found: field → (text, where)
Found = dict[str, tuple[str, Location]]
#: the label keys (templates.yaml project_labels) that fill the header fields (model.ProjectHeader)
HEADER_KEYS = {"department": "supervising_department", "period_goals": "long_term_goals",
               **{f: f for f in ProjectHeader.FIELDS
                  if f not in ("supervising_department", "long_term_goals")}}  # fmt: skip


@cache
def _prose_patterns() -> dict[str, re.Pattern[str]]:
    words = vocabulary()
    money = rf"([\d,]+(?:\.\d+)?)\s*({words.money_unit_alternation()})?"
    return {
        key: re.compile(rf"(?:{alternation(words.prose_budget[key])})[:：]?\s*{money}")
        for key in ("total", "fiscal", "other")
    }


def prose_budget(text: str, factor: float = 1e4) -> dict[str, float]:
    """Figures quoted in prose (`预算数1044.94万元。其中：财政资金…`) in the money unit."""
    found: dict[str, float] = {}
    for key, pattern in _prose_patterns().items():
        if m := pattern.search(text):
            number = float(m.group(1).replace(",", ""))
            found[key] = number * money_factor(m.group(2)) / factor
    all_fiscal = vocabulary().prose_budget.get("all_fiscal", ())
    if "total" in found and "fiscal" not in found and any(w in squash(text) for w in all_fiscal):
        found["fiscal"] = found["total"]
    return found


@cache
def _one_year_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in vocabulary().one_year_periods)


def _one_year(period: str) -> bool:
    """Whether 实施期限 as written is one year at most (`1`, `1年`, `2026年1月-12月`), so that the
    实施期 amount is this year's budget (templates.yaml `one_year_periods`)."""
    text = squash(period)
    return any(p.fullmatch(text) for p in _one_year_patterns())


def build_project(found: Found, plan: SpendPlan | None, goals: tuple[str, ...],
                  indicators: list[Indicator], rows: list[GridRow], path: str,
                  provenance: dict[str, str] | None = None) -> Project:  # fmt: skip
    """`provenance`: the fields the shape did not read from their own cells (model.PROVENANCE)."""
    how = dict(provenance or {})
    text = {k: v[0] for k, v in found.items()}
    budget = {
        k: amount(text[k]) if text.get(k) else None
        for k in ("total", "fiscal", "other", "carryover", "period_total")
    }
    if text.get("fiscal_account") and (account := amount(text["fiscal_account"])):
        budget["other"] = (budget["other"] or 0.0) + account  # 财政专户拨款: not 财政拨款
    if budget["total"] is None and budget["period_total"] is not None:
        budget["total"] = budget["period_total"]  # a one-year table names only 实施期
        if not _one_year(text.get("period", "")):
            how["budget"] = "period"  # the whole period's money may be more than this year's
    if not goals and text.get("period_goals"):
        goals = split_goals(text["period_goals"])  # only 实施期 goals given
    purpose = text.get("purpose", "")
    if budget["total"] is None and purpose and (quoted := prose_budget(purpose)):
        budget.update(quoted)
        how["budget"] = "inferred"  # figures quoted in 资金用途, not amount cells
    start = next((c.location for row in rows for c in row if clean_cell(c.text)), Location(path))
    fields = {k: v[1] for k, v in found.items()}
    header = ProjectHeader(**{f: text[k] for k, f in HEADER_KEYS.items() if text.get(k)})
    fields |= {f: fields[k] for k, f in HEADER_KEYS.items() if k in fields}
    if "total" in fields or "period_total" in fields:
        fields["budget"] = fields.get("total") or fields["period_total"]
    notes = []
    if any(i.category_inferred for i in indicators):
        notes.append("no-category-columns")
        if any(not i.level1 for i in indicators):
            notes.append("category-unknown")
    return Project(
        code=squash(text.get("code", "")) or None, name=text.get("name") or None,
        budget=Budget(**budget), purpose=purpose, spend_plan=plan, goals=goals,
        indicators=tuple(indicators), header=header, location=start,
        fields=MappingProxyType(
            fields | ({"spend_plan": plan.location} if plan and plan.location else {})
        ),
        reading_notes=tuple(notes), provenance=MappingProxyType(how),
    )  # fmt: skip


def unplaced(message: str, where: Location) -> Diagnostic:
    """A row a shape could not place: never dropped in silence."""
    return Diagnostic("unplaced-row", message, where)
