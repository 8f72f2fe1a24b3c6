"""Message templates: the words of a finding, filled from fields by name and nothing else.

A rule's message is data a bureau writes, so a template may name fields
(`{indicator}`, `{budget:,.2f}`) but not reach through them (`{indicator.__class__}`), and
may not pad a field to a billion characters; `template_problem` says what a rule file
wrote wrong when the rules load, and `format_message` formats nothing else.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from functools import cache
from typing import Any

_FORMATTER = string.Formatter()


def _fmt_number(x: Any) -> Any:
    if isinstance(x, float) and math.isfinite(x):
        return f"{x:,.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"
    return x


#: the format-spec mini-language, with the width and precision caught to be checked
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?[bcdeEfFgGnosxX%]?", re.S)
MAX_WIDTH = 200  # a field in a message is padded to at most this many characters
MAX_PRECISION = 20


def template_problem(template: str) -> str | None:
    """What is wrong with a message template, or None. A template names fields only
    (`{indicator}`, `{budget:,.2f}`): no attribute or index (`{indicator.__class__}`,
    `{a[0]}`), no nested field, no width past MAX_WIDTH — it is data, not code."""
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return "花括号不成对（文字中的 { } 请写成 {{ }}）"
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier():
            return f"{{{name}}} 只能写字段名（如 {{indicator}}），不能写属性、下标或位置"
        if conversion not in (None, "s", "r"):
            return f"{{{name}!{conversion}}} 的转换只能是 !s 或 !r"
        m = _SPEC.fullmatch(spec or "")
        if m is None or "{" in (spec or ""):
            return f"{{{name}:{spec}}} 的格式说明无效"
        if int(m.group(1) or 0) > MAX_WIDTH or int(m.group(2) or 0) > MAX_PRECISION:
            return f"{{{name}:{spec}}} 的宽度或精度过大（宽度上限 {MAX_WIDTH}，精度上限 {MAX_PRECISION}）"
    return None


def format_message(template: str, variables: Mapping[str, Any]) -> str:
    """A message with its `{placeholders}` filled; an unknown one is left as written. A
    template `template_problem` refuses is returned as written: nothing else is formatted."""
    parts = _plain_fields(template)
    if parts is None:
        return template
    out = []
    try:
        for literal, name, spec, conversion in parts:
            out.append(literal)
            if name is None:
                continue
            try:
                value = _fmt_number(variables[name])
            except KeyError:
                out.append("{" + name + "}")
                continue
            if conversion:
                value = _FORMATTER.convert_field(value, conversion)
            out.append(format(value, spec) if spec else str(value))
    except (ValueError, TypeError):
        return template
    return "".join(out)


@cache
def template_fields(template: str) -> frozenset[str]:
    """The field names a template fills (none for a template `template_problem` refuses)."""
    return frozenset(name for _, name, _, _ in _plain_fields(template) or () if name is not None)


@cache
def _plain_fields(template: str) -> list[tuple[str, str | None, str | None, str | None]] | None:
    """The template split once into literals and `{name}` fields; None when
    `template_problem` refuses it."""
    if template_problem(template) is not None:
        return None
    return list(_FORMATTER.parse(template))
