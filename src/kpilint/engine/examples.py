"""Turn a rule's `examples:` into documents, for tests and for `kpilint explain`.

`indicator:` adds one row to BASE_PROJECT (a small, complete, clean project);
`project:` overrides BASE_PROJECT's fields; `document:` is a whole draft. How a PDF reader
may have read it: `reading_notes:` (model.READING_NOTES) on every project, `provenance:`
(field → joined / inferred / guessed, model.PROVENANCE) on the row `indicator:` adds, and
`project_provenance:` on every project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import yaml

from kpilint.model import Diagnostic, Document, Location
from kpilint.readers.yaml_draft import read_draft

BASE_PROJECT: dict[str, Any] = {
    "code": "13082626P002088100011",
    "name": "示例项目",
    "budget": {"total": 12.00, "fiscal": 12.00, "other": 0},
    "purpose": "用于开展科普活动。",
    "spend_plan": {"3月底": "25%", "6月底": "50%", "10月底": "80%", "12月底": "100%"},
    "goals": ["1.开展科普活动"],
    "indicators": [
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "开展活动次数",
            "description": "全年开展活动次数",
            "value": "≥4 次",
            "basis": "计划标准",
        },
        {
            "level1": "产出指标",
            "level2": "质量指标",
            "name": "活动完成率",
            "description": "计划活动完成比例",
            "value": "≥95%",
            "basis": "计划标准",
        },
        {
            "level1": "产出指标",
            "level2": "时效指标",
            "name": "活动完成时限",
            "description": "全部活动完成时间",
            "value": "2026年12月底前",
            "basis": "计划标准",
        },
        {
            "level1": "产出指标",
            "level2": "成本指标",
            "name": "活动总成本",
            "description": "全年活动经费",
            "value": "≤12 万元",
            "basis": "预算支出标准",
        },
        {
            "level1": "效益指标",
            "level2": "社会效益指标",
            "name": "公众科学素质",
            "description": "提高公众科学素质",
            "value": "显著提升",
            "basis": "计划标准",
        },
        {
            "level1": "满意度指标",
            "level2": "服务对象满意度指标",
            "name": "群众满意度",
            "description": "群众满意度",
            "value": "≥90%",
            "basis": "历史标准",
        },
    ],
}
BASE_DEPARTMENT = {"code": "307001", "name": "示例单位", "year": 2026, "money_unit": "万元"}


def example_data(example: Mapping[str, Any]) -> dict[str, Any]:
    """The draft (as data) an example stands for (its `source:` says where it was seen)."""
    if "document" in example:
        data = dict(example["document"])
        data.setdefault("department", dict(BASE_DEPARTMENT))
        data["department"] = {**BASE_DEPARTMENT, **data["department"]}
        return data
    project = dict(BASE_PROJECT)
    if "project" in example:
        project.update(example["project"])
    if "indicator" in example:
        project["indicators"] = [*project["indicators"], example["indicator"]]
    return {"department": dict(BASE_DEPARTMENT), "projects": [project]}


def example_yaml(example: Mapping[str, Any]) -> str:
    return yaml.safe_dump(example_data(example), allow_unicode=True, sort_keys=False)


def example_document(example: Mapping[str, Any], path: str = "example.yaml") -> Document:
    doc = read_draft(example_yaml(example), path)
    if notes := tuple(example.get("reading_notes", ())):  # how a PDF reader may have read it
        doc = replace(doc, projects=tuple(replace(p, reading_notes=notes) for p in doc.projects))
    if how := example.get("project_provenance"):
        doc = replace(doc, projects=tuple(
            replace(p, provenance=MappingProxyType(dict(how))) for p in doc.projects))  # fmt: skip
    if (how := example.get("provenance")) and "indicator" in example:
        projects = []
        for p in doc.projects:
            *rows, last = p.indicators
            last = replace(last, provenance=MappingProxyType(dict(how)))
            projects.append(replace(p, indicators=(*rows, last)))
        doc = replace(doc, projects=tuple(projects))
    noted = tuple(
        Diagnostic(code, message, Location(path, line=1))
        for code, message in example.get("diagnostics", ())
    )
    return replace(doc, diagnostics=doc.diagnostics + noted) if noted else doc
