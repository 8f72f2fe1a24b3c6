"""Issue 21: every rule is grounded — it names its basis and the forms the guidance allows —
and a rule that fires often on tables a finance bureau approved must say why the guidance
still requires it, or speak at info only.

The firing rates are measured by `python bench/precision.py --rates --write` on the seeds and
the corpus PDFs (approved, published tables) and kept in rules/firing-rates.yaml.
"""

from __future__ import annotations

import pytest

from kpilint.docs_gen import OFTEN_PER_1000, firing_rates
from kpilint.engine.rules import PACKS, all_rules

RULES = all_rules(PACKS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_every_rule_names_its_basis_and_what_the_guidance_allows(rule) -> None:
    assert rule.docs.get("source"), f"{rule.id}: docs.source (the official basis) is missing"
    assert rule.docs.get("allowed"), f"{rule.id}: docs.allowed (forms it does not report) is missing"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_every_rule_has_a_measured_firing_rate(rule) -> None:
    assert rule.id in firing_rates()["rules"], (
        f"{rule.id} has no firing rate: python bench/precision.py --rates --write"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_a_rule_that_fires_often_on_approved_tables_justifies_itself_or_is_info(rule) -> None:
    rate = firing_rates()["rules"].get(rule.id, {}).get("per_1000_rows", 0)
    if rate > OFTEN_PER_1000 and rule.severity != "info":
        assert rule.docs.get("required"), (
            f"{rule.id} fires on {rate}‰ of approved rows as a {rule.severity}: say in docs.required "
            "why the guidance requires it, or make it info"
        )
