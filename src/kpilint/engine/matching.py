"""Which of last year's projects and rows is which of this year's: what `kpilint diff` compares.

Projects pair by code first (a code both tables print once, read whole: a code a
spreadsheet turned into a float has lost its digits and pairs nothing), then by name as
written (spaces, full-width forms and a leading number aside), then by name without a
year or a closing `项目`. Projects of a name several share on a side
pair by their rows where one pairing is clearly best (most rows in common, at least half);
otherwise they pair nothing: which is which cannot be told, and saying so beats guessing. Rows pair by
(一级, 二级, name without a year or a unit in brackets), then by normalised name alone where it is unique on both
sides (a row moved to another category is still the same measure). Whatever pairs nothing
is kept, with why, so the report can name it: nothing a user gave disappears.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from kpilint.framework.templates import category_name
from kpilint.model import Document, Indicator, Project
from kpilint.texts import say

T = TypeVar("T")

_YEAR = re.compile(r"(?:19|20)\d\d(?:[-—~至到](?:19|20)?\d\d)?年度?")
_NUMBERING = re.compile(r"^(?:指标\d+[:：]?|[（(]?[一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．:：])")
_EMPTY_BRACKETS = re.compile(r"[（(]\s*[)）]")
_UNIT_BRACKET = re.compile(r"[（(][^（()）]{1,8}[)）]$")
_SPACE = re.compile(r"\s+")
_CODE = re.compile(r"^[0-9A-Za-z_-]{4,}$")


@lru_cache(maxsize=1 << 14)
def written_name(name: str | None) -> str:
    """A name as written, less what only its typing changes: spaces, full-width forms, a
    leading number."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))
    return _NUMBERING.sub("", text)


@lru_cache(maxsize=1 << 14)
def normalised_name(name: str | None) -> str:
    """A project's name as matching across years compares it: without a year, or `项目`."""
    text = _EMPTY_BRACKETS.sub("", _YEAR.sub("", written_name(name)))
    return text.removesuffix("项目") or text


@lru_cache(maxsize=1 << 14)
def row_name(name: str | None) -> str:
    """A row's name as matching compares it: as a project's, without a unit in brackets."""
    return _UNIT_BRACKET.sub("", normalised_name(name))


def usable_code(code: str | None) -> str | None:
    """A project code that can pair: letters and digits, not a float that lost its digits."""
    text = _SPACE.sub("", code or "")
    return text if _CODE.match(text) else None


@dataclass(frozen=True, slots=True)
class RowPair:
    """A row of this year's table and of last year's; one of them absent when unpaired."""

    this: Indicator | None
    last: Indicator | None
    this_index: int | None = None
    last_index: int | None = None


@dataclass(frozen=True, slots=True)
class ProjectPair:
    """A project of each year (one absent when unpaired), how they paired (`code`, `name`)
    or why they did not, and their rows."""

    this: Project | None
    last: Project | None
    this_index: int | None = None
    last_index: int | None = None
    how: str = ""
    why: str = ""
    rows: tuple[RowPair, ...] = ()


@dataclass(frozen=True, slots=True)
class Matching:
    pairs: tuple[ProjectPair, ...]

    def count(self, how: str) -> int:
        return sum(1 for p in self.pairs if p.how == how)

    @property
    def last_only(self) -> tuple[ProjectPair, ...]:
        return tuple(p for p in self.pairs if p.this is None)

    @property
    def this_only(self) -> tuple[ProjectPair, ...]:
        return tuple(p for p in self.pairs if p.last is None)

    def summary(self) -> dict[str, int]:
        return {"by_code": self.count("code"), "by_name": sum(1 for p in self.pairs if p.how.startswith("name")),
                "last_only": len(self.last_only), "this_only": len(self.this_only)}  # fmt: skip


def _pair_unique(this: dict[int, T], last: dict[int, T], key: Callable[[T], Hashable | None]) -> list[tuple[int, int]]:
    """(this index, last index) of the items whose key occurs once on each side."""
    def index(items: dict[int, T]) -> dict[Hashable, list[int]]:
        found: dict[Hashable, list[int]] = {}
        for i, item in items.items():
            if (k := key(item)) is not None:
                found.setdefault(k, []).append(i)
        return found

    mine, theirs = index(this), index(last)
    return [(m[0], theirs[k][0]) for k, m in mine.items() if len(m) == 1 and len(theirs.get(k, ())) == 1]


def _shared_names(this: dict[int, Project], last: dict[int, Project]) -> dict[str, tuple[int, int]]:
    """Normalised names several unpaired projects share: (how many this year, last year)."""
    counts: dict[str, list[int]] = {}
    for side, items in enumerate((this, last)):
        for p in items.values():
            counts.setdefault(normalised_name(p.name), [0, 0])[side] += 1
    return {k: (a, b) for k, (a, b) in counts.items() if k and (a > 1 or b > 1) and a and b}


def match_documents(last: Document, this: Document) -> Matching:
    """Pair last year's projects with this year's, and each pair's rows."""
    mine = dict(enumerate(this.projects))
    theirs = dict(enumerate(last.projects))
    pairs: list[ProjectPair] = []
    keys: tuple[tuple[str, Callable[[Project], str | None]], ...] = (
        ("code", lambda p: usable_code(p.code)),
        ("name", lambda p: written_name(p.name) or None),
        ("name", lambda p: normalised_name(p.name) or None),
    )
    for how, key in keys:
        for i, j in _pair_unique(mine, theirs, key):
            pairs.append(ProjectPair(mine[i], theirs[j], i, j, how, rows=match_rows(theirs[j], mine[i])))
            del mine[i], theirs[j]
    for how, pairing in (("name+unit", _by_unit), ("name+rows", _pair_by_rows), ("name+budget", _by_budget)):
        for i, j in pairing(mine, theirs):
            pairs.append(ProjectPair(mine[i], theirs[j], i, j, how, rows=match_rows(theirs[j], mine[i])))
            del mine[i], theirs[j]
    shared = _shared_names(mine, theirs)

    paired_names = {normalised_name(p.name) for pair in pairs for p in (pair.this, pair.last) if p}

    def why(p: Project) -> str:
        name = normalised_name(p.name)
        if (n := shared.get(name)) is not None:
            return say("unmatched-shared-name", this=n[0], last=n[1])
        if name and name in paired_names:
            return say("unmatched-name-taken")
        return say("unmatched-nothing-alike")

    pairs += [ProjectPair(p, None, i, None, why=why(p)) for i, p in mine.items()]
    pairs += [ProjectPair(None, p, None, j, why=why(p)) for j, p in theirs.items()]
    order = {id(p): n for n, p in enumerate(pairs)}
    return Matching(tuple(sorted(pairs, key=lambda p: _order(p, order))))


def _by_unit(this: dict[int, Project], last: dict[int, Project]) -> list[tuple[int, int]]:
    """Projects of a shared name told apart by the unit that carries them out."""
    def key(p: Project) -> tuple[str, str] | None:
        unit = written_name(p.header.implementing_unit)
        return (normalised_name(p.name), unit) if unit and p.name else None

    return _pair_unique(this, last, key)


def _by_budget(this: dict[int, Project], last: dict[int, Project]) -> list[tuple[int, int]]:
    """Projects of a shared name whose rows do not tell them apart, told apart by the same
    budget in both years (where only one of that name has it on each side)."""
    def key(p: Project) -> tuple[str, float] | None:
        total = p.budget.total
        return (normalised_name(p.name), total) if total and p.name else None

    return _pair_unique(this, last, key)


def _pair_by_rows(this: dict[int, Project], last: dict[int, Project]) -> list[tuple[int, int]]:
    """Projects of a name several share, paired by their rows: each with the one of the
    other year whose rows it shares most (at least half of both years' rows, together), when
    that one is the best for both and no other comes as close."""
    keys = {("this", i): {_row_key(r) for r in p.indicators if comparable_row(r)} for i, p in this.items()}
    keys |= {("last", j): {_row_key(r) for r in p.indicators if comparable_row(r)} for j, p in last.items()}

    def overlap(i: int, j: int) -> float:
        a, b = keys["this", i], keys["last", j]
        return len(a & b) / len(a | b) if a | b else 0.0

    paired = []
    for name in _shared_names(this, last):
        mine = [i for i, p in this.items() if normalised_name(p.name) == name]
        theirs = [j for j, p in last.items() if normalised_name(p.name) == name]
        scores = {(i, j): overlap(i, j) for i in mine for j in theirs}
        for (i, j), score in scores.items():
            rivals = [v for (a, b), v in scores.items() if (a == i) != (b == j)]
            if score >= 0.5 and all(v < score for v in rivals):
                paired.append((i, j))
    return paired


def _order(pair: ProjectPair, order: dict[int, int]) -> tuple[int, int, int]:
    """This year's projects in their order, last year's unpaired ones after them."""
    if pair.this_index is not None:
        return (0, pair.this_index, 0)
    return (1, pair.last_index or 0, order[id(pair)])


def _row_key(row: Indicator) -> tuple[str, str, str]:
    return (category_name(row.level1), category_name(row.level2), row_name(row.name))


def match_rows(last: Project, this: Project) -> tuple[RowPair, ...]:
    """This year's filled rows beside last year's: by category and name (several rows of
    one key pair in their order), then by name alone where unique on both sides."""
    mine = {i: r for i, r in enumerate(this.indicators) if comparable_row(r)}
    theirs = {j: r for j, r in enumerate(last.indicators) if comparable_row(r)}
    paired: list[tuple[int, int]] = []
    groups: dict[tuple[str, str, str], list[int]] = {}
    for j, r in theirs.items():
        groups.setdefault(_row_key(r), []).append(j)
    for i, r in mine.items():
        if waiting := groups.get(_row_key(r)):
            paired.append((i, waiting.pop(0)))
    for i, j in paired:
        del mine[i], theirs[j]
    for i, j in _pair_unique(mine, theirs, lambda r: row_name(r.name) or None):
        paired.append((i, j))
        del mine[i], theirs[j]
    rows = [RowPair(this.indicators[i], last.indicators[j], i, j) for i, j in paired]
    rows += [RowPair(r, None, i, None) for i, r in mine.items()]
    rows += [RowPair(None, r, None, j) for j, r in theirs.items()]
    return tuple(sorted(rows, key=_row_order))


def _row_order(row: RowPair) -> tuple[int, int]:
    return (0, row.this_index) if row.this_index is not None else (1, row.last_index or 0)


def comparable_row(row: Indicator) -> bool:
    """A row that says something and applies (a frame row left empty or `不适用` is none)."""
    return bool(row.name.strip()) and not row.is_empty and not row.not_applicable
