"""Completeness: the output categories a table must have."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kpilint.checks.contract import TEXTS, Check, Problem
from kpilint.framework.templates import category_name
from kpilint.model import Document, Project

Problems = Iterator[Problem]


def output_categories(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    rows = project.filled_rows
    if not rows:
        return
    present = {category_name(i.level2) for i in rows if category_name(i.level1) == "产出指标"}
    missing = [
        c for c in params.get("required", ("数量指标", "质量指标", "时效指标")) if c not in present
    ]
    if missing:
        yield Problem({"missing": "、".join(missing)}, target="indicators")


FUNCTIONS = {"output_categories": Check(output_categories, {"required": TEXTS})}
