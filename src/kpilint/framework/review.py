"""The review a finance bureau does, in its own terms: the points it reviews a declaration
on and the standard opinions the budget system's performance module sends back.

A bureau's review (a district's checklist: 完整性, 可测性, 可行性, each with its sub-points)
and the system's eleven standard opinions are the vocabulary a review workbook speaks; every
rule says which point it serves and which opinion it supports (`review:` in its YAML), so
its findings arrive at the reviewer's desk already sorted into the cells of the review form.
"""

from __future__ import annotations

from types import MappingProxyType

#: the review points and, for each, its sub-points (a district's 审核口径: 审核要点 → 二级要点)
POINTS = MappingProxyType({
    "完整性": ("规范完整性", "具体明确性", "目标相关性", "资金匹配性"),
    "可测性": ("目标可测性",),
    "可行性": ("时限合理性",),
})  # fmt: skip

#: the budget system's standard review opinions, in the order its module lists them
OPINIONS = (
    "指标不够完整",
    "指标不够细化、量化",
    "指标与项目的相关性不够",
    "指标与指标值不匹配",
    "建议拆分指标",
    "一级指标类型错误",
    "二级指标类型错误",
    "建议增加明确的效益指标",
    "建议增加明确的产出指标",
    "建议增加明确的满意度指标",
    "其他",
)

#: where an opinion with no point goes: a rule that does not say which point it serves
OTHER = "其他"

#: the placeholders an opinion's text may use, and what each becomes
TEXT_PLACEHOLDERS = MappingProxyType({
    "indicators": "the indicators concerned, each named with its value (“群众满意度”（≥90）); "
                  "本项目 when the opinion is about the project as a whole",
    "count": "how many places the opinion stands for",
    "project": "the project's name",
})  # fmt: skip


def point_problem(point: object, aspect: object) -> str | None:
    """What is wrong with a point and sub-point as a rule names them, or None."""
    if point not in POINTS:
        return f"review.point 应为 {' / '.join(POINTS)}，实际为 {point!r}"
    if aspect is not None and aspect not in POINTS[str(point)]:
        return f"review.aspect 应为 {point} 的二级要点之一（{'、'.join(POINTS[str(point)])}），实际为 {aspect!r}"
    return None


def opinion_problem(opinion: object) -> str | None:
    """What is wrong with a standard opinion as a rule names it, or None."""
    if opinion not in OPINIONS:
        return f"review.opinion 应为标准审核意见之一（{'；'.join(OPINIONS)}），实际为 {opinion!r}"
    return None
