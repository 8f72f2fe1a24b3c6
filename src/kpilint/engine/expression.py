"""Compile rule expressions (expression.lark) to closures over a plain context.

Nothing here calls `eval`: the parse tree is turned into nested Python closures
that read dict keys and call a whitelist of functions. Null propagates: a
comparison with a missing field is null, and a rule whose assertion is null
does not fire (it could not be evaluated, so it has nothing to say).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from kpilint.values.normalise import is_nonstandard

Context = Mapping[str, Any]
Compiled = Callable[[Context], Any]
MAX_TEXT = 10_000  # a regex in a rule file runs on at most this many characters


class ExpressionError(ValueError):
    pass


def _regex(pattern: str) -> re.Pattern[str]:
    return _compiled_regex(pattern)


@cache
def _compiled_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _text(x: Any) -> str:
    return "" if x is None else str(x)[:MAX_TEXT]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": lambda x: None if x is None else abs(x),
    "min": lambda *xs: min((x for x in xs if x is not None), default=None),
    "max": lambda *xs: max((x for x in xs if x is not None), default=None),
    "round": lambda x, n=0: None if x is None else round(x, int(n)),
    "len": lambda x: None if x is None else len(x),
    "contains": lambda text, part: _text(part) in _text(text),
    "matches": lambda text, pattern: _regex(pattern).search(_text(text)) is not None,
    "startswith": lambda text, prefix: _text(text).startswith(_text(prefix)),
    "endswith": lambda text, suffix: _text(text).endswith(_text(suffix)),
    "coalesce": lambda *xs: next((x for x in xs if x is not None), None),
    "approx": lambda a, b, tol=0.005: None if a is None or b is None else abs(a - b) <= tol,
    "nonstandard": lambda text: is_nonstandard(_text(text)),
}


_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


@cache
def _parser() -> Lark:
    grammar = files("kpilint.engine").joinpath("expression.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr")


_UNESCAPE = re.compile(r"\\([\"'\\])")


def _compare(op: str, a: Any, b: Any) -> Any:
    if op in ("in", "not in"):
        if b is None:
            return None
        found = a in b if not isinstance(b, str) else _text(a) in b
        return found if op == "in" else not found
    if a is None or b is None:
        return None if op not in ("==", "!=") else _COMPARE[op](a, b)
    try:
        return _COMPARE[op](a, b)
    except TypeError:
        return None


def _build(node: Tree | Token) -> Compiled:
    if isinstance(node, Token):  # pragma: no cover - grammar wraps all tokens
        raise ExpressionError(f"unexpected token {node}")
    kind, kids = node.data, node.children
    if kind in ("or_", "and_", "compare", "arith") and len(kids) == 1:
        return _build(kids[0])  # an aliased `?rule` with a single child
    if kind == "number":
        number = float(str(kids[0]))
        return lambda ctx: number
    if kind == "string":
        literal = _UNESCAPE.sub(r"\1", str(kids[0])[1:-1])  # only \" \' \\: regex escapes stay as written
        return lambda ctx: literal
    if kind in ("true", "false", "null"):
        constant = {"true": True, "false": False, "null": None}[kind]
        return lambda ctx: constant
    if kind == "path":
        names = [str(k) for k in kids]
        if len(names) == 1:
            name = names[0]
            return lambda ctx: ctx.get(name)
        return lambda ctx: _lookup(ctx, names)
    if kind == "list":
        items = [_build(k) for k in kids if k is not None]
        return lambda ctx: [item(ctx) for item in items]
    if kind == "call":
        name = str(kids[0])
        if name not in FUNCTIONS:
            raise ExpressionError(f"未知函数“{name}”。可用：{', '.join(FUNCTIONS)}")
        fn = FUNCTIONS[name]
        args = [_build(k) for k in kids[1:] if k is not None]
        if name == "matches" and len(args) == 2 and _is_constant(kids[2]):
            source = args[1]({})
            try:
                pattern = _regex(source)  # compiled once, with the rule
            except re.error as exc:
                raise ExpressionError(f"正则表达式“{source}”有误：{exc}") from None
            text = args[0]
            return lambda ctx: pattern.search(_text(text(ctx))) is not None
        if len(args) == 1:
            (only,) = args
            return lambda ctx: fn(only(ctx))
        return lambda ctx: fn(*[a(ctx) for a in args])
    if kind == "neg":
        inner = _build(kids[0])
        return lambda ctx: None if (v := inner(ctx)) is None else -v
    if kind == "not_":
        inner = _build(kids[0])
        return lambda ctx: None if (v := inner(ctx)) is None else not v
    if kind == "and_":
        parts = [_build(k) for k in kids]
        return lambda ctx: _and(parts, ctx)
    if kind == "or_":
        parts = [_build(k) for k in kids]
        return lambda ctx: _or(parts, ctx)
    if kind == "compare":
        left, op, right = _build(kids[0]), " ".join(str(kids[1]).split()), _build(kids[2])
        if op in ("==", "!="):
            test = _COMPARE[op]
            return lambda ctx: test(left(ctx), right(ctx))
        return lambda ctx: _compare(op, left(ctx), right(ctx))
    if kind == "arith":
        first = _build(kids[0])
        rest = [(_ARITH[str(kids[i])], _build(kids[i + 1])) for i in range(1, len(kids), 2)]
        return lambda ctx: _arith(first(ctx), rest, ctx)
    raise ExpressionError(f"unsupported expression node {kind}")  # pragma: no cover


def _is_constant(node: Tree | Token) -> bool:
    return isinstance(node, Tree) and node.data == "string"


def _lookup(ctx: Context, names: list[str]) -> Any:
    current: Any = ctx
    for name in names:
        if not (type(current) is dict or isinstance(current, Mapping)):
            return None
        current = current.get(name)
    return current


def _and(parts: list[Compiled], ctx: Context) -> Any:
    unknown = False
    for part in parts:
        v = part(ctx)
        if v is None:
            unknown = True
        elif not v:
            return False
    return None if unknown else True


def _or(parts: list[Compiled], ctx: Context) -> Any:
    unknown = False
    for part in parts:
        v = part(ctx)
        if v is None:
            unknown = True
        elif v:
            return True
    return None if unknown else False


def _arith(value: Any, rest: list[tuple[Callable[[Any, Any], Any], Compiled]], ctx: Context) -> Any:
    for fn, operand in rest:
        other = operand(ctx)
        if value is None or other is None:
            return None
        try:
            value = fn(value, other)
        except (TypeError, ZeroDivisionError, OverflowError):
            return None
    return value


def _parse(source: str) -> Tree:
    try:
        return _parser().parse(source)
    except LarkError as exc:
        column = getattr(exc, "column", None)
        where = f"第 {column} 列" if column and column > 0 else ""
        raise ExpressionError(f"表达式无法解析{where}：{source}") from None


@cache
def compile_expression(source: str) -> Compiled:
    """Parse once; the result is a function of a context. Raises ExpressionError with the column."""
    return _build(_parse(source))


def fields_read(source: str) -> set[tuple[str, ...]]:
    """The dotted fields an expression reads (`params.floor` → ("params", "floor")), so a rule
    that reads a parameter it never declares is refused when it loads."""
    return {tuple(str(k) for k in node.children) for node in _parse(source).find_data("path")}
