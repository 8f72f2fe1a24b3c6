"""The contract between the engine and the functions rules name.

A check function is `fn(element, ctx, params, doc)` and yields one `Problem` per thing it
finds; a fix function is `fn(element, params, doc)` and returns the `Edit`s that repair a
finding. Each built-in declares the parameters it reads (`Check.params`), so a rule file or
a configuration that misspells one, or gives a word where a number belongs, is refused when
the rules load instead of being silently ignored when they run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

from kpilint.findings import Edit
from kpilint.model import Document, Indicator, Location, Project
from kpilint.patterns import PatternError, compile_pattern

Element = TypeVar("Element", contravariant=True)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing a check found: the words its message needs, and where to point.

    `target` names the field of the element the finding is about (the rule's `field:`
    otherwise); `location` is an exact place that is not a field (a spend-plan checkpoint);
    `indicator` / `project` point a project or document rule at one row or one project."""

    variables: Mapping[str, Any] = field(default_factory=dict)
    target: str | None = None
    location: Location | None = None
    indicator: Indicator | None = None
    project: Project | None = None
    #: everything behind a finding that stands for many (each row a page could not place):
    #: the message names a count and the first few, JSON output lists them all
    details: tuple[str, ...] = ()


class CheckFunction(Protocol[Element]):
    def __call__(
        self, element: Element, ctx: Mapping[str, Any], params: Mapping[str, Any], doc: Document, /
    ) -> Iterable[Problem]: ...


class FixFunction(Protocol[Element]):
    def __call__(self, element: Element, params: Mapping[str, Any], doc: Document, /) -> list[Edit]: ...


@dataclass(frozen=True)
class ParamType:
    """What a parameter's value must be, named as a message to a rule's author says it."""

    name: str
    accepts: Callable[[Any], bool]


#: the largest parameter a rule takes (what an expression may compute, too)
LARGEST_NUMBER = 10**18


def _number(value: Any) -> bool:
    """A number a rule can compare with: finite (no .nan, no .inf) and not absurdly large."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) <= LARGEST_NUMBER)  # fmt: skip


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _pattern(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        compile_pattern(value)
    except PatternError:
        return False
    return True


NUMBER = ParamType("数字（有限，不超过 10¹⁸）", _number)
TEXT = ParamType("文字", lambda v: isinstance(v, str))
BOOLEAN = ParamType("true 或 false", lambda v: isinstance(v, bool))
PATTERN = ParamType("正则表达式", _pattern)
TEXTS = ParamType("文字列表", _texts)
LIST = ParamType("列表", lambda v: isinstance(v, list))
UNITS_BY_WORD = ParamType(
    "“计量词: [单位, …]”的映射",
    lambda v: isinstance(v, Mapping) and all(isinstance(k, str) and _texts(u) for k, u in v.items()),
)
MAPPING = ParamType("映射", lambda v: isinstance(v, Mapping))


def type_of_default(value: Any) -> ParamType | None:
    """The type a rule's own default declares for an `assert` rule's parameter."""
    for kind in (BOOLEAN, NUMBER, TEXT, TEXTS, LIST, MAPPING):
        if kind.accepts(value):
            return kind
    return None


@dataclass(frozen=True)
class Check:
    """A check function with the parameters it reads. `params` is None for a plug-in that
    declares none: its parameters are passed through unchecked.

    `reads`, for an indicator check, declares that its problems depend on nothing but the
    row's own fields, its parameters and these context paths (`budget.total`,
    `doc.money_unit`), and carry no location: the engine then remembers them per distinct
    row instead of running the check on every row (values repeat a lot across rows).
    None (the default, and every plug-in's): run on every row."""

    function: CheckFunction[Any]
    params: Mapping[str, ParamType] | None = field(default_factory=lambda: MappingProxyType({}))
    reads: tuple[str, ...] | None = None


def param_errors(params: Mapping[str, Any], schema: Mapping[str, ParamType]) -> list[tuple[str, str]]:
    """(parameter, what is wrong) for each parameter the schema does not accept."""
    errors = []
    for key, value in params.items():
        kind = schema.get(key)
        if kind is None:
            known = "、".join(schema) or "（无）"
            errors.append((key, f"没有参数“{key}”；可用参数：{known}"))
        elif not kind.accepts(value):
            errors.append((key, f"参数“{key}”应为{kind.name}，实际为 {value!r}"))
    return errors
