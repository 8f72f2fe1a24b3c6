"""Compile rule expressions (expression.lark) to closures over a plain context.

Nothing here calls `eval`: the parse tree is turned into nested Python closures
that read dict keys and call a whitelist of functions. Null propagates: a
comparison with a missing field is null, and a rule whose assertion is null
does not fire (it could not be evaluated, so it has nothing to say); so does a
function given what it cannot take (`len(5)`, `abs("x")`).

The language is bounded as well as safe: an expression is at most MAX_SOURCE
characters and MAX_DEPTH levels deep (refused when the rule loads), no value it
builds is longer than MAX_VALUE characters or items, no number larger than
MAX_NUMBER, and `round` keeps at most MAX_DIGITS digits — past those it raises
ValueLimit before the value is built, which the engine reports as the rule's problem.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from functools import cache, partial
from importlib.resources import files
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from kpilint.engine.context import FIELD_NAMES
from kpilint.framework.concepts import concept as concept_of
from kpilint.framework.concepts import concept_names, counts_visits
from kpilint.framework.concepts import direction as direction_of
from kpilint.framework.concepts import head as head_of
from kpilint.framework.wording import (
    adds_nothing,
    cites_document,
    is_cumulative,
    is_execution,
    is_placeholder,
    is_source_note,
    is_vague,
    restates,
    states_amount,
)
from kpilint.patterns import MAX_TEXT, PatternError, compile_pattern
from kpilint.values.normalise import is_nonstandard

Context = Mapping[str, Any]
Compiled = Callable[[Context], Any]
MAX_SOURCE = 2_000  # characters in one expression
MAX_DEPTH = 50  # levels of brackets and calls: `f((x))` is three
MAX_VALUE = 10_000  # characters of a text, items of a list, an expression may build
MAX_NUMBER = 10**18  # the largest whole number an expression may build
MAX_DIGITS = 30  # `round(x, n)`: |n| at most this


class ExpressionError(ValueError):
    pass


class ValueLimit(Exception):
    """An expression would build a value past the language's bounds."""


def _text(x: Any) -> str:
    return "" if x is None else str(x)[:MAX_TEXT]


def _round(x: Any, n: Any = 0) -> Any:
    if x is None or n is None:
        return None
    digits = int(n)
    if abs(digits) > MAX_DIGITS:
        raise ValueLimit(f"round 的位数 {digits} 超出 ±{MAX_DIGITS}")
    return round(x, digits)


def _matches(text: Any, pattern: Any) -> bool:
    try:
        compiled = compile_pattern(_text(pattern))
    except PatternError as exc:
        raise ValueLimit(str(exc)) from None
    return compiled.search(_text(text)) is not None


def _is_concept(kind: str, text: Any) -> bool:
    return concept_of(_text(text)) == kind


def _items(x: Any) -> list[str]:
    """A text, or each non-empty text of a list (`goals.items`)."""
    return [t for t in map(_text, x if isinstance(x, list) else [x]) if t.strip()]


def _total(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A function that gives null for arguments it cannot take, as the language promises."""

    def call(*args: Any) -> Any:
        try:
            return _bounded(fn(*args))
        except (TypeError, ValueError, OverflowError):
            return None

    return call


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": lambda x: None if x is None else abs(x),
    "min": lambda *xs: min((x for x in xs if x is not None), default=None),
    "max": lambda *xs: max((x for x in xs if x is not None), default=None),
    "round": _round,
    "len": lambda x: None if x is None else len(x),
    "contains": lambda text, part: _text(part) in _text(text),
    "matches": _matches,
    "startswith": lambda text, prefix: _text(text).startswith(_text(prefix)),
    "endswith": lambda text, suffix: _text(text).endswith(_text(suffix)),
    "coalesce": lambda *xs: next((x for x in xs if x is not None), None),
    "approx": lambda a, b, tol=0.005: None if a is None or b is None else abs(a - b) <= tol,
    "nonstandard": lambda text: is_nonstandard(_text(text)),
    # what a name measures, from the framework's one vocabulary (framework/concepts.yaml)
    "concept": lambda text: concept_of(_text(text)),
    "head": lambda text: head_of(_text(text)),
    "direction": lambda text: (found := direction_of(_text(text))) and found[0],
    "counts_visits": lambda text: counts_visits(_text(text)),
    **{f"is_{kind}": partial(_is_concept, kind) for kind in concept_names()},
    # what a value, goal or header text says (framework/concepts.yaml: vague, source_notes,
    # placeholders, execution); given a list (`goals.items`), whether any item does
    "is_vague": lambda text: any(is_vague(t) for t in _items(text)),
    "is_source_note": lambda text: any(is_source_note(t) for t in _items(text)),
    "is_placeholder": lambda text: any(is_placeholder(t) for t in _items(text)),
    "is_execution": lambda text: any(is_execution(t) for t in _items(text)),
    "is_cumulative": lambda text: any(is_cumulative(t) for t in _items(text)),
    "restates": lambda text, name: restates(_text(text), _text(name)),
    # a 政策依据 that names a document; a 测算依据 that shows an amount or a standard
    "cites_document": lambda text: cites_document(_text(text)),
    "states_amount": lambda text: states_amount(_text(text)),
    # goals that together say no more than the project's name (null when there are none)
    "adds_nothing": lambda texts, name: (
        all(adds_nothing(t, _text(name)) for t in items) if (items := _items(texts)) else None
    ),
}
FUNCTIONS = {name: _total(fn) for name, fn in FUNCTIONS.items()}


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
        try:
            found = a in b if not isinstance(b, str) else _text(a) in b
        except TypeError:  # `x in 5`: nothing is in a number
            return None
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
        return lambda ctx: _bounded([item(ctx) for item in items])
    if kind == "call":
        name = str(kids[0])
        if name not in FUNCTIONS:
            raise ExpressionError(f"未知函数“{name}”。可用：{', '.join(FUNCTIONS)}")
        fn = FUNCTIONS[name]
        args = [_build(k) for k in kids[1:] if k is not None]
        if name == "matches" and len(args) == 2 and _is_constant(kids[2]):
            source = args[1]({})
            try:
                pattern = compile_pattern(source)  # compiled once, with the rule
            except PatternError as exc:
                raise ExpressionError(str(exc)) from None
            text = args[0]
            return lambda ctx: pattern.search(_text(text(ctx))) is not None
        if len(args) == 1:
            (only,) = args
            return lambda ctx: fn(only(ctx))
        return lambda ctx: fn(*[a(ctx) for a in args])
    if kind == "neg":
        inner = _build(kids[0])
        return lambda ctx: -v if isinstance(v := inner(ctx), (int, float)) else None
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


def _unwrapped(node: Tree | Token) -> Tree | Token:
    """The node an aliased one-child rule (`or_`, `and_`, `compare`, `arith`) stands for."""
    while isinstance(node, Tree) and node.data in _PASS_THROUGH and len(node.children) == 1:
        node = node.children[0]
    return node


_PASS_THROUGH = frozenset(("or_", "and_", "compare", "arith"))


def _is_constant(node: Tree | Token) -> bool:
    node = _unwrapped(node)
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
        _check_size(fn, value, other)
        try:
            value = _bounded(fn(value, other))
        except (TypeError, ZeroDivisionError, OverflowError):
            return None
    return value


def _size(x: Any) -> int | None:
    """How much a text or list holds, all the way down: its characters, or its items and
    theirs (a list of ten thousand references to one list of ten thousand is 10⁸, however
    little memory it takes until `str()` writes it out); counted up to just past MAX_VALUE.
    None for a number, a truth value or null."""
    if isinstance(x, str):
        return len(x)
    if not isinstance(x, list):
        return None
    total, stack = 0, [x]
    while stack and total <= MAX_VALUE:
        for item in stack.pop():
            total += 1
            if isinstance(item, str):
                total += len(item)
            elif isinstance(item, list):
                stack.append(item)
    return total


_TOO_LARGE = f"表达式构造的值超过 {MAX_VALUE} 个字符或元素（嵌套的列表按其中全部元素计）"


def _check_size(fn: Callable[[Any, Any], Any], a: Any, b: Any) -> None:
    """Refuse, before it is built, a text or list holding more than MAX_VALUE (`"x" * n`,
    `[l] * n`, `a + b`), nested lists counted whole."""
    sa, sb = _size(a), _size(b)
    if sa is None and sb is None:
        return
    if fn is operator.mul:
        count = b if sa is not None else a
        if isinstance(count, int) and (sa if sa is not None else sb or 0) * max(count, 0) > MAX_VALUE:
            raise ValueLimit(_TOO_LARGE)
    elif fn is operator.add and sa is not None and sb is not None and sa + sb > MAX_VALUE:
        raise ValueLimit(_TOO_LARGE)


def _bounded(value: Any) -> Any:
    """`value`, if it is within the language's bounds on numbers and sizes."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise ValueLimit(f"表达式构造的数值超过 {MAX_NUMBER:.0e}")
    if isinstance(value, (str, list)) and (_size(value) or 0) > MAX_VALUE:
        raise ValueLimit(_TOO_LARGE)
    return value


def _parse(source: str) -> Tree:
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"表达式过长（{len(source)} 个字符，上限 {MAX_SOURCE}）")
    try:
        tree = _parser().parse(source)
    except LarkError as exc:
        column = getattr(exc, "column", None)
        where = f"第 {column} 列" if column and column > 0 else ""
        raise ExpressionError(f"表达式无法解析{where}：{source}") from None
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"表达式嵌套过深（超过 {MAX_DEPTH} 层），请拆成几条规则或简化")
    return tree


def _depth(tree: Tree) -> int:
    """How deep the parse tree is, counted without recursion (it may be deep). The grammar
    wraps each operand in about six one-child nodes, so MAX_DEPTH * 6 is MAX_DEPTH levels
    of brackets or calls."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((kid, depth + 1) for kid in node.children if isinstance(kid, Tree))
    return deepest // 6


def _named(tree: Tree, scope: str) -> Tree:
    """The tree with each field named as the form names it (`政策依据`, `指标值`) replaced by
    the context path it stands for in the rule's scope; a Chinese name that stands for no
    field is an error naming the ones that do (a misspelt field would otherwise be null,
    and the rule silent)."""
    names = FIELD_NAMES.get(scope, {})
    for node in tree.find_data("path"):
        first = str(node.children[0])
        if first.isascii():
            continue
        if first not in names:
            known = "、".join(names) or "（无）"
            raise ExpressionError(f"未知字段“{first}”；{scope or '此'}规则可用的中文字段名：{known}")
        node.children[:1] = [Token("NAME", part) for part in names[first].split(".")]
    return tree


@cache
def compile_expression(source: str, scope: str = "") -> Compiled:
    """Parse once; the result is a function of a context. Raises ExpressionError with the
    column. `scope` (indicator, project…) says what the form's field names stand for."""
    return _build(_named(_parse(source), scope))


@cache
def fields_read(source: str, scope: str = "") -> frozenset[tuple[str, ...]]:
    """The dotted fields an expression reads (`params.floor` → ("params", "floor")), so a rule
    that reads a parameter it never declares is refused when it loads (asked twice per rule:
    for its parameters and for what the row memo keys on)."""
    tree = _named(_parse(source), scope)
    return frozenset(tuple(str(k) for k in node.children) for node in tree.find_data("path"))


def field_path(name: str, scope: str) -> str:
    """A selector's key as a context path: a form's field name (`政策依据`) or a path as given."""
    first, _, rest = name.partition(".")
    path = FIELD_NAMES.get(scope, {}).get(first)
    return name if path is None else path + ("." + rest if rest else "")
