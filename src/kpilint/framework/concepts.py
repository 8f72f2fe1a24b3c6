"""What an indicator measures, from its name: the vocabulary in `concepts.yaml`.

Rules ask "is this a satisfaction measure?", "which way is better?" here instead of
matching keywords themselves, so `投诉办结率` (a handling rate) and `投诉件数` (a count of
complaints) are told apart by the word that heads the name, once, for every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import yaml

from kpilint.framework.templates import squash

DEFINITIONS = "concepts.yaml"
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")


@dataclass(frozen=True)
class Concepts:
    higher: frozenset[str]
    lower: frozenset[str]
    satisfaction: tuple[str, ...]
    not_applicable: frozenset[str]
    counters: frozenset[str]


@cache
def concepts() -> Concepts:
    data = yaml.safe_load(
        files("kpilint.framework").joinpath(DEFINITIONS).read_text(encoding="utf-8")
    )
    return Concepts(
        higher=frozenset(data["higher_is_better"]),
        lower=frozenset(data["lower_is_better"]),
        satisfaction=tuple(data["satisfaction"]),
        not_applicable=frozenset(data["not_applicable"]),
        counters=frozenset(data["counters"]),
    )


@lru_cache(maxsize=1 << 14)
def direction(
    name: str, more_higher: tuple[str, ...] = (), more_lower: tuple[str, ...] = ()
) -> tuple[str, str] | None:
    """("higher" | "lower", the deciding word) for what a name measures, or None.

    The word that ends latest wins (the head of the phrase), the longer on a tie; a
    bracketed unit (`（%）`) is not part of what is measured. A bureau's own words
    (`more_higher`, `more_lower`) join the vocabulary."""
    text = _BRACKETED.sub("", squash(name))
    words = concepts()
    best: tuple[int, int, str, str] | None = None
    for kind, vocabulary in (
        ("higher", words.higher | frozenset(more_higher)),
        ("lower", words.lower | frozenset(more_lower)),
    ):
        for word in vocabulary:
            end = text.rfind(word)
            if end < 0:
                continue
            rank = (end + len(word), len(word), kind, word)
            if best is None or rank[:2] > best[:2]:
                best = rank
    return (best[2], best[3]) if best else None


@lru_cache(maxsize=1 << 14)
def measures_satisfaction(name: str) -> bool:
    text = squash(name)
    return any(word in text for word in concepts().satisfaction)


def not_applicable(text: str) -> bool:
    """`无`, `不适用`, `不适用社会成本指标`: the row says it does not apply."""
    word = squash(text)
    applicable = concepts().not_applicable
    return word in applicable or (word.startswith("不适用") and len(word) <= 12)


def is_counter(unit: str | None) -> bool:
    return bool(unit) and unit in concepts().counters
