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

import re
from collections.abc import Callable, Mapping
from typing import Any

Test = Callable[[Any], bool]


class SelectorError(ValueError):
    pass


def _path_getter(path: str) -> Callable[[Mapping[str, Any]], Any]:
    names = path.split(".")

    def get(ctx: Mapping[str, Any]) -> Any:
        current: Any = ctx
        for name in names:
            if not isinstance(current, Mapping):
                return None
            current = current.get(name)
        return current

    return get


def _condition(spec: Any) -> Test:
    if isinstance(spec, list):
        allowed = [s for s in spec]
        return lambda x: x in allowed
    if isinstance(spec, Mapping):
        tests = []
        for key, arg in spec.items():
            if key == "regex":
                pattern = re.compile(str(arg))
                tests.append(lambda x, p=pattern: x is not None and p.search(str(x)) is not None)
            elif key == "not":
                inner = _condition(arg)
                tests.append(lambda x, t=inner: not t(x))
            elif key == "in":
                tests.append(_condition(list(arg)))
            elif key == "exists":
                want = bool(arg)
                tests.append(lambda x, w=want: (x not in (None, "")) == w)
            elif key in ("gt", "ge", "lt", "le"):
                import operator

                op = getattr(operator, key)
                tests.append(lambda x, o=op, a=arg: isinstance(x, (int, float)) and o(x, a))
            else:
                raise SelectorError(
                    f"未知的选择条件“{key}”；可用：regex、not、in、exists、gt、ge、lt、le"
                )
        return lambda x: all(t(x) for t in tests)
    return lambda x: x == spec


def compile_selector(where: Mapping[str, Any] | None) -> Callable[[Mapping[str, Any]], bool]:
    """All conditions must hold. Compiled once per rule."""
    if not where:
        return lambda ctx: True
    if not isinstance(where, Mapping):
        raise SelectorError("where 应为“字段: 条件”的映射")
    parts = [(_path_getter(str(path)), _condition(spec)) for path, spec in where.items()]
    return lambda ctx: all(test(get(ctx)) for get, test in parts)
