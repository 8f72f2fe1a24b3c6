"""Shape: indicator rows without category columns (Chongqing's 重点专项资金绩效目标表).

    指标名称       | 指标性质 | 指标值 | 计量单位 | 指标权重(%)
    完工项目验收率 | ≥        | 90     | %        | 20

The header names an indicator column and a value column but no 一级/二级: each row's
category is inferred from its name (and a count unit), by `category_from_name` in
templates.yaml; a name that says nothing keeps no category, and the project says so
(reading notes), so rules do not assert a category that was never printed.
Fixture: tests/test_pdf_pages.py::test_a_table_without_categories_infers_them….
"""

from __future__ import annotations

from types import MappingProxyType

from kpilint.framework.templates import infer_category
from kpilint.model import Indicator, Location
from kpilint.values import parse_value


def uncategorised_indicator(texts: dict[str, str], fields: dict[str, Location],
                            where: Location) -> Indicator | None:  # fmt: skip
    """A row of a table without category columns: its category inferred from its name."""
    if not texts.get("name") and not texts.get("value"):
        return None
    unit = texts.get("unit") or parse_value(texts.get("value", "")).unit
    level1, level2 = infer_category(texts.get("name", ""), unit) or ("", "")
    return Indicator(
        level1=level1, level2=level2, name=texts.get("name", ""),
        description=texts.get("description", ""), value_text=texts.get("value", ""),
        basis=texts.get("basis", ""), unit=texts.get("unit") or None,
        comparator=texts.get("comparator") or None, weight=texts.get("weight") or None,
        location=where, fields=MappingProxyType(fields), category_inferred=True,
    )  # fmt: skip
