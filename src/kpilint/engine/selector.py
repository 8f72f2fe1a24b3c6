"""`where:` selectors: which elements a rule looks at.

where:
  level2: 时效指标                 # equality
  value.kind: [quantity, range]   # any of
  name: {regex: "满意(度|率)"}     # regular expression (search)
  value.dimension: {not: percent} # negation of any condition
  value.number: {gt: 100}         # gt / ge / lt / le
  basis: {exists: false}          # empty or missing
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from kpilint.patterns import MAX_TEXT, PatternError, compile_pattern

Test = Callable[[Any], bool]


class SelectorError(ValueError):
    pass


def _path_getter(path: str) -> Callable[[Mapping[str, Any]], Any]:
    names = path.split(".")
    if len(names) == 1:  # the common case, kept to one dict lookup
        name = names[0]
        return lambda ctx: ctx.get(name)
    if len(names) == 2:
        first, second = names
        return lambda ctx: (
            inner.get(second)
            if type(inner := ctx.get(first)) is dict or isinstance(inner, Mapping)
            else None
        )

    def get(ctx: Mapping[str, Any]) -> Any:
        current: Any = ctx
        for name in names:
            if not (type(current) is dict or isinstance(current, Mapping)):
                return None
            current = current.get(name)
        return current

    return get


def _condition(spec: Any) -> Test:
    if isinstance(spec, list):
        try:
            allowed: Any = frozenset(spec)
        except TypeError:  # unhashable items: compare one by one
            allowed = list(spec)
        return lambda x: _is_in(x, allowed)
    if isinstance(spec, Mapping):
        tests = [_operator(key, arg) for key, arg in spec.items()]
        if len(tests) == 1:
            return tests[0]
        return lambda x: all(t(x) for t in tests)
    return lambda x: x == spec


def _is_in(x: Any, allowed: Any) -> bool:
    try:
        return x in allowed
    except TypeError:  # an unhashable value is in no set of literals
        return False


def _operator(key: str, arg: Any) -> Test:
    if key == "regex":
        if not isinstance(arg, str):
            raise SelectorError(f"regex 应为文字（正则表达式），实际为 {arg!r}")
        try:
            pattern = compile_pattern(arg)
        except PatternError as exc:
            raise SelectorError(str(exc)) from None
        return lambda x: x is not None and pattern.search(str(x)[:MAX_TEXT]) is not None
    if key == "not":
        inner = _condition(arg)
        return lambda x: not inner(x)
    if key == "in":
        return _condition(list(arg))
    if key == "exists":
        want = bool(arg)
        return lambda x: (x is not None and x != "") == want
    if key in ("gt", "ge", "lt", "le"):
        op = getattr(operator, key)
        return lambda x: isinstance(x, (int, float)) and op(x, arg)
    raise SelectorError(f"未知的选择条件“{key}”；可用：regex、not、in、exists、gt、ge、lt、le")


def compile_selector(where: Mapping[str, Any] | None) -> Callable[[Mapping[str, Any]], bool]:
    """All conditions must hold. Compiled once per rule, to as few calls as the conditions allow."""
    if not where:
        return lambda ctx: True
    if not isinstance(where, Mapping):
        raise SelectorError("where 应为“字段: 条件”的映射")
    parts = []
    for path, spec in where.items():
        try:
            parts.append((_path_getter(str(path)), _condition(spec)))
        except SelectorError as exc:
            raise SelectorError(f"where 中 {path} 的条件：{exc}") from None
    if len(parts) == 1:
        ((get, test),) = parts
        return lambda ctx: test(get(ctx))
    if len(parts) == 2:
        (get1, test1), (get2, test2) = parts
        return lambda ctx: test1(get1(ctx)) and test2(get2(ctx))
    return lambda ctx: all(test(get(ctx)) for get, test in parts)


def kinds_selected(where: Mapping[str, Any] | None) -> frozenset[str] | None:
    """The value kinds a selector admits, when it says so plainly (`value.kind: [..]`); else None.

    Lets the engine skip, per indicator, every rule that names other kinds."""
    spec = (where or {}).get("value.kind") if isinstance(where, Mapping) else None
    if isinstance(spec, str):
        return frozenset((spec,))
    if isinstance(spec, list) and all(isinstance(s, str) for s in spec):
        return frozenset(spec)
    return None
