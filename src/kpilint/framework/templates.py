"""The template vocabulary (`templates.yaml`) as lookups the readers use.

The words are data so that a finance bureau's new template is a line of YAML;
this module only normalises them (whitespace removed) and answers "what is this cell?".
A copy of the file named by the environment variable `KPILINT_TEMPLATES` is read instead
of the packaged one: a bureau tries a new city's words without touching the installation.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType

import yaml

from kpilint.framework import FRAMEWORK, LEGACY, LEVEL2, category

DEFINITIONS = "templates.yaml"
#: the environment variable naming a templates file to read instead of the packaged one
OVERRIDE = "KPILINT_TEMPLATES"
_SPACE = re.compile(r"\s+")
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def squash(text: str) -> str:
    """Text without any whitespace, for comparing words across wraps."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Vocabulary:
    indicator_columns: dict[str, str]  # header word → indicator field
    column_prefixes: tuple[tuple[str, str], ...]  # (prefix, field)
    column_words: dict[str, tuple[str, ...]]  # indicator field → its header words, in order
    project_labels: dict[str, str]  # label word → project field
    label_words: dict[str, tuple[str, ...]]  # project field → its label words, in order
    section_prefixes: tuple[str, ...]
    packed_columns: frozenset[str]
    packed_period_words: tuple[str, ...]
    packed_annual_words: tuple[str, ...]
    fusable_labels: tuple[tuple[str, str], ...]  # (label, key), longest first
    spend_plan_labels: tuple[str, ...]  # prefixes
    checkpoint_month: str
    checkpoint_quarter: str
    checkpoint_quarters: MappingProxyType[str, int]
    checkpoint_words: MappingProxyType[str, int]
    purpose_below: tuple[str, ...]  # prefixes
    goal_headings: tuple[str, ...]
    prose_budget: MappingProxyType[str, tuple[str, ...]]
    money_units: MappingProxyType[str, float]
    one_year_periods: tuple[str, ...]  # 实施期限 forms of one year at most (regular expressions)
    money_unit_labels: tuple[str, ...]
    default_money_unit: str
    year_line: tuple[str, ...]
    score_word: str
    name_numbering: tuple[str, ...]
    target_suffix: str
    title_name_fillers: tuple[str, ...]
    department_titles: tuple[str, ...]
    self_evaluation_titles: tuple[str, ...]
    year_titles: tuple[str, ...]
    declaration_titles: tuple[str, ...]
    note_prefixes: tuple[str, ...]
    template_level2: dict[str, frozenset[str]]  # 一级 → 二级 a template adds to the framework
    department_labels: frozenset[str]
    self_evaluation_columns: frozenset[str]
    total_rows: frozenset[str]
    placeholder_characters: str
    blank_marks: tuple[str, ...]
    goals_heading: tuple[str, ...]
    goals_end: tuple[str, ...]
    goals_end_headings: tuple[str, ...]
    category_from_name: tuple[tuple[tuple[str, ...], str, str], ...]  # (words, level1, level2)
    count_units: frozenset[str]

    def money_unit_alternation(self) -> str:
        """The money units as a regex alternation, longest first (`亿元|千元|万元|元`)."""
        return "|".join(sorted(map(re.escape, self.money_units), key=len, reverse=True))


def _words(mapping: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, words in mapping.items():
        for word in words:
            out.setdefault(squash(word), field)
    return out


def _squashed(words: list[str]) -> tuple[str, ...]:
    return tuple(squash(w) for w in words)


def definitions_text() -> str:
    """The text of the templates file in force: `KPILINT_TEMPLATES`' file, else the packaged one."""
    override = os.environ.get(OVERRIDE)
    if override:
        return Path(override).read_text(encoding="utf-8")
    return files("kpilint.framework").joinpath(DEFINITIONS).read_text(encoding="utf-8")


@cache
def vocabulary() -> Vocabulary:
    data = yaml.load(definitions_text(), Loader=_LOADER)
    columns = dict(data["indicator_columns"])
    prefixes = columns.pop("prefixes", {})
    titles = data["titles"]
    packed = data["packed_indicators"]
    plan = data["spend_plan_checkpoints"]
    labels = _words(data["project_labels"])
    return Vocabulary(
        indicator_columns=_words(columns),
        column_prefixes=tuple(
            (squash(word), field) for field, words in prefixes.items() for word in words
        ),
        column_words={field: _squashed(words) for field, words in columns.items()},
        project_labels=labels,
        label_words={field: _squashed(words) for field, words in data["project_labels"].items()},
        section_prefixes=_squashed(data["section_prefixes"]),
        packed_columns=frozenset(_squashed(packed["columns"])),
        packed_period_words=_squashed(packed["period_value"]),
        packed_annual_words=_squashed(packed["annual_value"]),
        fusable_labels=tuple(
            sorted(((w, k) for w, k in labels.items() if len(w) >= 4), key=lambda pair: -len(pair[0]))
        ),
        spend_plan_labels=_squashed(data["spend_plan_labels"]),
        checkpoint_month=plan["month"],
        checkpoint_quarter=plan["quarter"],
        checkpoint_quarters=MappingProxyType({str(k): int(v) for k, v in plan["quarters"].items()}),
        checkpoint_words=MappingProxyType({str(k): int(v) for k, v in plan["words"].items()}),
        purpose_below=_squashed(data["purpose_below"]),
        goal_headings=_squashed(data["goal_headings"]),
        prose_budget=MappingProxyType(
            {k: _squashed(v) for k, v in data["prose_budget"].items()}
        ),
        money_units=MappingProxyType({k: float(v) for k, v in data["money_units"].items()}),
        one_year_periods=tuple(data["one_year_periods"]),
        money_unit_labels=_squashed(data["money_unit_labels"]),
        default_money_unit=data["default_money_unit"],
        year_line=_squashed(data["year_line"]),
        score_word=data["score_word"],
        name_numbering=_squashed(data["name_numbering"]),
        target_suffix=squash(titles["target_suffix"]),
        title_name_fillers=_squashed(titles["name_fillers"]),
        department_titles=_squashed(titles["department"]),
        self_evaluation_titles=_squashed(titles["self_evaluation"]),
        year_titles=_squashed(titles["year_of"]),
        declaration_titles=_squashed(titles["declaration_suffix"]),
        note_prefixes=_squashed(data["note_prefixes"]),
        template_level2={k: frozenset(v) for k, v in data["template_level2"].items()},
        department_labels=frozenset(_squashed(data["department_labels"])),
        self_evaluation_columns=frozenset(_squashed(data["self_evaluation_columns"])),
        total_rows=frozenset(_squashed(data["total_rows"])),
        placeholder_characters=data["placeholders"]["characters"],
        blank_marks=tuple(data["placeholders"]["blank_marks"]),
        goals_heading=_squashed(data["document_goals"]["heading"]),
        goals_end=_squashed(data["document_goals"]["end"]),
        goals_end_headings=_squashed(data["document_goals"]["end_headings"]),
        category_from_name=tuple(
            (tuple(r["words"]), r["level1"], r["level2"]) for r in data["category_from_name"]
        ),
        count_units=frozenset(data["count_units_for_quantity"]),
    )


def money_units() -> MappingProxyType[str, float]:
    """元 per money unit (万元 → 10000), for every unit a table may declare."""
    return vocabulary().money_units


def spaced(word: str) -> str:
    """A regex for `word` with any whitespace between its characters (a wrapped label)."""
    return r"\s*".join(map(re.escape, word))


def alternation(words: tuple[str, ...] | list[str], *, wrapped: bool = False) -> str:
    """Words as a regex alternation, longest first; `wrapped` lets whitespace split them."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(spaced(w) if wrapped else re.escape(w) for w in ordered)


def infer_category(name: str, unit: str | None) -> tuple[str, str] | None:
    """(一级, 二级) for an indicator of a table without category columns, or None when its
    name and unit do not say."""
    words = vocabulary()
    flat = squash(name)
    for keys, level1, level2 in words.category_from_name:
        if any(k in flat for k in keys):
            return level1, level2
    if unit and squash(unit) in words.count_units:
        return "产出指标", "数量指标"
    return None


@cache
def category_name(text: str) -> str:
    """A category cell as the framework names it: a template's short name (`产出`, `数量`,
    `服务对象满意度`) is the category it stands for (`产出指标`…), as are the 二级 a template
    defines itself (`其他满意度`); anything else is kept as written, for the rules to judge."""
    word = category(squash(text))
    known = word in FRAMEWORK or word in LEGACY or word in LEVEL2
    if known or any(word in names for names in vocabulary().template_level2.values()):
        return word
    return text
