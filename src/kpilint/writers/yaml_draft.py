"""Write a Document as a YAML draft that reads back to an equal Document."""

from __future__ import annotations

from typing import Any

import yaml

from kpilint.model import Document, Indicator, Project

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _DraftDumper(yaml.SafeDumper):
    """Multi-line texts as literal blocks (|), so a draft stays readable in review."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_DraftDumper.add_representer(str, _str)

HEADER = "# kpilint 绩效目标表草稿 (draft) — format: docs/format.md\n"


def _indicator(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "description": ind.description,
        "value": ind.value_text,
        "basis": ind.basis,
    }
    for key in ("unit", "comparator", "weight"):
        if getattr(ind, key) is not None:
            out[key] = getattr(ind, key)
    return out


def _project(p: Project) -> dict[str, Any]:
    out: dict[str, Any] = {"code": p.code, "name": p.name}
    out["budget"] = {"total": p.budget.total, "fiscal": p.budget.fiscal, "other": p.budget.other}
    for key in ("carryover", "period_total"):
        if getattr(p.budget, key) is not None:
            out["budget"][key] = getattr(p.budget, key)
    out["purpose"] = p.purpose
    if p.spend_plan is not None:
        out["spend_plan"] = {c.label: c.text for c in p.spend_plan.checkpoints}
        if not p.spend_plan.declared_percent:
            out["spend_plan_percent"] = False
    out["goals"] = list(p.goals)
    out.update(p.header.items())
    out["indicators"] = [_indicator(i) for i in p.indicators]
    return out


def draft_data(doc: Document) -> dict[str, Any]:
    return {
        "department": {
            "code": doc.unit_code,
            "name": doc.unit_name,
            "year": doc.year,
            "money_unit": doc.money_unit,
            "goals": doc.overall_goals,
        },
        "projects": [_project(p) for p in doc.projects],
    }


def write_draft(doc: Document) -> str:
    body = yaml.dump(
        draft_data(doc),
        Dumper=_DraftDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return HEADER + body
