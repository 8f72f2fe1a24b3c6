"""Structure: reader problems, categories, duplicates, project codes, required fields."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from kpilint.checks.contract import PATTERN, TEXTS, Check, Problem
from kpilint.framework import ALSO_UNDER, FRAMEWORK, LEGACY, category, current_level1, homes_of
from kpilint.framework.templates import vocabulary
from kpilint.model import Diagnostic, Document, Indicator, Location, Project
from kpilint.patterns import compile_pattern

Problems = Iterator[Problem]
LEGACY_UNTIL = 2021


def reader_diagnostics(
    doc: Document, ctx: Mapping[str, Any], params: Mapping[str, Any], _: Document
) -> Problems:
    """What the reader noted, one finding per cause: the notes of a code listed in `grouped`
    (rows that could not be placed, pages that gave nothing) once per page or sheet, with a
    count and the first examples, every note kept in the finding's details."""
    codes, exclude = params.get("codes"), set(params.get("exclude", ()))
    grouped = set(params.get("grouped", ()))
    groups: dict[tuple[str, object], list[Diagnostic]] = {}
    for d in doc.diagnostics:
        if (codes is not None and d.code not in codes) or d.code in exclude:
            continue
        if d.code in grouped:
            where = d.location.page if d.location.page is not None else d.location.sheet
            groups.setdefault((d.code, None if d.code == "unread-page" else where), []).append(d)
        else:
            yield Problem({"detail": d.message}, location=d.location)
    for (_code, _where), notes in groups.items():
        if len(notes) == 1:
            yield Problem({"detail": notes[0].message}, location=notes[0].location)
        else:
            yield Problem({"detail": _summary(notes)}, location=notes[0].location,
                          details=tuple(f"{_place(d.location)}：{d.message}" for d in notes))  # fmt: skip


EXAMPLES_SHOWN = 3


def _summary(notes: list[Diagnostic]) -> str:
    first = notes[0].location
    if notes[0].code == "unread-page":
        pages = sorted({d.location.page for d in notes if d.location.page is not None})
        return (f"第 {'、'.join(map(str, pages))} 页（共 {len(pages)} 页）看起来是项目绩效目标表，"
                "但没有读出任何项目或指标行，这些页未经检查；请用 kpilint show 查看，或附上文件报告问题")  # fmt: skip
    where = f"第 {first.page} 页" if first.page is not None else (f"工作表“{first.sheet}”" if first.sheet else "本文件")
    shown = "；".join(d.message for d in notes[:EXAMPLES_SHOWN])
    return (f"{where}有 {len(notes)} 行无法归位，这些行未经检查。前 {min(len(notes), EXAMPLES_SHOWN)} 行："
            f"{shown}（完整清单见 --format json 的 details）")  # fmt: skip


def _place(location: Location) -> str:
    if location.sheet or location.cell:
        return f"{location.sheet}!{location.cell}" if location.sheet else str(location.cell)
    if location.page is not None:
        return f"第{location.page}页"
    return f"第{location.line}行" if location.line is not None else location.path


def category_unknown(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    legacy_reported = False
    template_level2 = vocabulary().template_level2  # 其他满意度: the template's own 二级
    # 效果指标 was the national name until the 2021 framework (财预〔2021〕101号)
    legacy_is_stale = doc.year is not None and doc.year >= LEGACY_UNTIL + 1
    for ind in project.indicators:
        if ind.category_inferred:
            continue  # the table has no category columns: nothing the table could get wrong
        raw1, raw2 = category(ind.level1), category(ind.level2)
        level1 = current_level1(raw1)
        if raw1 in LEGACY:
            if legacy_is_stale and not legacy_reported:
                legacy_reported = True
                detail = f"“{ind.level1}”是旧称，现行框架为“{level1}”"
                yield Problem({"detail": detail}, target="level1", indicator=ind)
        elif raw1 not in FRAMEWORK:
            detail = f"一级指标“{ind.level1 or '（空）'}”不在指标框架中"
            yield Problem({"detail": detail}, target="level1", indicator=ind)
            continue
        if (raw2 and raw2 not in FRAMEWORK.get(level1, ()) and raw2 not in ALSO_UNDER.get(level1, ())
                and raw2 not in template_level2.get(level1, ())):
            home = homes_of(raw2)
            if home:
                detail = f"二级指标“{ind.level2}”应属于一级指标“{home[0]}”，不应在“{ind.level1}”下"
            else:
                detail = f"二级指标“{ind.level2}”不在指标框架中"
            yield Problem({"detail": detail}, target="level2", indicator=ind)


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
            said = {"first_at": "本表前面", "first_at_en": "earlier in this table"}
            if first is not None and first.line is not None:
                said = {"first_at": f"第 {first.line} 行", "first_at_en": f"line {first.line}"}
            elif first is not None and first.page is not None:
                said = {"first_at": f"第 {first.page} 页", "first_at_en": f"page {first.page}"}
            yield Problem(said, target="name", indicator=ind)
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
            yield Problem({"first_line": first.line if first else "?"}, target="code", project=p)
        else:
            seen[p.code] = p


def project_code_format(
    doc: Document, ctx: Mapping[str, Any], params: Mapping[str, Any], _: Document
) -> Problems:
    pattern = compile_pattern(str(params.get("pattern", r"^(\d{6})(\d{2})P[0-9A-Z]{12}$")))
    parsed = []
    for p in doc.projects:
        if not p.code:
            continue
        m = pattern.match(p.code)
        if not m:
            yield _code_problem(p, f"“{p.code}”不是“6位区划+2位年度+P+12位”的格式")
            continue
        parsed.append((p, m.group(1), m.group(2)))
    regions = Counter(region for _, region, _ in parsed)
    years = Counter(year for _, _, year in parsed)
    for p, region, year in parsed:
        if len(regions) > 1 and region != regions.most_common(1)[0][0]:
            yield _code_problem(p, f"区划 {region} 与本文件其他项目（{regions.most_common(1)[0][0]}）不一致")
        if doc.year and int(year) != doc.year % 100:
            yield _code_problem(p, f"编码中的年度 {year} 与预算年度 {doc.year} 不一致")
        elif len(years) > 1 and year != years.most_common(1)[0][0]:
            yield _code_problem(p, f"年度 {year} 与本文件其他项目（{years.most_common(1)[0][0]}）不一致")


def _code_problem(project: Project, detail: str) -> Problem:
    return Problem({"detail": detail}, target="code", project=project)


def required_fields(
    project: Project, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document
) -> Problems:
    missing = {"code": "项目编码", "name": "项目名称", "budget": "预算数"}
    templates = tuple(params.get("code_required_for", ()))
    if not project.code and (not templates or doc.template.startswith(templates)):
        yield Problem({"missing": missing["code"]}, target="code")
    if not project.name:
        yield Problem({"missing": missing["name"]}, target="name")
    if project.budget.total is None:
        yield Problem({"missing": missing["budget"]}, target="budget")


FUNCTIONS = {
    "reader_diagnostics": Check(reader_diagnostics, {"codes": TEXTS, "exclude": TEXTS, "grouped": TEXTS}),
    "category_unknown": Check(category_unknown),
    "duplicate_indicator": Check(duplicate_indicator),
    "duplicate_project_code": Check(duplicate_project_code),
    "project_code_format": Check(project_code_format, {"pattern": PATTERN}),
    "required_fields": Check(required_fields, {"code_required_for": TEXTS}),
}
