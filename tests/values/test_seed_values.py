"""Every 指标值 printed in the seed documents parses to what it means."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from kpilint.values import Value, parse_value

SEED_VALUES = yaml.safe_load((Path(__file__).parent / "seed_values.yaml").read_text("utf-8"))
DEFAULTS = {
    f.name: f.default for f in fields(Value) if f.name not in ("text", "error", "error_pos")
}


@pytest.mark.parametrize("text", list(SEED_VALUES))
def test_seed_value(text: str) -> None:
    value = parse_value(text)
    assert {k: getattr(value, k) for k in DEFAULTS} == {**DEFAULTS, **SEED_VALUES[text]}
