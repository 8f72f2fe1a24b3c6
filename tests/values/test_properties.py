"""Properties of the value parser that must hold for any input."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import examples
from kpilint.values import parse_value
from kpilint.values.parser import parse_value as cached_parse
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
