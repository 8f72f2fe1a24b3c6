"""The YAML draft format: keys, their Chinese aliases, and the JSON Schema built from them.

One table here serves the reader (aliases), the writer (English keys) and the
schema shipped in `schemas/draft.schema.json`. docs/format.md documents it.
"""

from __future__ import annotations

from typing import Any

from kpilint.errors import did_you_mean
from kpilint.texts import listing, say

#: section -> {english key: (Chinese aliases, JSON type, description)}
KEYS: dict[str, dict[str, tuple[tuple[str, ...], Any, str]]] = {
    "document": {
        "department": (("部门", "预算单位"), "department", "部门/单位信息"),
        "projects": (("项目", "预算项目", "项目列表"), "projects", "项目绩效目标表列表"),
    },
    "department": {
        "code": (("单位编码", "编码"), "string", "单位编码，如 307001"),
        "name": (("单位名称", "名称"), "string", "单位名称"),
        "year": (("年度", "预算年度"), "integer", "预算年度，如 2025"),
        "money_unit": (("金额单位",), "money_unit", "金额单位：元、千元、万元（默认）、亿元"),
        "goals": (("总体绩效目标", "部门整体绩效目标"), "string", "部门整体绩效目标（文字）"),
    },
    "project": {
        "code": (("项目编码",), "string", "项目编码"),
        "name": (("项目名称",), "string", "项目名称"),
        "budget": (("预算", "预算规模"), "budget", "预算数，或 {total, fiscal, other}"),
        "purpose": (("资金用途", "项目资金主要用途"), "string", "资金用途"),
        "spend_plan": (("资金支出计划", "支出计划"), "spend_plan", "累计支出进度：{3月底: 10%, …}"),
        "spend_plan_percent": (
            ("支出计划按百分比",),
            "boolean",
            "表头是否写明（%）；默认 true",
        ),
        "goals": (("绩效目标", "年度目标"), "goals", "绩效目标（一条或多条）"),
        # the header fields (model.ProjectHeader), each kept as written
        "supervising_department": (("主管部门", "一级预算单位"), "string", "主管部门 / 一级预算单位"),
        "implementing_unit": (("实施单位", "申请单位"), "string", "实施单位 / 申请单位"),
        "period": (("实施期限", "起止日期", "项目期限"), "string", "实施期限或起止日期，照原样"),
        "project_type": (("项目类型", "项目属性"), "string", "项目类型 / 项目属性"),
        "new_project": (("是否新增项目", "是否新增"), "string", "是否新增项目：是 / 否"),
        "allocation": (("分配方式",), "string", "资金分配方式，如 因素法和项目法"),
        "policy_basis": (("政策依据",), "string", "政策依据：立项所依据的文件"),
        "calculation_basis": (("测算依据",), "string", "测算依据：金额如何算出"),
        "long_term_goals": (
            ("长期目标", "实施期总目标", "实施期目标"),
            "string",
            "长期目标（跨年度项目的实施期目标）",
        ),
        "indicators": (("绩效指标", "指标"), "indicators", "指标行列表"),
    },
    "budget": {
        "total": (("预算数", "资金总额", "年度预算资金总额"), "number", "预算数"),
        "fiscal": (("财政资金", "财政拨款"), "number", "其中：财政资金"),
        "other": (("其他资金",), "number", "其他资金"),
        "carryover": (("上年结转",), "number", "上年结转资金（部分模板单列）"),
        "period_total": (
            ("实施期资金总额", "项目总金额", "中期规划金额"),
            "number",
            "实施期（中期规划）资金总额；预算数为本年度数",
        ),
    },
    "indicator": {
        "level1": (("一级指标",), "string", "一级指标，如 产出指标"),
        "level2": (("二级指标",), "string", "二级指标，如 数量指标"),
        "name": (("三级指标", "指标名称"), "string", "三级指标（指标名称）"),
        "description": (("绩效指标描述", "指标解释", "指标值内容"), "string", "绩效指标描述"),
        "value": (("指标值", "目标值", "年度指标值"), "string", "指标值，如 ≥90%"),
        "basis": (("指标值确定依据",), "string", "指标值确定依据"),
        "unit": (("度量单位", "计量单位"), "string", "单独一列的度量单位"),
        "comparator": (("指标值类型",), "string", "单独一列的比较符（≥ ≤ ＝ 定性）"),
        "weight": (("分值", "权重"), "string", "分值/权重"),
    },
}


#: the workbook kpilint writes (`kpilint convert x.xlsx`): its department sheet, the labels
#: in its column A → the Document field each heads
DEPARTMENT_SHEET = "部门信息"
DEPARTMENT_SHEET_LABELS = {"单位编码": "unit_code", "单位名称": "unit_name", "年度": "year",
                           "金额单位": "money_unit", "部门整体绩效目标": "overall_goals"}  # fmt: skip
#: the cell style that marks a value kpilint wrote, so that its reader never takes a value
#: whose text is a label word (a 资金用途 that reads `总计`) for a label
WRITTEN_VALUE_STYLE = "kpilint 值"


def alias_table(section: str) -> dict[str, str]:
    """Every accepted spelling of a key (English or Chinese) -> the English key."""
    table = {}
    for key, (aliases, _, _) in KEYS[section].items():
        table[key] = key
        for alias in aliases:
            table[alias] = key
    return table


def unknown_key_message(section: str, key: str) -> str:
    """An unknown key of a section, answered in the language it was written in: a Chinese
    key gets the Chinese names (and the closest of them), an English one the English."""
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in key)
    names = [alias for aliases, _, _ in KEYS[section].values() for alias in aliases] if chinese else list(KEYS[section])
    return say("draft-unknown-key", key=key, guess=did_you_mean(key, names), known=listing(names))


def _keys_schema(section: str) -> dict[str, Any]:
    props = {}
    for key, (aliases, kind, doc) in KEYS[section].items():
        for name in (key, *aliases):
            props[name] = (
                {"$ref": f"#/$defs/{kind}"}
                if kind in _DEFS
                else {"type": [kind, "null"], "description": doc}
            )
            if kind in _DEFS:
                props[name]["description"] = doc
    return {"type": "object", "properties": props, "additionalProperties": False}


_DEFS = (
    "department",
    "projects",
    "money_unit",
    "budget",
    "spend_plan",
    "goals",
    "indicators",
    "string",
)


def _department_keys() -> dict[str, Any]:
    return {
        k: v
        for k, v in _keys_schema("document")["properties"].items()
        if alias_table("document")[k] == "department"
    }


def json_schema() -> dict[str, Any]:
    project = _keys_schema("project")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kpilint.invalid/draft.schema.json",
        "title": "kpilint draft (绩效目标表草稿)",
        "description": "One department with projects, or a single project. See docs/format.md.",
        "anyOf": [
            _keys_schema("document"),
            {**project, "properties": {**project["properties"], **_department_keys()}},
        ],
        "$defs": {
            "string": {"type": ["string", "number", "null"]},
            "department": _keys_schema("department"),
            "projects": {"type": "array", "items": project},
            "money_unit": {"enum": ["元", "千元", "万元", "亿元", None]},
            "budget": {"oneOf": [{"type": ["number", "null"]}, _keys_schema("budget")]},
            "spend_plan": {
                "type": ["object", "null"],
                "additionalProperties": {"type": ["string", "number", "null"]},
            },
            "goals": {
                "oneOf": [
                    {"type": ["string", "null"]},
                    {"type": "array", "items": {"type": "string"}},
                ]
            },
            "indicators": {"type": ["array", "null"], "items": _keys_schema("indicator")},
        },
    }


if __name__ == "__main__":  # python -m kpilint.draft_format > src/kpilint/schemas/draft.schema.json
    import json

    print(json.dumps(json_schema(), ensure_ascii=False, indent=1))
