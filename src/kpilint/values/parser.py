"""`parse_value`: a 指标值 string to a `Value`, never raising.

The Lark LALR parser runs with an inline transformer (no parse tree is built),
and results are cached per distinct string: real tables repeat values a lot.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

from kpilint.values.normalise import normalise, slip_repairs, source_positions
from kpilint.values.numerals import chinese_to_int
from kpilint.values.qualitative import grade_of, lookup_entry
from kpilint.values.units import lookup_unit
from kpilint.values.value import Value

MAX_VALUE_LENGTH = 1000  # a cell longer than this is prose, not a value
EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "/", "\\", "不适用"})

_OP_WORDS = {
    ">=": ("不少于", "不低于", "至少", "大于等于", "大于或等于", "达到", "不小于"),
    "<=": ("不超过", "不高于", "不多于", "小于等于", "小于或等于", "不大于"),
    ">": ("超过", "高于", "大于", "多于"),
    "<": ("低于", "不足", "小于", "少于"),
    "=": ("等于",),
}
_OP_OF_WORD = {word: op for op, words in _OP_WORDS.items() for word in words}
_OP_OF_SYMBOL = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_MULTIPLIER = {"千": 1e3, "万": 1e4, "亿": 1e8}
_PER_UNIT = re.compile(r"^([千万亿]?元)([/·].+)$")
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?")

# Lark terminal names, as a user would call them (for error messages).
_EXPECTED_ZH = {
    "NUMBER": "数字",
    "CN_NUMBER": "数字",
    "UNIT": "单位",
    "OP": "比较符",
    "OP_WORD": "比较词",
    "GE_SUFFIX": "“以上”",
    "LE_SUFFIX": "“以下/以内”",
    "DEADLINE_SUFFIX": "“之前”",
    "RANGE_SEP": "范围符“-”",
    "MULT": "“万/千/亿”",
    "DATE": "日期",
    "QUARTER": "季度",
    "$END": "结尾",
}


class ValueSyntaxError(ValueError):
    """A value that the grammar accepts but that contradicts itself."""


@dataclass(frozen=True, slots=True)
class _Amount:
    number: float
    unit_text: str
    multiplier: float
    approximate: bool
    has_multiplier_text: str


class _ToValue(Transformer):
    """Builds the fields of a Value bottom-up, as the LALR parser reduces."""

    def arabic(self, children: list[Token]) -> float:
        sign = -1.0 if len(children) == 2 and children[0] == "-" else 1.0
        return sign * float(str(children[-1]).replace(",", ""))

    def chinese(self, children: list[Token]) -> float:
        return float(chinese_to_int(str(children[0])))

    def multiplier(self, children: list[Token]) -> str:
        return str(children[0])

    def amount(self, children: list[Any]) -> _Amount:
        number, rest = children[0], children[1:]
        unit_text = str(rest.pop()) if rest and isinstance(rest[-1], Token) else ""
        mults = "".join(m for m in rest if m in _MULTIPLIER)
        factor = 1.0
        for m in mults:
            factor *= _MULTIPLIER[m]
        approx = any(m in "余多" for m in rest)
        return _Amount(number, unit_text, factor, approx, mults)

    def percent_cn(self, children: list[Any]) -> _Amount:
        return _Amount(children[1], "%", 1.0, False, "")

    def prefix(self, children: list[Token]) -> tuple[str | None, bool]:
        op = None
        approx = False
        for token in children:
            if token.type == "OP":
                op = _OP_OF_SYMBOL[str(token)]
            elif token.type == "OP_WORD":
                op = _OP_OF_WORD[str(token)]
            else:
                approx = True
        return op, approx

    def suffix(self, children: list[Token]) -> tuple[str | None, bool]:
        token = children[0]
        if token.type == "GE_SUFFIX":
            return ">=", False
        if token.type in ("LE_SUFFIX", "DEADLINE_SUFFIX"):
            return "<=", False
        return None, True

    # --- the five shapes of a value --------------------------------------
    def quantity(self, children: list[Any]) -> dict[str, Any]:
        return _quantity_fields(*_combine(children))

    def controlled(self, children: list[Any]) -> dict[str, Any]:
        fields = self.quantity(children[1:])
        fields["op"] = "<="
        return fields

    def range(self, children: list[Any]) -> dict[str, Any]:
        separator = next(i for i, c in enumerate(children) if isinstance(c, Token))
        op, approx, first = _combine(children[:separator])
        op2, approx2, second = _combine(children[separator + 1 :])
        if not first.unit_text and not first.has_multiplier_text:
            first = _Amount(
                first.number,
                second.unit_text,
                second.multiplier,
                first.approximate,
                second.has_multiplier_text,
            )
        low, unit, dimension = _resolve(first)
        high, unit2, _ = _resolve(second)
        if unit != unit2:
            raise ValueSyntaxError(f"范围两端单位不一致：{unit or '无单位'} 与 {unit2 or '无单位'}")
        return {
            "kind": "range",
            "op": op or op2,
            "unit": unit,
            "dimension": dimension,
            "low": low,
            "high": high,
            "approximate": approx or approx2,
        }

    def date(self, children: list[Any]) -> dict[str, Any]:
        op, _, token = _combine(children)
        text = str(token)
        year_s, month_s, day_s = _DATE.match(text).groups()  # type: ignore[union-attr]
        year = int(year_s) if year_s else None
        month = int(month_s) if month_s else 12
        if not 1 <= month <= 12:
            raise ValueSyntaxError(f"月份 {month} 不存在")
        last = calendar.monthrange(year or 2001, month)[1]
        day = int(day_s) if day_s else last
        if not 1 <= day <= last:
            raise ValueSyntaxError(f"{month}月没有{day}日")
        if op is None and text.endswith("内"):
            op = "<="
        date = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        return {"kind": "deadline", "op": op, "date": date, "dimension": "time"}

    def date_range(self, children: list[Any]) -> dict[str, Any]:
        """`2026年2月至2026年12月`: a period; as a target it is a deadline at its end."""
        dates = [c for c in children if isinstance(c, Token) and c.type == "DATE"]
        return self.date([dates[-1], *[c for c in children if isinstance(c, tuple)]]) | {"op": "<="}

    def quarter(self, children: list[Any]) -> dict[str, Any]:
        op, _, token = _combine(children)
        digit = re.search(r"[一二三四1-4]", str(token)).group()  # type: ignore[union-attr]
        number = int(digit) if digit.isdigit() else chinese_to_int(digit)
        if op in (">=", ">") and not str(token).startswith("第"):
            return {
                "kind": "quantity",
                "op": op,
                "magnitude": float(number),
                "unit": "季度",
                "dimension": "time",
            }
        return _quarter_fields(number, op)

    def start(self, children: list[Any]) -> dict[str, Any]:
        return children[0]


def _combine(children: list[Any]) -> tuple[str | None, bool, Any]:
    """Merge prefix and suffix comparators around the core of a value."""
    op: str | None = None
    approx = False
    core = None
    for child in children:
        if isinstance(child, tuple):
            child_op, child_approx = child
            approx = approx or child_approx
            if child_op and op and child_op != op:
                raise ValueSyntaxError(f"比较符前后矛盾：{op} 与 {child_op}")
            op = child_op or op
        elif core is None:
            core = child
    return op, approx, core


def _quantity_fields(op: str | None, approx: bool, amount: _Amount) -> dict[str, Any]:
    magnitude, unit, dimension = _resolve(amount)
    if unit == "季度" and op in (None, "<=", "<", "=") and magnitude in (1, 2, 3, 4):
        return _quarter_fields(int(magnitude), op)
    return {
        "kind": "quantity",
        "op": op,
        "magnitude": magnitude,
        "unit": unit,
        "dimension": dimension,
        "approximate": approx or amount.approximate,
    }


def _resolve(amount: _Amount) -> tuple[float, str, str]:
    """Magnitude in the canonical unit, the unit symbol and its dimension."""
    if amount.has_multiplier_text and amount.unit_text:
        whole = lookup_unit(amount.has_multiplier_text + amount.unit_text)  # 千克, 千米
        if whole:
            return amount.number, whole.symbol, whole.dimension
    magnitude = amount.number * amount.multiplier
    if not amount.unit_text:
        return magnitude, "", "dimensionless"
    unit = lookup_unit(amount.unit_text)
    if unit is None:
        per_unit = _PER_UNIT.match(amount.unit_text)
        if per_unit:  # 元/件, 万元/次, 元·人/天: money per something
            head, rest = per_unit.groups()
            factor = _MULTIPLIER.get(head[0], 1.0) if len(head) > 1 else 1.0
            return magnitude * factor, "元" + rest, "currency"
        return magnitude, amount.unit_text, "count"
    return magnitude, unit.symbol, unit.dimension


def _quarter_fields(number: int, op: str | None) -> dict[str, Any]:
    month, day = _QUARTER_END[number]
    return {
        "kind": "deadline",
        "op": op,
        "magnitude": float(number),
        "unit": "季度",
        "dimension": "time",
        "date": f"--{month:02d}-{day:02d}",
    }


@cache
def _parser() -> Lark:
    grammar = files("kpilint.values").joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", transformer=_ToValue())


@cache
def _fast_pattern() -> re.Pattern[str]:
    """The commonest shape (≥90%, ≤0.5万元, 20万人次, 90%以上) as one regex.

    Built from the grammar's own UNIT terminal, and producing fields through the
    same `_quantity_fields`, so it cannot drift from the grammar; tests check that
    both paths agree. It makes typical values ~5x faster than the LALR loop.
    """
    grammar = _parser()
    unit = grammar.get_terminal("UNIT").pattern.to_regexp()
    # Where the grammar's higher-priority DATE or QUARTER would lex, do not take the fast path.
    taken = "|".join(grammar.get_terminal(t).pattern.to_regexp() for t in ("DATE", "QUARTER"))
    return re.compile(
        rf"(?P<op>[≥≤<>=])?(?!{taken})(?P<num>\d+(?:\.\d+)?)(?P<mult>[千万亿]?)"
        rf"(?P<unit>{unit})?(?P<suffix>及以上|以上|及以下|以下|以内|内)?"
    )


_SUFFIX_OP = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "内": "<="}


def _fast_fields(norm: str) -> dict[str, Any] | None:
    match = _fast_pattern().fullmatch(norm)
    if match is None:
        return None
    symbol, number, mult, unit, suffix = match.group("op", "num", "mult", "unit", "suffix")
    op = _OP_OF_SYMBOL[symbol] if symbol else None
    if suffix:
        if op and op != _SUFFIX_OP[suffix]:
            return None  # a contradiction: let the grammar path report it
        op = _SUFFIX_OP[suffix]
    factor = _MULTIPLIER[mult] if mult else 1.0
    return _quantity_fields(op, False, _Amount(float(number), unit or "", factor, False, mult))


def _error_message(exc: UnexpectedInput, norm: str) -> tuple[str, int]:
    pos = getattr(exc, "pos_in_stream", None)
    if isinstance(exc, UnexpectedToken):
        pos = exc.token.start_pos if exc.token.type != "$END" else len(norm)
    pos = len(norm) if pos is None else min(pos, len(norm))
    expected = getattr(exc, "allowed", None) or getattr(exc, "expected", None) or set()
    wanted = sorted({_EXPECTED_ZH[name] for name in expected if name in _EXPECTED_ZH})
    hint = f"，此处应为{'或'.join(wanted)}" if wanted else ""
    if pos >= len(norm):
        return f"指标值在结尾处不完整{hint}", pos
    if isinstance(exc, UnexpectedCharacters):
        return f"第{pos + 1}个字符“{norm[pos]}”无法识别{hint}", pos
    return f"第{pos + 1}个字符处“{norm[pos : pos + 8]}”不符合指标值格式{hint}", pos


def _qualitative(text: str, norm: str) -> Value:
    grade, direction = grade_of(norm)
    return Value(text, "qualitative", grade=grade, direction=direction)


def grammar_fields(norm: str) -> dict[str, Any]:
    """Fields of a Value by the Lark grammar alone (no fast path); raises on bad input."""
    fields = _parser().parse(norm)  # the grammar's inline transformer builds a dict, not a tree
    return cast(dict[str, Any], fields)


@lru_cache(maxsize=1 << 17)
def parse_value(text: str) -> Value:
    """Parse one 指标值. Never raises: a value it cannot read is kind ``invalid``."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_VALUE_LENGTH:
        return Value(
            text,
            "invalid",
            error=f"指标值过长（{len(text)} 个字符），不像一个指标值",
            error_pos=MAX_VALUE_LENGTH,
        )
    norm = normalise(text)
    if norm in EMPTY_MARKS:
        return Value(text, "empty")
    entry = lookup_entry(norm)
    if entry:
        return Value(text, "qualitative", grade=entry[0], direction=entry[1])
    fields = _fast_fields(norm)
    if fields is not None:
        return Value(text, **fields)
    has_digit = any(c.isdigit() for c in norm)
    try:
        fields = grammar_fields(norm)
    except (UnexpectedInput, VisitError, ValueSyntaxError) as exc:
        if not has_digit:
            return _qualitative(text, norm)
        for repaired in slip_repairs(norm):
            value = parse_value(repaired)
            if value.kind in ("quantity", "range") and (not value.unit or lookup_unit(value.unit)):
                return replace(value, text=text)
        if isinstance(exc, VisitError):
            exc = exc.orig_exc  # type: ignore[assignment]
        if isinstance(exc, UnexpectedInput):
            message, pos = _error_message(exc, norm)
        else:
            message, pos = str(exc), 0
        origin = source_positions(text)
        original = origin[pos] if pos < len(origin) else len(text)
        return Value(text, "invalid", error=message, error_pos=original)
    except RecursionError:  # pragma: no cover - grammar is not recursive
        return Value(text, "invalid", error="指标值无法解析", error_pos=0)
    unknown_unit = fields["kind"] == "quantity" and fields["dimension"] == "count"
    if not has_digit and unknown_unit and lookup_unit(fields["unit"]) is None:
        return _qualitative(text, norm)  # 一般 is not "1 般"
    return Value(text, **fields)
