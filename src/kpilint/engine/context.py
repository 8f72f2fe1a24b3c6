"""The plain context a rule's selector and expression see.

Rules read fields of dicts built here, never Python objects, so a rule file
cannot reach anything the engine did not put in front of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from kpilint.framework import FRAMEWORK, LEVEL2
from kpilint.framework.concepts import concept, measures_satisfaction, not_applicable
from kpilint.framework.templates import category_name
from kpilint.model import Document, Indicator, Project, ProjectHeader, reading_notes_text
from kpilint.values import Value

#: templates whose tables always have a 指标值确定依据 column
DRAFT_TEMPLATES = ("yaml-draft", "hebei-text")


def value_dict(v: Value) -> dict[str, Any]:
    return {
        "kind": v.kind,
        "op": v.op,
        "magnitude": v.magnitude,
        "number": v.number,
        "unit": v.unit,
        "dimension": v.dimension,
        "low": v.low,
        "high": v.high,
        "date": v.date,
        "grade": v.grade,
        "direction": v.direction,
        "approximate": v.approximate,
        "error": v.error,
        "multiplier": v.multiplier,
        "label": v.label,
        "note": v.note,
        "parts": len(v.parts) if v.parts else 0,
        "per": v.per,
        # a periodicity (每季度一次, 1次/月, 每月10日前): a count or a deadline per period of time
        "periodic": v.is_periodic,
        # a period's first year (服务期 2025年7月至2026年6月), and a deadline in the next year
        "start_year": int(v.start[:4]) if v.start and not v.start.startswith("--") else None,
        "year_offset": v.year_offset,
        # what the parts measure, sorted and joined: "currency,percent" is a share with a cap
        "part_dimensions": ",".join(sorted({p.dimension or "" for p in v.parts})) if v.parts else "",
        "year": int(v.date[:4]) if v.date and not v.date.startswith("--") else None,
    }


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def weights_of(rows: tuple[Indicator, ...]) -> dict[str, Any]:
    """The weights of a project's filled rows: how many rows carry one, how many do not
    (only where some do), their sum, and how many weights hold no number."""
    weighted = [i.weight for i in rows if i.weight and i.weight.strip()]
    numbers = [float(m.group()) for w in weighted if (m := _NUMBER.search(w))]
    return {
        "count": len(weighted),
        "blank": len(rows) - len(weighted) if weighted else 0,
        "unreadable": len(weighted) - len(numbers),
        "sum": round(sum(numbers), 6) if weighted else None,
    }


def document_context(doc: Document) -> dict[str, Any]:
    return {
        "year": doc.year,
        "money_unit": doc.money_unit,
        "money_factor": doc.money_factor,
        "unit_code": doc.unit_code,
        "unit_name": doc.unit_name,
        "projects": len(doc.projects),
        "template": doc.template,
    }


def project_context(p: Project, doc_ctx: dict[str, Any]) -> dict[str, Any]:
    b = p.budget
    factor = doc_ctx["money_factor"]
    plan = p.spend_plan
    filled = [c.value for c in plan.checkpoints if c.text.strip()] if plan else []
    numbers = [v.number for v in filled if v.number is not None]
    rows = p.filled_rows
    return {
        "code": p.code,
        "name": p.name,
        "purpose": p.purpose,
        "budget": {
            "total": b.total,
            "carryover": b.carryover,
            "period_total": b.period_total,
            "fiscal": b.fiscal,
            "other": b.other,
            "total_yuan": None if b.total is None else b.total * factor,
        },
        "goals": {"count": len(p.goals), "items": list(p.goals), "text": "\n".join(p.goals)},
        # the 分值/权重 column, where the table has one (`weights.count` 0 where it has none)
        "weights": weights_of(rows),
        # the header fields as written ("" when the table has none): 政策依据, 测算依据…
        **{f: getattr(p.header, f) for f in p.header.FIELDS},
        # the header fields the table prints a label for, written or left blank
        "header_printed": sorted(f for f in p.header.FIELDS if f in p.fields),
        # the same by the names forms give them, and 年度目标 (资金用途, 资金支出计划): what a
        # rule written with the form's words asks (`"测算依据" in 表中栏目`)
        "header_fields": [name for f, name in _HEADER_NAMES.items() if f in p.fields],
        "indicators": {"count": len(p.indicators), "filled": len(rows)},
        "level1s": sorted({category_name(i.level1) for i in rows}),
        "level2s": sorted({category_name(i.level2) for i in rows}),
        # how many filled rows each category has, every framework category named (0 if none)
        "rows": {"level1": _counts(FRAMEWORK, (i.level1 for i in rows)),
                 "level2": _counts(LEVEL2, (i.level2 for i in rows))},
        # the 一级 of the frame rows written 不适用: the table says the category does not apply
        "not_applicable_level1s": sorted(
            {category_name(i.level1) for i in p.indicators if i.not_applicable}
        ),
        # what the rows measure (framework/concepts.yaml): a satisfaction measure filed
        # under 效益 is still a satisfaction measure
        "measures": sorted({c for i in rows if (c := concept(i.name))}),
        "reading_uncertain": not p.reading_complete,
        "reading_notes": reading_notes_text(p.incomplete_reasons),
        "has_cost": any(i.is_cost for i in rows),
        "plan": {
            "present": plan is not None,
            "count": len(plan.checkpoints) if plan else 0,
            "filled": len(filled),
            "last": numbers[-1] if numbers else None,
            "declared_percent": plan.declared_percent if plan else None,
        },
        "doc": doc_ctx,
    }


#: the project fields a table may have a labelled cell for, by the names the form gives them
_HEADER_NAMES = {**ProjectHeader.FIELDS, "goals": "年度目标", "purpose": "资金用途", "spend_plan": "资金支出计划"}


#: an indicator row's fields by the names forms give their columns
_COLUMN_NAMES = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"),
                 ("description", "指标解释"), ("description", "绩效指标描述"), ("value", "指标值"),
                 ("basis", "指标值确定依据"))  # fmt: skip


def _counts(framework: Iterable[str], categories: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(framework, 0)
    for name in categories:
        key = category_name(name)
        counts[key] = counts.get(key, 0) + 1
    return counts


#: the fields a rule may name as the form names them (`政策依据`, `指标值`), by scope: each
#: stands for the context path beside it (docs/writing-rules.md)
FIELD_NAMES: dict[str, dict[str, str]] = {
    "project": {
        "项目编码": "code", "项目名称": "name", "资金用途": "purpose", "年度目标": "goals.text",
        "年度目标数": "goals.count", "表中栏目": "header_fields", "预算数": "budget.total",
        "指标数": "indicators.filled", "一级指标行数": "rows.level1", "二级指标行数": "rows.level2",
        **{name: f for f, name in ProjectHeader.FIELDS.items()},
    },
    "indicator": {
        "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name",
        "指标值": "text", "指标解释": "description", "绩效指标描述": "description",
        "指标值确定依据": "basis", "项目编码": "project.code", "项目名称": "project.name",
        "预算数": "budget.total", "表中栏目": "columns",
    },
}  # fmt: skip
FIELD_NAMES["spend_plan"] = FIELD_NAMES["project"]
FIELD_NAMES["document"] = {}


def indicator_context(ind: Indicator, project_ctx: dict[str, Any]) -> dict[str, Any]:
    return {
        # the framework's names: a template's short `时效` is the rules' `时效指标`
        "level1": category_name(ind.level1),
        "level2": category_name(ind.level2),
        "name": ind.name,
        "description": ind.description,
        "basis": ind.basis,
        "text": ind.value_text,
        # the columns the row was read from, by the names forms give them (指标解释…)
        "columns": [name for f, name in _COLUMN_NAMES if f in ind.fields],
        "has_basis_column": "basis" in ind.fields
        or project_ctx["doc"]["template"].startswith(DRAFT_TEMPLATES),
        "is_empty": ind.is_empty,
        "is_cost": ind.is_cost,
        "is_money_cost": ind.is_money_cost,
        # the row says 不适用/无 in its name or its value (a value `无` is no quantity to check)
        "not_applicable": not_applicable(ind.name) or not_applicable(ind.value_text),
        "measures_satisfaction": measures_satisfaction(ind.name)
        or measures_satisfaction(ind.value_text),
        "category_inferred": ind.category_inferred,
        "name_unit": ind.declared_unit,
        "value": value_dict(ind.value),
        **outer_context(project_ctx),
    }


def outer_context(project_ctx: Mapping[str, Any]) -> dict[str, Any]:
    """What a row's context holds of its project and document: the part the row memo
    (engine/memo.py) keys on, so a rule reading it is never answered from another project."""
    return {
        # the project's code and name, and how many of its rows are filled (a rule about one
        # blank row stays quiet where the whole table is blank: that is one finding, not many)
        "project": {"code": project_ctx["code"], "name": project_ctx["name"],
                    "indicators": project_ctx["indicators"]},
        "budget": project_ctx["budget"],
        "doc": project_ctx["doc"],
    }
