"""Properties of the value parser that must hold for any input."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import examples
from kpilint.values import parse_value
from kpilint.values.normalise import FORMAT_CHARACTERS
from kpilint.values.parser import parse_value as cached_parse
from kpilint.values.units import unit_table
from kpilint.values.value import Value

OPS = ["≥", "≤", ">", "<", "=", ""]
UNITS = ["%", "元", "人次", "人", "次", "天", "年", "个月", "平方米", "台(套)", "项", "家", ""]
MULTS = ["", "万", "千"]


@settings(max_examples=examples(400), deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    value = parse_value(text)
    assert isinstance(value, Value)
    assert value.text == text
    if value.kind == "invalid":
        assert value.error and value.error_pos is not None


@settings(max_examples=examples(20), deadline=None)
@given(st.text(min_size=1, max_size=40).map(lambda t: (t * 100_000)[:100_000]))
def test_never_raises_on_huge_text(text: str) -> None:
    value = parse_value(text)  # 100 kB: one cell of a hostile file
    assert value.kind in ("invalid", "empty")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.characters(categories=["Cc", "Zs", "Nd"]) | st.sampled_from("≥≤%万元")))
def test_control_characters_and_digits(text: str) -> None:
    assert isinstance(parse_value(text), Value)


well_formed = st.builds(
    lambda op, number, mult, unit, frac: (
        f"{op}{number}{'.' + str(frac) if frac else ''}{mult}{unit}"
    ),
    st.sampled_from(OPS),
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from(MULTS),
    st.sampled_from(UNITS),
    st.one_of(st.none(), st.integers(min_value=1, max_value=99)),
)


@settings(max_examples=examples(500), deadline=None)
@given(well_formed)
def test_render_round_trip(text: str) -> None:
    value = parse_value(text)
    # "≥2021年" is a year, by design: a duration of 1900-2099 年 cannot be told from one
    assume(not (value.unit == "年" and 1900 <= (value.magnitude or 0) < 2100))
    assert value.kind in ("quantity", "deadline"), value
    again = parse_value(value.render())
    for name in ("kind", "op", "unit", "dimension", "date"):
        assert getattr(again, name) == getattr(value, name), (text, value.render())
    if value.number is None:
        assert again.number is None
    else:
        assert abs(again.number - value.number) <= 1e-9 * max(1.0, abs(value.number))


def _full_width(text: str) -> str:
    """The full-width form a Chinese input method types (９０％ for 90%)."""
    out = []
    for char in text:
        code = ord(char)
        out.append(chr(code + 0xFEE0) if 0x21 <= code <= 0x7E else char)
    return "".join(out)


@settings(max_examples=examples(300), deadline=None)
@given(well_formed.map(lambda t: t.replace("≥", ">=").replace("≤", "<=")))
def test_full_width_parses_like_ascii(text: str) -> None:
    wide = _full_width(text)
    assert unicodedata.normalize("NFKC", wide) == text
    a, b = parse_value(text), parse_value(wide)
    assert (a.kind, a.op, a.magnitude, a.unit, a.low, a.high) == (
        b.kind,
        b.op,
        b.magnitude,
        b.unit,
        b.low,
        b.high,
    )


def test_repeated_strings_are_cached() -> None:
    cached_parse.cache_clear()
    parse_value("≥95%")
    parse_value("≥95%")
    assert cached_parse.cache_info().hits >= 1


# --- issue 21: readings that must not depend on how a value is spelled ----------------------

_CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
CASE_TEXTS = [text for items in _CASES.values() for text in items]
#: zero-width space, non-joiner, joiner, LRM, RLM, soft hyphen, word joiner, BOM, bidi isolate
FORMAT = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\u2060", "\ufeff", "\u2066"]


def _reading(value: Value) -> tuple:
    """What a value says, without the text as written and where an error is in it."""
    return (
        value.kind, value.op, value.magnitude, value.unit, value.dimension, value.low,
        value.high, value.date, value.grade, value.direction, value.approximate, value.label,
        value.note, value.per, value.multiplier, value.start, value.year_offset,
        tuple(_reading(part) for part in value.parts),
    )  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(CASE_TEXTS),
    st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FORMAT)), min_size=1, max_size=4),
)
def test_format_characters_anywhere_read_the_same(text: str, inserts: list) -> None:
    mutated = text
    for at, char in inserts:
        at %= len(mutated) + 1
        mutated = mutated[:at] + char + mutated[at:]
    value = parse_value(mutated)
    assert _reading(value) == _reading(parse_value(text)), (text, mutated)
    if value.kind == "invalid":  # the error still points into the text as written
        assert 0 <= value.error_pos <= len(mutated)


def test_every_format_character_is_stripped() -> None:
    """normalise.FORMAT_CHARACTERS covers every character of category Cf this Python knows."""
    invisible = re.compile(f"[{FORMAT_CHARACTERS}]")
    missing = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf" and not invisible.match(chr(cp))
    ]
    assert missing == []


def test_unit_aliases_read_as_their_unit() -> None:
    """Every alias in units.txt reads as its canonical unit, alone and after 万: `≥12千米` is
    12 公里 and `≥1.5万平方千米` 15000 平方公里 (an alias wins over a multiplier inside it)."""
    wrong = []
    for alias, unit in unit_table().items():
        for text, magnitude in ((f"≥12{alias}", 12), (f"≥1.5万{alias}", 15000)):
            value = parse_value(text)
            got = (value.kind, value.magnitude, value.unit, value.dimension)
            if got != ("quantity", magnitude, unit.symbol, unit.dimension):
                wrong.append((text, got))
    assert wrong == []


SAME_READING = [
    spellings.split()
    for spellings in (
        # once a period, in every spelling (periodicities under 时效 are allowed forms)
        "1次/月 每月一次 每月1次 一月一次 每月 按月 一次/月 每个月一次 1次/每月",
        "1次/季度 每季度一次 每季度1次 一季度一次 每季度 按季度 按季 每季 季度一次 一次/季度 1次/季",
        "1次/年 每年一次 每年1次 一年一次 每年 按年 一次/年",
        "1次/半年 每半年一次 半年一次 每半年 按半年",
        "1次/周 每周一次 每周 按周 每星期一次",
        "1次/天 每天一次 每日一次 每天 每日 按日 1次/日",
        # a rate per a population, after the number or before it
        "≤3人/万人 每万人≤3人 每万人不超过3人",
        "≤10/10万 每10万≤10",
        # ‰ written three ways
        "≤5‰ ≤千分之五 5‰以下",
        # the whole year
        "全年 全年度 全年内 年度内",
        "2026年全年 2026年度 2026年1-12月 2026年1月至12月",
    )
]


@pytest.mark.parametrize("spellings", SAME_READING, ids=[s[0] for s in SAME_READING])
def test_spellings_of_one_value_read_the_same(spellings: list[str]) -> None:
    def meaning(value: Value) -> tuple:
        return (value.kind, value.op, value.magnitude, value.unit, value.dimension, value.per,
                value.date, value.start, value.is_periodic)  # fmt: skip

    readings = {text: meaning(parse_value(text)) for text in spellings}
    assert len(set(readings.values())) == 1, readings
