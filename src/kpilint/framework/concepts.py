"""What an indicator measures, from its name: the vocabulary in `concepts.yaml`.

Rules ask "is this a satisfaction measure?", "which way is better?" here — through the
named predicates rule expressions call (`is_satisfaction(name)`, `concept(name)`,
`direction(name)`) — instead of matching keywords themselves, so the same defect gets the
same verdict whatever synonym a table uses (满意度, 好评率, 认可度), and `投诉办结率` (a
handling rate) and `投诉件数` (a count of complaints) are told apart by the word that heads
the name, once, for every rule. A name whose head is not understood gets no concept and
no direction: the rules that judge by them then say nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from types import MappingProxyType

import yaml

from kpilint.framework.templates import squash

DEFINITIONS = "concepts.yaml"
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]|[（(][^（()）]*$")
#: trailing words after a direction word that only say what is counted (投诉件数, 损失金额)
_COUNTED = ("数", "量", "额", "数量", "总数", "总量", "总额")
#: concept words too general to decide alone: they need one of the concept's `requires`
_GENERIC = frozenset(("标准",))


@dataclass(frozen=True)
class Concepts:
    tails: tuple[str, ...]
    measures: MappingProxyType[str, frozenset[str]]
    excluded: MappingProxyType[str, frozenset[str]]
    required: MappingProxyType[str, frozenset[str]]
    becomes: MappingProxyType[str, MappingProxyType[str, frozenset[str]]]
    what: MappingProxyType[str, str]
    higher: frozenset[str]
    lower: frozenset[str]
    reversing: frozenset[str]
    neutral: frozenset[str]
    not_applicable: frozenset[str]
    counters: frozenset[str]
    visits: frozenset[str]
    money_as_output: frozenset[str]


@cache
def concepts() -> Concepts:
    data = yaml.safe_load(
        files("kpilint.framework").joinpath(DEFINITIONS).read_text(encoding="utf-8")
    )
    measures = data["concepts"]
    return Concepts(
        tails=tuple(data["tails"]),
        measures=MappingProxyType({k: frozenset(v["words"]) for k, v in measures.items()}),
        excluded=MappingProxyType({k: frozenset(v.get("except", ())) for k, v in measures.items()}),
        required=MappingProxyType({k: frozenset(v.get("requires", ())) for k, v in measures.items()}),
        becomes=MappingProxyType({
            k: MappingProxyType({other: frozenset(ws) for other, ws in v.get("becomes", {}).items()})
            for k, v in measures.items()
        }),
        what=MappingProxyType({k: str(v["what"]) for k, v in measures.items()}),
        higher=frozenset(data["higher_is_better"]),
        lower=frozenset(data["lower_is_better"]),
        reversing=frozenset(data["reversing"]),
        neutral=frozenset(data["neutral"]),
        not_applicable=frozenset(data["not_applicable"]),
        counters=frozenset(data["counters"]),
        visits=frozenset(data["visits"]),
        money_as_output=frozenset(data["money_as_output"]),
    )


def concept_names() -> tuple[str, ...]:
    """The concepts a name may measure, as concepts.yaml defines them."""
    return tuple(concepts().measures)


def _text(name: str) -> str:
    """What a name measures is written outside its brackets: `群众满意度（%）` → 群众满意度."""
    return _BRACKETED.sub("", squash(name or ""))


def _last(text: str, words: frozenset[str], excluded: frozenset[str] = frozenset()) -> tuple[int, int, str] | None:
    """(start, end, word) of the word that ends latest in `text`, the longer on a tie; an
    occurrence that is the end of an excluded word (`率` of `效率`) does not count."""
    best: tuple[int, int, str] | None = None
    for word in words:
        end = len(text)
        while (start := text.rfind(word, 0, end)) >= 0:
            stop = start + len(word)
            if not any(text.endswith(x, 0, stop) for x in excluded):
                if best is None or (stop, len(word)) > (best[1], len(best[2])):
                    best = (start, stop, word)
                break
            end = stop - 1
    return best


def _only_tails(rest: str) -> bool:
    """Whether what follows a head leaves what the name measures unchanged (`情况`, `达标`)."""
    return rest == "" or rest in concepts().tails


def concept(name: str) -> str | None:
    """The concept a name's head word belongs to (satisfaction, rate, count, money,
    duration, deadline, periodicity), or None when the name's head is not understood."""
    found = _head(name)
    return found[1] if found else None


def head(name: str) -> str | None:
    """The word that decides what a name measures (`群众满意度` → 满意度), or None."""
    found = _head(name)
    return found[0] if found else None


@lru_cache(maxsize=1 << 14)
def _head(name: str) -> tuple[str, str] | None:
    """(deciding word, concept) of a name whose head is understood."""
    text = _text(name)
    words = concepts()
    best: tuple[int, int, str, str] | None = None
    for kind, vocabulary in words.measures.items():
        found = _last(text, vocabulary, words.excluded[kind])
        if found and found[2] in _GENERIC and not any(w in text for w in words.required[kind]):
            continue  # `标准` heads a subsidy standard only with what is given in the name
        if found and (best is None or (found[1], len(found[2])) > (best[1], len(best[2]))):
            best = (*found, kind)
    if best is None or not _only_tails(text[best[1] :]):
        return None
    start, _, word, kind = best
    for other, qualifiers in words.becomes[kind].items():
        if any(q in text[:start] for q in qualifiers):
            return word, other  # 好差评得分率: a share of favourable ratings
    return word, kind


def is_concept(name: str, kind: str) -> bool:
    return concept(name) == kind


def measures_satisfaction(name: str) -> bool:
    """A name (or a value such as `基本满意`) that measures how satisfied people are."""
    return concept(name) == "satisfaction"


def _flippable(word: str) -> bool:
    """A lower-is-better noun (投诉, 损失) whose sense a verb reverses (挽回损失); a measure
    that is lower-is-better by itself (发生率, 响应时间) keeps its sense."""
    return not word.endswith(("率", "时间", "时限", "时长"))


def _tail_reverses(rest: str) -> bool | None:
    """What follows a direction word: True when it reverses it (投诉`处理`, 违规资金`追回`金额),
    False when it only says what is counted, how it happened or trails (`件数`, `发生次数`,
    `金额`, `情况`), None when it is anything else (the name is then not understood)."""
    words = concepts()
    reversing = sorted(words.reversing, key=len, reverse=True)
    others = sorted((*_COUNTED, *words.neutral, *(w for ws in words.measures.values() for w in ws)),
                    key=len, reverse=True)  # fmt: skip
    reverses, last = False, ""
    while rest and not _only_tails(rest):
        if word := next((w for w in reversing if rest.startswith(w)), ""):
            reverses = True
        elif not (word := next((w for w in others if rest.startswith(w)), "")):
            return None
        else:
            last = word
        rest = rest[len(word) :]
    # 故障排除时间: the time a reversal takes is shorter the better, like any response time
    return reverses and last not in words.measures["duration"]


@lru_cache(maxsize=1 << 14)
def direction(
    name: str, more_higher: tuple[str, ...] = (), more_lower: tuple[str, ...] = ()
) -> tuple[str, str] | None:
    """("higher" | "lower", the deciding word) for what a name measures, or None.

    The direction word that ends latest heads the name (the longer on a tie). A verb that
    reverses a lower-is-better noun, before it or after it, makes the name measure the
    reversal (挽回损失, 投诉处理, 无事故): higher is better. A name whose direction word is
    followed by words that change what it measures is not understood. A bureau's own words
    (`more_higher`, `more_lower`) join the vocabulary."""
    text = _text(name)
    words = concepts()
    higher = _last(text, words.higher | frozenset(more_higher))
    lower = _last(text, words.lower | frozenset(more_lower))
    candidates = [(h, "higher") for h in (higher,) if h] + [(lw, "lower") for lw in (lower,) if lw]
    if not candidates:
        return None
    (start, end, word), better = max(candidates, key=lambda c: (c[0][1], len(c[0][2])))
    reverses = _tail_reverses(text[end:])
    if reverses is None:
        return None
    if better == "lower" and _flippable(word):
        before = any(w in text[:start] for w in words.reversing)
        if before or reverses:
            return ("higher", word)
    return (better, word)


def not_applicable(text: str) -> bool:
    """`无`, `不适用`, `不适用社会成本指标`: the row says it does not apply."""
    word = squash(text)
    applicable = concepts().not_applicable
    return word in applicable or (word.startswith("不适用") and len(word) <= 12)


def is_counter(unit: str | None) -> bool:
    return bool(unit) and unit in concepts().counters


def counts_visits(name: str) -> bool:
    """A count of visits, services or participants (参观次数, 接待人数, 参与科普人数): counted
    per person as often as per event, so 人次 is its unit as much as 人 or 次."""
    text = _text(name)
    return any(w in text for w in concepts().visits)


def money_is_output(name: str) -> bool:
    """Money as what the work produces or handles (审核金额, 发放资金, 招商引资), not its cost."""
    text = _text(name)
    return any(w in text for w in concepts().money_as_output)
