"""The spend plan (资金支出计划): rises, reaches 100%, is written in %, keeps pace with time."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from kpilint.checks.contract import NUMBER, Check, Problem
from kpilint.model import Checkpoint, Document, Project, SpendPlan

Problems = Iterator[Problem]
_TOLERANCE = 0.005


def numbers(project: Project) -> tuple[tuple[Checkpoint, float], ...]:
    """The filled checkpoints and their figures (amounts in 元 read as 万元). The spend-plan
    rules ask for one project's figures half a dozen times in a row: the last plan's are
    kept (the plan itself, immutable, is the key, so no other plan can be taken for it)."""
    global _last
    plan = project.spend_plan
    if plan is None:
        return ()
    last_plan, figures = _last
    if last_plan is not plan:
        figures = _numbers(plan)
        _last = (plan, figures)
    return figures


_last: tuple[SpendPlan | None, tuple[tuple[Checkpoint, float], ...]] = (None, ())


def _numbers(plan: SpendPlan) -> tuple[tuple[Checkpoint, float], ...]:
    out = []
    for c in plan.checkpoints:
        v = c.value
        if (
            c.text.strip()
            and v.number is not None
            and v.dimension in ("percent", "dimensionless", "currency")
        ):
            number = v.number / 1e4 if v.dimension == "currency" else v.number
            out.append((c, number))
    return tuple(out)


def as_amounts(project: Project) -> bool:
    """Are the figures amounts of money rather than shares? (last one equals the budget, not 100)."""
    plan = project.spend_plan
    points = numbers(project)
    if not points or plan is None:
        return False
    if any(c.value.dimension == "percent" for c, _ in points):
        return False
    total = project.budget.total
    last = points[-1][1]
    if total is not None and abs(last - total) <= _TOLERANCE and abs(total - 100) > _TOLERANCE:
        return True
    return not plan.declared_percent and total is not None and last <= total + _TOLERANCE


def decreasing(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    points = numbers(project)
    for (prev, a), (cur, b) in itertools.pairwise(points):
        if b < a - _TOLERANCE:
            said = {"label": cur.label, "now": cur.text, "before": prev.text, "previous_label": prev.label}
            yield Problem(said, location=cur.location)


def not_100(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    points = numbers(project)
    if not points or as_amounts(project):
        return
    last, number = points[-1]
    if abs(number - 100) > _TOLERANCE:
        yield Problem({"label": last.label, "last": last.text}, location=last.location)


def amounts(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    if not as_amounts(project) or not project.budget.total:
        return
    total = project.budget.total
    shares = "  ".join(f"{c.label} {n / total * 100:.0f}%" for c, n in numbers(project))
    first = project.spend_plan.checkpoints[0] if project.spend_plan else None
    yield Problem({"shares": shares, "total": total}, location=first.location if first else None)


def incomplete(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    plan = project.spend_plan
    if plan is None:
        return
    blank = [c for c in plan.checkpoints if not c.text.strip()]
    if blank:
        yield Problem({"blanks": "、".join(c.label for c in blank)}, location=blank[0].location)


def behind_time(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    if as_amounts(project):
        return
    ratio = float(params.get("ratio", 0.6))
    for c, number in numbers(project):
        if c.month is None:
            continue
        elapsed = c.month / 12 * 100
        if number < ratio * elapsed - _TOLERANCE:
            said = {"label": c.label, "share": c.text, "elapsed": f"{elapsed:.0f}%",
                    "threshold": f"{ratio * elapsed:.0f}%"}  # fmt: skip
            yield Problem(said, location=c.location)


FUNCTIONS = {
    "plan_decreasing": Check(decreasing),
    "plan_not_100": Check(not_100),
    "plan_as_amounts": Check(amounts),
    "plan_incomplete": Check(incomplete),
    "plan_behind_time": Check(behind_time, {"ratio": NUMBER}),
}
