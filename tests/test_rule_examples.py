"""Every rule's failing examples fire and its passing examples do not (sqlfluff-style).

The examples live in the rule files themselves (rules/*.yaml), so a bureau's own
rule file is tested the same way: see test_user_rules.py. Each rule of the shipped packs
carries at least two failing and two passing examples taken from real tables, each naming
its `source` (a seed or corpus document and its page or line; "改自 …" where the corpus
holds no instance and a real row was minimally changed).
"""

from __future__ import annotations

import pytest

from kpilint.engine.examples import example_document
from kpilint.engine.rules import PACKS, all_rules
from kpilint.engine.run import RuleSet, lint_document

RULES = all_rules(PACKS)
FAILING = [(r, k) for r in RULES for k in range(len(r.examples.get("fail", ())))]
PASSING = [(r, k) for r in RULES for k in range(len(r.examples.get("pass", ())))]


def _id(case) -> str:
    rule, k = case
    return f"{rule.id}-{rule.name}-{k}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_rule_has_docs_messages_and_examples(rule) -> None:
    for key in ("what", "why", "fix"):
        assert rule.docs.get(key), f"{rule.id} lacks docs.{key}"
    assert rule.message.get("zh") and rule.message.get("en")
    assert rule.examples.get("fail") and rule.examples.get("pass"), (
        f"{rule.id} needs a failing and a passing example"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_rule_has_real_examples_from_the_corpus(rule) -> None:
    for kind in ("fail", "pass"):
        real = [e for e in rule.examples[kind] if e.get("source")]
        assert len(real) >= 2, f"{rule.id} needs two {kind} examples taken from real tables"


@pytest.mark.parametrize("case", FAILING, ids=_id)
def test_failing_example_fires(case) -> None:
    rule, k = case
    doc = example_document(rule.examples["fail"][k])
    findings = lint_document(doc, RuleSet([rule]))
    assert [f.rule for f in findings].count(rule.id) >= 1, (
        f"{rule.id} did not fire on its failing example {k}"
    )
    for f in findings:
        assert "{" not in f.message, f"unfilled placeholder in: {f.message}"
        assert f.line is not None, "a finding on a draft must name the line"


@pytest.mark.parametrize("case", PASSING, ids=_id)
def test_passing_example_is_silent(case) -> None:
    rule, k = case
    doc = example_document(rule.examples["pass"][k])
    findings = lint_document(doc, RuleSet([rule]))
    assert not findings, [f.message for f in findings]


def test_the_example_base_project_is_clean_under_all_rules() -> None:
    doc = example_document({"project": {}})
    assert lint_document(doc, RuleSet(RULES)) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_english_message_template_is_english(rule) -> None:
    template = rule.message["en"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in template), template
    doc = example_document(rule.examples["fail"][0])
    (first, *_) = lint_document(doc, RuleSet([rule], lang="en"))
    assert "{" not in first.message
