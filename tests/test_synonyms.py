"""The same defect under another name gets the same verdict (issue 21).

tests/fixtures/synonyms.yaml holds groups of one row written several ways: names that
measure the same thing (满意度, 好评率, 认可度), values that say the same thing (每季度一次,
1次/季度). What a name measures comes from one vocabulary (framework/concepts.yaml), so
every way gets the warnings and errors the group expects, and all ways get the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kpilint.engine.examples import example_document
from kpilint.engine.rules import PACKS, all_rules
from kpilint.engine.run import RuleSet, lint_document

GROUPS = yaml.safe_load((Path(__file__).parent / "fixtures" / "synonyms.yaml").read_text("utf-8"))["groups"]
RULES = RuleSet(all_rules(PACKS))


def _rows(group: dict) -> list[dict]:
    base = {"level1": group["level1"], "level2": group["level2"], "basis": "计划标准"}
    if "names" in group:
        return [base | {"name": name, "value": group["value"]} for name in group["names"]]
    return [base | {"name": group["name"], "value": value} for value in group["values"]]


def _verdict(row: dict) -> list[str]:
    """The warnings and errors on the row itself (the example project around it is clean)."""
    found = lint_document(example_document({"indicator": row}), RULES)
    mine = [f for f in found if f.indicator == row["name"] and f.value == row["value"]]
    return sorted(f"{f.rule} {f.severity}" for f in mine if f.severity != "info")


def test_the_table_is_large_enough() -> None:
    pairs = sum(len(_rows(g)) - 1 for g in GROUPS)
    assert pairs >= 20, pairs


@pytest.mark.parametrize("group", GROUPS, ids=[g["what"] for g in GROUPS])
def test_every_way_of_writing_a_row_gets_the_same_verdict(group: dict) -> None:
    verdicts = {f"{row['name']} {row['value']}": _verdict(row) for row in _rows(group)}
    expected = sorted(group["expect"])
    wrong = {way: got for way, got in verdicts.items() if got != expected}
    assert not wrong, f"expected {expected} for every way, got {wrong}"


def test_a_hint_is_given_alike_under_every_name() -> None:
    """Infos are left out of the verdicts above; the misfiled-satisfaction hint (info) must
    still be given under every satisfaction word."""
    names = ["居民满意度", "居民满意率", "服务对象满意程度"]
    rows = [{"level1": "效益指标", "level2": "社会效益指标", "name": n, "value": "≥90%", "basis": "历史标准"}
            for n in names]
    for row in rows:
        found = lint_document(example_document({"indicator": row}), RULES)
        assert [f.rule for f in found if f.indicator == row["name"]] == ["KPI316"], row
