"""Values inside prose (issue 15): the JSON shape other code relies on, and the limits
that keep the prose readers from reading what is not a value."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from kpilint.values import JSON_KEYS, parse_value
from kpilint.values.parser import MAX_PROSE_LENGTH


def test_tiered_json_has_parts_each_in_the_value_json_form() -> None:
    data = parse_value("国家级≤100万元/家；省级≤80万元/家").to_json()
    assert list(data)[: len(JSON_KEYS)] == list(JSON_KEYS)
    assert (data["kind"], data["op"], data["unit"], data["dimension"]) == (
        "tiered",
        "<=",
        "元/家",
        "currency",
    )
    first, second = data["parts"]
    assert first == {
        "text": "国家级≤100万元/家",
        "kind": "quantity",
        "op": "<=",
        "magnitude": 1000000.0,
        "unit": "元/家",
        "dimension": "currency",
        "low": None,
        "high": None,
        "date": None,
        "grade": None,
        "error": None,
        "label": "国家级",
        "per": "家",
    }
    assert (second["label"], second["magnitude"]) == ("省级", 800000.0)
    json.dumps(data, ensure_ascii=False)  # serialisable as it is


def test_optional_keys_appear_only_when_set() -> None:
    assert list(parse_value("≥90%").to_json()) == list(JSON_KEYS)
    assert parse_value("78万").to_json()["multiplier"] == "万"
    labelled = parse_value("更新率＞95％（按月统计）").to_json()
    assert (labelled["label"], labelled["note"]) == ("更新率", "按月统计")


def test_mixed_parts_show_each_dimension() -> None:
    value = parse_value("按运费的30% 且≤300万元/家")
    assert value.dimension == "mixed" and value.op is None and value.number is None
    assert [p.dimension for p in value.parts] == ["percent", "currency"]
    assert not value.is_numeric and value.quantity() is None


def test_tiered_value_is_immutable_hashable_and_renders() -> None:
    value = parse_value("新设≤30万元/家；已设≤10万元/家")
    assert hash(value) == hash(parse_value("新设≤30万元/家；已设≤10万元/家"))
    assert value.render() == "新设≤300000元/家；已设≤100000元/家"
    again = parse_value(value.render())
    assert [(p.label, p.op, p.magnitude, p.unit) for p in again.parts] == [
        (p.label, p.op, p.magnitude, p.unit) for p in value.parts
    ]


def test_cli_json_shows_the_parts() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kpilint", "value", "空气站点2个；水站点2个", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert out.returncode == 0, out.stderr
    (value,) = json.loads(out.stdout)
    assert [(p["label"], p["magnitude"], p["unit"]) for p in value["parts"]] == [
        ("空气站点", 2.0, "个"),
        ("水站点", 2.0, "个"),
    ]


def test_an_unreadable_part_names_the_part() -> None:
    value = parse_value("≥90%；冀财教【2024】104号")
    assert value.kind == "invalid"
    assert value.error.startswith("第2项“冀财教【2024】104号”")
    assert value.text[value.error_pos :].startswith("冀")


def test_a_long_prose_cell_is_not_searched() -> None:
    text = "开展培训2次" + "并做好记录" * (MAX_PROSE_LENGTH // 5)
    assert parse_value(text).kind == "invalid"


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["≥", "2", "次", "万", "、", "；", "，", "(", ")", "年", "月", "至", "培训", "每"]
        ),
        max_size=40,
    ).map("".join)
)
def test_prose_fragments_never_raise(text: str) -> None:
    value = parse_value(text)
    assert value.text == text
    if value.kind == "invalid":
        assert value.error and value.error_pos is not None


def worst_case_prose() -> list[str]:
    """Many numbers and separators in one cell: what the prose readers try the most readings
    of (bench/values_bench.py times them; a test here only says they are read)."""
    return [
        "、".join(f"第{i}项目{i}号" for i in range(40))[:MAX_PROSE_LENGTH],
        "1" + "年2" * (MAX_PROSE_LENGTH // 2),
        "，".join(["≥"] * 140),
    ]


def test_worst_case_prose_is_read_as_the_text_it_is() -> None:
    for cell in worst_case_prose():
        value = parse_value(cell)
        assert value.text == cell and value.kind


def test_prose_knows_the_grammars_comparator_words() -> None:
    """prose.py finds where a value starts by the grammar's comparator words: one list."""
    from kpilint.values import prose
    from kpilint.values.parser import _parser

    grammar = _parser()
    written = set()
    for name in ("OP_WORD", "CONTROL"):
        pattern = grammar.get_terminal(name).pattern.to_regexp()
        written |= set(pattern.strip("(?:)").split("|"))
    assert written == set(prose.OP_OF_WORD)
