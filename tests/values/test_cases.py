"""Every hand-written case in cases.yaml parses to exactly the expected fields."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from kpilint.values import Value, parse_value
from kpilint.values.normalise import normalise
from kpilint.values.parser import _fast_fields, grammar_fields

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
FLAT = [
    (group, text, expected) for group, items in CASES.items() for text, expected in items.items()
]
DEFAULTS = {f.name: f.default for f in fields(Value) if f.name != "text"}
CHECKED = set(DEFAULTS) - {"error"}  # the message wording is checked elsewhere


def _got(value: Value) -> dict:
    """The checked fields of a value; the parts of a tiered value likewise, as a list."""
    got = {name: getattr(value, name) for name in CHECKED}
    got["parts"] = [_got(part) for part in value.parts]
    return got


def _want(expected: dict) -> dict:
    """Expected fields: those not given are at their default (parts: none)."""
    want = {**DEFAULTS, **expected}
    want = {name: want[name] for name in CHECKED}
    want["parts"] = [_want(part) for part in expected.get("parts", [])]
    return want


@pytest.mark.parametrize(
    ("group", "text", "expected"), FLAT, ids=[f"{g}:{t!r}" for g, t, _ in FLAT]
)
def test_case(group: str, text: str, expected: dict) -> None:
    value = parse_value(text)
    assert _got(value) == _want(expected), value
    assert value.text == text
    if value.kind == "invalid":
        assert value.error, "an invalid value must say what is wrong"


def test_fast_path_agrees_with_grammar() -> None:
    taken = 0
    for _, text, _ in FLAT:
        norm = normalise(text)
        fast = _fast_fields(norm)
        if fast is not None:
            taken += 1
            assert fast == grammar_fields(norm), text
    assert taken > 50  # the fast path is exercised, not bypassed


def test_invalid_message_names_the_character() -> None:
    value = parse_value("2021年安排科普专项经费")
    assert "第6个字符" in value.error and "安排" in value.error


def test_error_position_points_into_original_text() -> None:
    # full-width and spaces are normalised away; the position still indexes the input
    value = parse_value("＞＝ 9 0 ％ 以下")
    assert value.kind == "invalid"
    assert value.text[value.error_pos] in "＞以"


def test_json_keys_are_the_documented_contract() -> None:
    assert list(parse_value("≤0.5 万元").to_json()) == [
        "text",
        "kind",
        "op",
        "magnitude",
        "unit",
        "dimension",
        "low",
        "high",
        "date",
        "grade",
        "error",
    ]


def test_quantity_compares_money_with_pint() -> None:
    cap = parse_value("≤0.5 万元").quantity()
    budget = parse_value("2.00万元").quantity()
    assert cap * 4 == budget
    assert (
        parse_value("≥2000 人次").quantity().dimensionality
        != parse_value("2000人").quantity().dimensionality
    )


def test_deadline_resolves_against_budget_year() -> None:
    import datetime as dt

    assert parse_value("≤4季度").deadline_in(2025) == dt.date(2025, 12, 31)
    assert parse_value("2021年9月30日之前").deadline_in(2025) == dt.date(2021, 9, 30)
