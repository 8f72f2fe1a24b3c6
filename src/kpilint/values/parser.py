"""`parse_value`: a 指标值 string to a `Value`, never raising.

The Lark LALR parser runs with an inline transformer (no parse tree is built),
and results are cached per distinct string: real tables repeat values a lot.

A value the grammar reads whole takes the fast path or one parse. Only a value it
refuses goes on to the prose readers below (`_read_cell`): several values in one cell,
a label before the value, a note after it. They find where the value is (prose.py) and
ask the same grammar to read it, so there is one grammar of what a value is.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

from kpilint.values import dates, prose
from kpilint.values.normalise import normalise, slip_repairs, source_positions
from kpilint.values.numerals import chinese_to_int
from kpilint.values.qualitative import grade_of, lookup_entry
from kpilint.values.units import is_period, lookup_unit, rate_dimension, split_unit, unit_table
from kpilint.values.value import Value, ValueSyntaxError, fmt_number

MAX_VALUE_LENGTH = 1000  # a cell longer than this is prose, not a value
MAX_PROSE_LENGTH = 300  # the prose readers try several readings; longer cells are not tried
MAX_ANCHORS = 12  # places tried for the start of a value in one piece of prose
MAX_CHAIN = 3  # values run together without a separator (`在20个工作日内每月公示3个工作日`)
MAX_TRIES = 64  # grammar attempts the prose readers may make for one cell (real ones need < 10)
EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "/", "\\", "不适用"})

_OP_OF_WORD = prose.OP_OF_WORD
_OP_OF_SYMBOL = prose.OP_OF_SYMBOL
_MULTIPLIER = {"千": 1e3, "万": 1e4, "亿": 1e8}
_SHARE_UNIT = {"百分之": "%", "千分之": "‰", "万分之": "‱"}
_DUTY_HOURS = "小时/周"  # 7*24: days a week × hours a day

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
    "NAMED_UNIT": "单位",
    "PER_SCALE": "单位",
    "PERIOD_END": "“末/底”",
    "DAY_OF": "日期",
    "DATE": "日期",
    "QUARTER": "季度",
    "$END": "结尾",
}


_UNIT_TOKENS = frozenset({"UNIT", "NAMED_UNIT", "PER_SCALE"})


@dataclass(slots=True)
class _Amount:
    number: float
    unit_text: str
    multiplier: float
    approximate: bool
    has_multiplier_text: str
    times: float | None = None  # the second factor of `7*24`, `1*1km`


class _UnitText(str):
    """The unit of an amount as written (the grammar's `unit`), told apart from a multiplier."""


class _ToValue(Transformer):
    """Builds the fields of a Value bottom-up, as the LALR parser reduces."""

    def arabic(self, children: list[Token]) -> float:
        sign = -1.0 if len(children) == 2 and children[0] == "-" else 1.0
        return sign * float(str(children[-1]).replace(",", ""))

    def chinese(self, children: list[Token]) -> float:
        return float(chinese_to_int(str(children[0])))

    def multiplier(self, children: list[Token]) -> str:
        return str(children[0])

    def unit(self, children: list[Token]) -> _UnitText:
        return _UnitText("".join(children))

    def amount(self, children: list[Any]) -> _Amount:
        number, rest = children[0], children[1:]
        times = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "TIMES":
            times, rest = rest[1], rest[2:]
        unit_text = str(rest.pop()) if rest and isinstance(rest[-1], _UnitText) else ""
        mults = "".join(m for m in rest if m in _MULTIPLIER)
        factor = 1.0
        for m in mults:
            factor *= _MULTIPLIER[m]
        approx = any(m in "余多" for m in rest)
        return _Amount(number, unit_text, factor, approx, mults, times)

    def percent_cn(self, children: list[Any]) -> _Amount:
        return _Amount(children[1], _SHARE_UNIT[str(children[0])], 1.0, False, "")

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
            first = replace(
                first,
                unit_text=second.unit_text,
                multiplier=second.multiplier,
                has_multiplier_text=second.has_multiplier_text,
            )
        months = _months(op or op2, first, second)
        if months:  # 1-12月: January to December, a period (2026年1-12月 likewise)
            return dates.period_fields(None, *months)
        low = _resolve(first, {"kind": "range", "op": op or op2, "approximate": approx or approx2})
        high = _resolve(second, {})
        if low["unit"] != high["unit"]:
            raise ValueSyntaxError(
                f"范围两端单位不一致：{low['unit'] or '无单位'} 与 {high['unit'] or '无单位'}"
            )
        low["low"] = low.pop("magnitude")
        low["high"] = high["magnitude"]
        return low

    def date(self, children: list[Any]) -> dict[str, Any]:
        op, _, token = _combine(children)
        return dates.date_fields(str(token), op)

    def date_range(self, children: list[Any]) -> dict[str, Any]:
        """`2026年2月至2026年12月`: a period; as a target it is a deadline at its end."""
        first, last = (str(c) for c in children if isinstance(c, Token) and c.type == "DATE")
        year = dates.DATE.match(first).group(1)  # type: ignore[union-attr]
        if year and not dates.DATE.match(last).group(1):  # type: ignore[union-attr]
            last = f"{year}年{last}"  # 2026年10月至11月底: the year of the start
        fields = dates.date_fields(last, "<=")
        start = dates.start_of(first)
        # a start only when both ends are dated alike and in order (not 2026年10月至2026年2月)
        if start[:2] == fields["date"][:2] and start <= fields["date"]:
            fields["start"] = start
        return fields

    def date_to_month(self, children: list[Any]) -> dict[str, Any]:
        """`2022年4月至8月`: a period within a year; a deadline at the end of its last month."""
        start = str(children[0])
        year = dates.DATE.match(start).group(1)  # type: ignore[union-attr]
        first = int(dates.DATE.match(start).group(2) or 0)  # type: ignore[union-attr]
        last = _month_of(children[2], first)
        return dates.period_fields(int(year) if year else None, max(first, 1), last)

    def month_range(self, children: list[Any]) -> dict[str, Any]:
        """`2022年5-6月`, `2022年10—12月`: the year once, then a range of months."""
        start = str(children[0])
        year, month = dates.DATE.match(start).groups()[:2]  # type: ignore[union-attr]
        first = float(str(children[1]))
        if month or not year or not first.is_integer() or not 1 <= first <= 12:
            raise ValueSyntaxError(f"“{start}{children[1]}”不是月份区间的开头")
        last = _month_of(children[3], int(first))
        return dates.period_fields(int(year), int(first), last)

    def recurring_date(self, children: list[Any]) -> dict[str, Any]:
        """`每年6月底前`, `每年年底`, `每季度末`, `每月底前`: a deadline in every period."""
        per = dates.period_of(children[0])
        op, _, token = _combine(children[1:])
        if token.type == "PERIOD_END":  # the end of each period: a date only for a year
            named = str(token)[:-1]
            if named and dates.period_of(named) != per:
                raise ValueSyntaxError(f"“{children[0]}”与“{token}”的周期不一致")
            fields = {"kind": "deadline", "op": op, "dimension": "time"}
            if per == "年":
                fields["date"] = "--12-31"
        elif per != "年" or dates.DATE.match(str(token)).group(1):  # type: ignore[union-attr]
            raise ValueSyntaxError(f"“{children[0]}”之后不能写“{token}”")
        else:
            fields = dates.date_fields(str(token), op)
            fields.pop("start", None)
        fields["per"] = per
        return fields

    def recurring_day(self, children: list[Any]) -> dict[str, Any]:
        """`每月10日前`: by a day of every month (like `每季度末，次月20日之前`, the day in 天)."""
        per = dates.period_of(children[0])
        op, _, token = _combine(children[1:])
        day = int(str(token)[:-1])
        if per != "月" or not 1 <= day <= 31:
            raise ValueSyntaxError(f"“{children[0]}{token}”不是每期都有的日期（应如“每月10日前”）")
        return {"kind": "deadline", "op": op, "magnitude": float(day), "unit": "天",
                "dimension": "time", "per": per}  # fmt: skip

    def next_year(self, children: list[Any]) -> dict[str, Any]:
        """`次年3月底前`, `次年底前`: a deadline in the year after the budget year."""
        op, _, token = _combine(children[1:])
        if token is None or token.type == "PERIOD_END":
            fields = dates.date_fields("年底", op)
        elif dates.DATE.match(str(token)).group(1):  # type: ignore[union-attr]
            raise ValueSyntaxError(f"“{children[0]}”之后不能再写年份“{token}”")
        else:
            fields = dates.date_fields(str(token), op)
        fields["year_offset"] = 1
        return fields

    def term(self, children: list[Any]) -> dict[str, Any]:
        """`项目周期内`, `合同期内`: within a period that has no date in the table; its name is
        the unit (as 季度 is the unit of `≤4季度`)."""
        op, _, token = _combine(children)
        name = str(token).removeprefix("在")
        return {"kind": "deadline", "op": op or "<=", "unit": name, "dimension": "time"}

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
        return dates.quarter_fields(number, op)

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
    fields = _resolve(
        amount, {"kind": "quantity", "op": op, "approximate": approx or amount.approximate}
    )
    if (
        fields["unit"] == "季度"
        and op in (None, "<=", "<", "=")
        and fields["magnitude"] in (1, 2, 3, 4)
    ):
        return dates.quarter_fields(int(fields["magnitude"]), op)
    return fields


def _resolve(amount: _Amount, fields: dict[str, Any]) -> dict[str, Any]:
    """Adds to `fields` the magnitude in the canonical unit, the unit and its dimension;
    and, when the text says so, the period of a rate (`per`), words after the unit
    (`note`) and a bare multiplier (`78万`: `multiplier` 万, for the parser cannot tell
    万元 from 万人)."""
    if amount.times is not None:
        return _product(amount, fields)
    mults, unit_text = amount.has_multiplier_text, amount.unit_text
    magnitude = amount.number
    if amount.multiplier != 1.0:  # 16.58万: 165800, not 165799.99999999997
        magnitude = round(magnitude * amount.multiplier, 6)
    fields["magnitude"] = magnitude
    if not unit_text:
        fields["unit"], fields["dimension"] = "", "dimensionless"
        if mults:
            fields["multiplier"] = mults
        return fields
    unit = lookup_unit(unit_text)
    if unit is not None:
        fields["unit"], fields["dimension"] = unit.symbol, unit.dimension
        return fields
    reading = split_unit(unit_text)
    if reading is None:  # a unit kpilint does not know: kept verbatim
        fields["unit"], fields["dimension"] = unit_text, "count"
        return fields
    symbol = reading.unit.symbol if reading.unit else ""
    fields["unit"] = f"{symbol}/{reading.per}" if reading.per else symbol
    # A rate with nothing before its slash (`≤2000/人·天`) says no unit: kpilint does not
    # guess 元, and keeps it, like any unit it does not know, as `count` (not a bare number
    # in the table's money unit); `per` and `multiplier` say what is known.
    fields["dimension"] = rate_dimension(
        reading.unit.dimension if reading.unit else "count", reading.per
    )
    if reading.per:
        fields["per"] = reading.per
    if reading.note:
        fields["note"] = prose.unwrap(reading.note)
    if mults and reading.unit is None:
        fields["multiplier"] = mults  # ≤96万/年: 万 of what, the text does not say
    return fields


def _product(amount: _Amount, fields: dict[str, Any]) -> dict[str, Any]:
    """`7*24`: hours of duty a week; `1*1km`: a grid, read as its (larger) side."""
    a, b = amount.number, amount.times or 0.0
    if not amount.unit_text and a.is_integer() and b.is_integer() and 1 <= a <= 7 and 1 <= b <= 24:
        fields.update(magnitude=a * b, unit=_DUTY_HOURS, dimension="time", per="周")
        return fields
    side = _resolve(replace(amount, number=max(a, b), times=None), fields)
    if side["dimension"] == "length":
        return side
    raise ValueSyntaxError(f"“{fmt_number(a)}*{fmt_number(b)}{amount.unit_text}”的乘积含义不明")


def _months(op: str | None, first: _Amount, second: _Amount) -> tuple[int, int] | None:
    """(1, 12) for `1-12月` (and `6月至12月底`): a range of month numbers written with 月 (not
    个月, a duration), no comparator, within one year."""
    if op or first.unit_text not in ("", "月") or second.unit_text not in ("月", "月底", "月末"):
        return None
    if first.has_multiplier_text or second.has_multiplier_text or first.approximate:
        return None
    a, b = first.number, second.number
    if not (a.is_integer() and b.is_integer() and 1 <= a < b <= 12):
        return None
    return int(a), int(b)


def _month_of(amount: Any, first: int) -> int:
    """The month that ends a period (`至8月`: 8), which may not come before its start."""
    if not isinstance(amount, _Amount) or amount.unit_text != "月" or amount.has_multiplier_text:
        raise ValueSyntaxError("时间段的结尾应为月份，如“8月”")
    month = amount.number
    if not month.is_integer() or not max(first, 1) <= month <= 12:
        raise ValueSyntaxError(f"月份 {fmt_number(month)} 不能作时间段的结尾")
    return int(month)


_UNIT_CHAR = re.compile(r"^UNIT_CHAR: /(.*)/$", re.MULTILINE)


def _named_units(grammar: str) -> str:
    """The aliases of units.txt that the grammar's UNIT cannot read whole (平方千米, 千克,
    μg/m3), as one regex, longest first: the grammar's NAMED_UNIT."""
    unit = re.compile(f"(?:{_UNIT_CHAR.search(grammar).group(1)})+")  # type: ignore[union-attr]
    named = sorted((a for a in unit_table() if not unit.fullmatch(a)), key=len, reverse=True)
    return "|".join(re.escape(a).replace("/", "\\/") for a in named)


@cache
def _parser() -> Lark:
    grammar = files("kpilint.values").joinpath("grammar.lark").read_text(encoding="utf-8")
    grammar = grammar.replace("__NAMED_UNITS__", _named_units(grammar))
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
    named = grammar.get_terminal("NAMED_UNIT").pattern.to_regexp()
    # Where the grammar's higher-priority DATE or QUARTER would lex, do not take the fast path.
    taken = "|".join(grammar.get_terminal(t).pattern.to_regexp() for t in ("DATE", "QUARTER"))
    # A multiplier that starts a named unit (千 of 千米) is the unit's, as in the grammar. UNIT
    # is tried first (the common case): text it reads whole holds no named unit, for every
    # named unit has a character UNIT does not take (a multiplier or a digit).
    return re.compile(
        rf"(?P<op>[≥≤<>=])?(?!{taken})(?P<num>\d+(?:\.\d+)?)"
        rf"(?:(?=[千万亿])(?!{named})(?P<mult>[千万亿]))?"
        rf"(?P<unit>{unit}|{named})?(?P<suffix>及以上|以上|及以下|以下|以内|内)?"
    )


_SUFFIX_OP = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "内": "<="}


def _fast_fields(norm: str) -> dict[str, Any] | None:
    match = _fast_pattern().fullmatch(norm)
    if match is None:
        return None
    symbol, number, mult, unit, suffix = match.group("op", "num", "mult", "unit", "suffix")
    mult = mult or ""
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
    last = (getattr(exc, "token_history", None) or [None])[-1]
    if getattr(last, "type", None) in _UNIT_TOKENS:  # `≥90%≥90%`: not "a unit" after a unit
        expected = set(expected) - _UNIT_TOKENS
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


_GRAMMAR_ERRORS = (UnexpectedInput, VisitError, ValueSyntaxError)
# Grammar attempts left to the prose readers for the value being parsed (per thread/task).
_TRIES: ContextVar[list[int] | None] = ContextVar("kpilint_value_tries", default=None)


class _CellError(Exception):
    """One of several values in a cell is unreadable: says which, and where in the cell."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message, self.pos = message, pos


def _message_of(exc: Exception, norm: str) -> tuple[str, int]:
    """The Chinese message for a grammar complaint, and its position in `norm`."""
    if isinstance(exc, _CellError):
        return exc.message, exc.pos
    if isinstance(exc, VisitError):
        exc = exc.orig_exc
    if isinstance(exc, UnexpectedInput):
        return _error_message(exc, norm)
    return str(exc), 0


def _fields(norm: str) -> dict[str, Any]:
    """Fields by the fast path or the grammar; raises on bad input."""
    return _fast_fields(norm) or grammar_fields(norm)


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
    fields = _fast_fields(norm)
    if fields is not None:  # the commonest values: one regex, no grammar
        return Value(text, **fields)
    budget = _TRIES.set([MAX_TRIES])
    try:
        value = _read(norm, text)
    except RecursionError:  # pragma: no cover - nothing here recurses deeply
        return Value(text, "invalid", error="指标值无法解析", error_pos=0)
    finally:
        _TRIES.reset(budget)
    if isinstance(value, Value):
        return value if value.text == text else replace(value, text=text)
    message, pos = _message_of(value, norm)
    origin = source_positions(text)
    original = origin[pos] if pos < len(origin) else len(text)
    return Value(text, "invalid", error=message, error_pos=original)


def _read(norm: str, text: str | None = None) -> Value | Exception:
    """A normalised value, read whole by the grammar, else by the prose readers; when
    nothing reads it, the grammar's complaint about the whole text (or about one part).
    The value's `text` is `text` (the cell as written) where that is cheap, else `norm`."""
    if text is None:
        text = norm
    if norm in EMPTY_MARKS:
        return Value(text, "empty")
    entry = lookup_entry(norm)
    if entry:
        return Value(text, "qualitative", grade=entry[0], direction=entry[1])
    fields = _fast_fields(norm)
    if fields is not None:
        return Value(text, **fields)
    has_digit = prose.has_digit(norm)
    try:
        fields = grammar_fields(norm)
    except _GRAMMAR_ERRORS as exc:
        prosy = len(norm) <= MAX_PROSE_LENGTH
        numbered = _numbered(norm, text)
        if numbered is not None:
            return numbered
        if not has_digit:  # 年底前完成 is a deadline, 每年一次 a rate; other words are qualitative
            return (
                _chinese_rate(norm)
                or _periodicity(norm, text)
                or (prosy and _read_piece(norm, deadlines_only=True))
                or _qualitative(text, norm)
            )
        for repaired in slip_repairs(norm):  # 吨≥1000, 》95%
            value = _read(repaired)
            if isinstance(value, Value) and value.kind in ("quantity", "range") and _plain(value):
                return replace(value, text=norm)
        if not prosy:
            return exc
        found = _read_cell(norm)
        if found is not None:
            return found
        grade, direction = grade_of(norm)
        if grade != "unknown":  # 比2025年提升, 实现24小时辐射环境自动监测: words with numbers in
            return Value(norm, "qualitative", grade=grade, direction=direction)
        return exc
    if not has_digit and fields["kind"] == "quantity" and not _plain_fields(fields):
        # 一般 is not "1 般", 十分满意 is not "10 分"; 二、有效提升 is item 二; 一年一次 a rate
        return _chinese_rate(norm) or _numbered(norm, text) or _qualitative(text, norm)
    return Value(text, **fields)


@cache
def _every() -> re.Pattern[str]:
    return re.compile(_parser().get_terminal("EVERY").pattern.to_regexp())


def _periodicity(norm: str, text: str) -> Value | None:
    """`每月`, `按季度`: once a period, read as `每月一次` is (1 次/月). Only a whole cell:
    inside words `每年` is the label of what follows (`每年开展2次宣传`)."""
    if not _every().fullmatch(norm):
        return None
    per = dates.period_of(norm)
    return Value(text, "quantity", magnitude=1.0, unit=f"次/{per}", dimension="count", per=per)


def _chinese_rate(norm: str) -> Value | None:
    """`每年一次`, `一年两次`, `重点单位每半年一次,其他单位每年一次`: counts in Chinese
    numerals after a period, read as rates (one or several); None for other words."""
    if len(norm) > MAX_PROSE_LENGTH or not prose.has_cn_rate(norm):
        return None
    found = _read_cell(norm)
    return found if isinstance(found, Value) and found.kind != "invalid" else None


def _numbered(norm: str, text: str) -> Value | None:
    """`1:≥95%`, `二、有效提升`: one of several indicators packed in one cell, read with its
    number as label (when the cell is one item: `1:≥95%;2:…` is split first)."""
    number, body = prose.numbering(norm)
    if not number or len(prose.split_top(norm, ";")) > 1:
        return None
    item = _read(body)
    if not isinstance(item, Value) or item.kind == "invalid":
        return None
    return replace(item, text=text, label=item.label or number)


def _unit_known(unit: str) -> bool:
    """A unit kpilint knows, or a rate of one (`元/基地`, `/人·天`)."""
    if lookup_unit(unit) is not None:
        return True
    head = unit.split("/", 1)[0]
    return not head or lookup_unit(head) is not None


def _plain(value: Value) -> bool:
    return not value.note and (not value.unit or lookup_unit(value.unit) is not None)


def _plain_fields(fields: dict[str, Any]) -> bool:
    """A reading with no words left over, in a unit kpilint knows (or a rate of one: 一次/年)."""
    return not fields.get("note") and (not fields["unit"] or _unit_known(fields["unit"]))


# --- prose: several values in a cell, a label before a value, a note after it -----------


def _read_cell(norm: str) -> Value | _CellError | None:
    """Several values in one cell become one ``tiered`` value; a single value in prose is
    read by `_read_piece`. `;` always separates (an unreadable part makes the cell
    invalid, naming the part); `,` `且` `、` separate only pieces that each hold a number,
    and if such a split does not read, the cell is tried as one piece."""
    for level, separators in enumerate(prose.LEVELS):
        pieces = prose.split_top(norm, separators)
        if level:
            pieces = prose.merge_wordy(pieces, norm)
        if len(pieces) < 2:
            continue
        parts: list[Value] = []
        for number, (offset, piece) in enumerate(pieces, 1):
            part = _read(piece)
            if isinstance(part, Value) and part.kind not in ("invalid", "empty"):
                parts.append(part)
                continue
            if level:
                break
            if isinstance(part, Value):
                return _CellError(f"第{number}项为空", offset)
            message, pos = _message_of(part, piece)
            return _CellError(f"第{number}项“{piece}”：{message}", offset + pos)
        else:
            return _tiered(norm, parts)
        break
    return _read_piece(norm)


def _tiered(text: str, parts: list[Value]) -> Value:
    """One value of several parts; `op`, `unit`, `dimension` only where all parts agree."""
    ops = {p.op for p in parts}
    units = {p.unit for p in parts}
    dimensions = {p.dimension for p in parts}
    if dimensions == {"percent", "ratio"}:  # a share and a ‰ cap: rates both, one standard
        dimensions = {"ratio"}
    return Value(
        text,
        "tiered",
        op=ops.pop() if len(ops) == 1 else None,
        unit=units.pop() if len(units) == 1 else "",
        dimension=dimensions.pop() if len(dimensions) == 1 else "mixed",
        parts=tuple(parts),
    )


def _read_piece(text: str, deadlines_only: bool = False, chain: int = 0) -> Value | None:
    """The one value in a piece of prose: `更新率>95%`, `聘用不超过30名编外人员`,
    `100%(受理后…)`, `2026年4月底前完成`. Tries each place a value may start
    (prose.anchors) and keeps the first reading whose label and note make sense."""
    body, bracket = prose.peel(text)
    for start in prose.anchors(body)[:MAX_ANCHORS]:
        label = body[:start]
        if start and (deadlines_only or not prose.usable_label(label)):
            continue
        found = _read_start(body[start:])
        if found is None or not _fits_period(
            label, found[0], body[start : len(body) - len(found[1])]
        ):
            continue
        value = _place(text, found[0], label, found[1], bracket, chain)
        if value is not None and (value.kind == "deadline" or not deadlines_only):
            return value
    return None


_DAY_DEADLINE = re.compile(r"\d{1,2}([日号](之前|以前|前)|号)")


def _fits_period(label: str, fields: dict[str, Any], piece: str) -> bool:
    """Right after a period (`每月`, `每季度`), a date must be one that comes in every period:
    a day with 前 is a day of the period, not a duration (the grammar reads `每月10日前` whole,
    so here it is one it refused: `每月32日前`, `每季度10日前`); a month and day only every
    year (`每季度6月底前` is no date)."""
    per = prose.label_per(label) if label else ""
    if not per or not is_period(per) or not label.endswith(per):
        return True  # 每季度末,次月20日之前: the label names another month
    if _DAY_DEADLINE.fullmatch(piece):
        return False
    return not (fields["kind"] == "deadline" and fields.get("date") and per != "年")


def _read_start(text: str) -> tuple[dict[str, Any], str] | None:
    """Fields of the longest start of `text` the grammar reads, and the rest of `text`.
    None also when this cell has used up its tries (`MAX_TRIES`): prose with dozens of
    numbers and no separators is not a value, and must not take seconds to say so."""
    tries = _TRIES.get()
    if tries is not None:
        tries[0] -= 1
        if tries[0] < 0:
            return None
    try:
        return _fields(text), ""
    except UnexpectedInput as exc:
        _, pos = _error_message(exc, text)
        if not 0 < pos < len(text):
            return None
        try:
            return _fields(text[:pos]), text[pos:]
        except _GRAMMAR_ERRORS:
            return None
    except (VisitError, ValueSyntaxError):
        return None


def _place(
    text: str, fields: dict[str, Any], label: str, rest: str, bracket: str, chain: int
) -> Value | None:
    """The value read at one place in `text`, with the words around it; None when the
    words say this is not the value (a unit kpilint does not know inside a sentence, a
    bare or approximate number there, a comparison of two quantities, a date followed by
    something other than 完成, a time that describes a noun)."""
    kind = fields["kind"]
    if kind not in ("quantity", "range", "deadline"):
        return None
    op = fields.get("op")
    if op is None and label:
        op, one_target = prose.label_op(label)
        if not one_target:
            return None  # 实际聘用编外人员数量大于预算编外人员数80%: a comparison, not a target
    inside_words = kind != "deadline" and (label or rest)
    if inside_words and (not _unit_known(fields["unit"]) or not (fields["unit"] or op)):
        return None  # found inside words: trust known units only, and no bare number
    if inside_words and fields.get("approximate") and op is None:
        return None  # 年增长1万人左右: "about" inside a sentence is no target to assess
    unit_words = fields.pop("note", "")
    if prose.has_digit(rest):  # another value follows without a separator
        if chain >= MAX_CHAIN or kind == "deadline":
            return None  # 2023年完成率90%: the year belongs to the label of 90%
        second = _read_piece(rest + bracket, chain=chain + 1)
        if second is None or not prose.is_prose(unit_words + second.label):
            return None
        head = text[: len(text) - len(bracket) - len(rest)]
        first = _place(head, fields, label, "", "", chain)
        if first is None:
            return None
        first = replace(first, note=unit_words)
        return _tiered(text, [first, *(second.parts if second.kind == "tiered" else [second])])
    words = (unit_words + rest).lstrip(",;:、")
    if words:
        done = prose.done_verb(words)
        if not prose.is_prose(words):
            return None
        if kind == "deadline" and not done:
            return None  # 2021年安排科普专项经费
        if label and fields["dimension"] == "time" and not done:
            return None  # 实现24小时辐射环境自动监测: the hours describe the monitoring
        if done and kind == "deadline" and op is None:
            op = "<="  # 2026年年底完成…: done by then
    note = words + bracket if words else prose.unwrap(bracket)
    extra: dict[str, Any] = {"op": op}
    if label:
        extra |= _label_fields(fields, label, op)
    return Value(text, **(fields | extra), note=note)


def _label_fields(fields: dict[str, Any], label: str, op: str | None) -> dict[str, Any]:
    """What a label says about the value after it: a period (`每季度`), a lag
    (`…后4小时`: within), a day of next month (`次月20日`), a change (`同比增长`)."""
    if not fields.get("op") and op:  # the label gave the comparator: do not say it twice
        label = prose.drop_leading_op(label)
    out: dict[str, Any] = {"label": prose.clean_label(label)}
    per = prose.label_per(label)
    if fields["kind"] == "quantity" and fields["unit"] == "天" and prose.is_next_month(label):
        out["kind"] = "deadline"  # 每季度末，次月20日之前: by the 20th, every quarter
        out["op"] = op or "<="
        if per:
            out["per"] = per
        return out
    if op is None and prose.is_lag(label) and fields["dimension"] == "time":
        out["op"] = "<="
    if fields["kind"] == "deadline" and is_period(per) and not fields.get("per"):
        out["per"] = per  # 每年11月30日前完成: a deadline every year
    if per and fields["kind"] in ("quantity", "range") and not fields.get("per"):
        out["unit"] = f"{fields['unit']}/{per}"
        out["per"] = per
        out["dimension"] = rate_dimension(fields["dimension"], per)  # 每万人拥有≥2名
    direction = prose.label_direction(label)
    if direction and fields["kind"] in ("quantity", "range"):
        out["direction"] = direction
    return out
