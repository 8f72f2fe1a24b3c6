"""Structure: reader problems, categories, duplicates, project codes, required fields."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from kpilint.framework import FRAMEWORK, LEGACY, category, current_level1, homes_of
from kpilint.model import Document, Indicator, Project

Problems = Iterator[dict[str, Any]]


def reader_diagnostics(
    doc: Document, ctx: Mapping[str, Any], params: Mapping[str, Any], _: Document
) -> Problems:
    for d in doc.diagnostics:
        yield {"location": d.location, "detail": d.message}


def category_unknown(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    legacy_reported = False
    for ind in project.indicators:
        raw1, raw2 = category(ind.level1), category(ind.level2)
        level1 = current_level1(raw1)
        if raw1 in LEGACY:
            if not legacy_reported:
                legacy_reported = True
                yield {
                    "indicator_obj": ind,
                    "field": "level1",
                    "detail": f"“{ind.level1}”是旧称，现行框架为“{level1}”",
                }
        elif raw1 not in FRAMEWORK:
            yield {
                "indicator_obj": ind,
                "field": "level1",
                "detail": f"一级指标“{ind.level1 or '（空）'}”不在指标框架中",
            }
            continue
        if raw2 and raw2 not in FRAMEWORK.get(level1, ()):
            home = homes_of(raw2)
            if home:
                detail = f"二级指标“{ind.level2}”应属于一级指标“{home[0]}”，不应在“{ind.level1}”下"
            else:
                detail = f"二级指标“{ind.level2}”不在指标框架中"
            yield {"indicator_obj": ind, "field": "level2", "detail": detail}


def duplicate_indicator(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    seen: dict[tuple[str, str], Indicator] = {}
    for ind in project.indicators:
        if not ind.name:
            continue
        key = (ind.level2, ind.name)
        if key in seen:
            first = seen[key].location
            yield {
                "indicator_obj": ind,
                "field": "name",
                "first_line": first.line if first else "?",
            }
        else:
            seen[key] = ind


def duplicate_project_code(
    doc: Document, ctx: Mapping[str, Any], params: Mapping[str, Any], _: Document
) -> Problems:
    seen: dict[str, Project] = {}
    for p in doc.projects:
        if not p.code:
            continue
        if p.code in seen:
            first = seen[p.code].location
            yield {"project_obj": p, "field": "code", "first_line": first.line if first else "?"}
        else:
            seen[p.code] = p


def project_code_format(
    doc: Document, ctx: Mapping[str, Any], params: Mapping[str, Any], _: Document
) -> Problems:
    pattern = re.compile(str(params.get("pattern", r"^(\d{6})(\d{2})P[0-9A-Z]{12}$")))
    parsed = []
    for p in doc.projects:
        if not p.code:
            continue
        m = pattern.match(p.code)
        if not m:
            yield {
                "project_obj": p,
                "field": "code",
                "detail": f"“{p.code}”不是“6位区划+2位年度+P+12位”的格式",
            }
            continue
        parsed.append((p, m.group(1), m.group(2)))
    regions = Counter(region for _, region, _ in parsed)
    years = Counter(year for _, _, year in parsed)
    for p, region, year in parsed:
        if len(regions) > 1 and region != regions.most_common(1)[0][0]:
            yield {
                "project_obj": p,
                "field": "code",
                "detail": f"区划 {region} 与本文件其他项目（{regions.most_common(1)[0][0]}）不一致",
            }
        if doc.year and int(year) != doc.year % 100:
            yield {
                "project_obj": p,
                "field": "code",
                "detail": f"编码中的年度 {year} 与预算年度 {doc.year} 不一致",
            }
        elif len(years) > 1 and year != years.most_common(1)[0][0]:
            yield {
                "project_obj": p,
                "field": "code",
                "detail": f"年度 {year} 与本文件其他项目（{years.most_common(1)[0][0]}）不一致",
            }


def required_fields(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    missing = {"code": "项目编码", "name": "项目名称", "budget": "预算数"}
    templates = tuple(params.get("code_required_for", ()))
    if not project.code and (not templates or doc.template.startswith(templates)):
        yield {"field": "code", "missing": missing["code"]}
    if not project.name:
        yield {"field": "name", "missing": missing["name"]}
    if project.budget.total is None:
        yield {"field": "budget", "missing": missing["budget"]}


FUNCTIONS = {
    "reader_diagnostics": reader_diagnostics,
    "category_unknown": category_unknown,
    "duplicate_indicator": duplicate_indicator,
    "duplicate_project_code": duplicate_project_code,
    "project_code_format": project_code_format,
    "required_fields": required_fields,
}
