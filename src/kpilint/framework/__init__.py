"""The budget system's own vocabulary, written once: indicator categories and counter words. Readers, the model, checks and the engine all ask here, so a word the
national framework adds (or a legacy name a province still prints) is taught in one place.

The template vocabulary (header words, label keys, titles, money units) is data beside it:
`templates.yaml`, read by `kpilint.framework.templates`. Nothing here imports the rest of
kpilint: it is the floor every other layer stands on.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

#: 一级 → its 二级, as 财预〔2021〕101号 and the 2026 templates define them. 成本指标 is both
#: a 二级 under 产出指标 (older tables) and a 一级 of its own (since the 2021 reform).
FRAMEWORK: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标", "满意度指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
})  # fmt: skip
#: 二级 a 一级 may also hold: 财预〔2020〕10号 lists satisfaction as a sub-indicator of 效益
#: (the 2021 framework makes it a 一级 of its own); tables in either form were approved
ALSO_UNDER: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {"效益指标": ("服务对象满意度指标", "满意度指标")}
)
#: names older tables use for a 一级, and the current name
LEGACY: MappingProxyType[str, str] = MappingProxyType({"效果指标": "效益指标"})

#: every 一级 a table may print, legacy names included (readers find tables by these)
LEVEL1: tuple[str, ...] = ("产出指标", "效益指标", "效果指标", "满意度指标", "成本指标")
#: every 二级 of the framework, in the framework's order
LEVEL2: tuple[str, ...] = tuple(level2 for group in FRAMEWORK.values() for level2 in group)
#: the one 一级 a 二级 belongs to, for the 二级 whose name says it unambiguously (成本指标
#: and 满意度指标 are also 一级 names, so they are left out)
HOME: MappingProxyType[str, str] = MappingProxyType(
    {level2: level1 for level1, group in FRAMEWORK.items() for level2 in group if level2 not in FRAMEWORK}
)  # fmt: skip

#: the 一级 of outputs, and of costs with the 二级 a money value stands under
OUTPUT: str = "产出指标"
COST: str = "成本指标"
ECONOMIC_COST: str = "经济成本指标"

#: 二级 (and the 一级) whose rows are costs
COST_WORDS: tuple[str, ...] = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")

#: count words that end an indicator name and so declare its unit (培训次数 counts 次)
COUNT_WORDS: MappingProxyType[str, str] = MappingProxyType({
    "人次": "人次", "场次": "场次", "次数": "次", "人数": "人", "天数": "天", "户数": "户",
    "个数": "个", "件数": "件", "册数": "册", "篇数": "篇", "家数": "家", "台数": "台",
    "条数": "条", "份数": "份", "期数": "期", "辆数": "辆", "张数": "张", "笔数": "笔",
    "卷数": "卷", "套数": "套", "项数": "项", "场数": "场", "批数": "批", "所数": "所",
    "人员配置数": "人", "并发数": "个",
})  # fmt: skip


@lru_cache(maxsize=4096)
def category(name: str) -> str:
    """`经济成本` and `经济成本指标` are the same category; so are `满意度指/标` wraps."""
    name = name.replace(" ", "")
    return name if not name or name.endswith("指标") else name + "指标"


def clipped_category(text: str) -> str:
    """A category cell whose suffix the page clipped (`产出指`, `产出`) under its whole name."""
    return text.rstrip("指标") + "指标"


def current_level1(name: str) -> str:
    """A 一级 under its current name: `效果指标` reads `效益指标`."""
    word = category(name)
    return LEGACY.get(word, word)


def homes_of(level2: str) -> list[str]:
    """The 一级 a 二级 may stand under (成本指标 may stand under 产出指标 only)."""
    word = category(level2)
    return [level1 for level1, group in FRAMEWORK.items() if word in group]


#: cost 二级 that measure social or ecological impact, not money (财预〔2021〕101号: 社会成本
#: and 生态环境成本 are the negative effects a project has on society and the environment)
NON_MONEY_COSTS: tuple[str, ...] = ("社会成本指标", "生态环境成本指标")


def is_money_cost(level1: str, level2: str) -> bool:
    """A cost row measured in money: 经济成本, or a 成本指标 not divided into kinds. 社会成本
    and 生态环境成本 rows are costs too, but of another kind."""
    return is_cost(level1, level2) and category(level2) not in NON_MONEY_COSTS


def is_cost(level1: str, level2: str) -> bool:
    """Is a row with these categories a cost (成本指标 as 一级 or 二级)?"""
    return category(level2) in COST_WORDS or category(level1) == "成本指标"


def is_framework_category(name: str) -> bool:
    """A 一级 or 二级 the framework knows, under any of its names (`经济成本` included)."""
    word = category(name)
    return word in FRAMEWORK or word in LEGACY or word in LEVEL2
