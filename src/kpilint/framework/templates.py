"""The template vocabulary (`templates.yaml`) as lookups the readers use.

The words are data so that a finance bureau's new template is a line of YAML;
this module only normalises them (whitespace removed) and answers "what is this cell?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from kpilint.framework import FRAMEWORK, LEGACY, LEVEL2, category

DEFINITIONS = "templates.yaml"
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without any whitespace, for comparing words across wraps."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Vocabulary:
    indicator_columns: dict[str, str]  # header word → indicator field
    column_prefixes: tuple[tuple[str, str], ...]  # (prefix, field)
    project_labels: dict[str, str]  # label word → project field
    section_prefixes: tuple[str, ...]
    packed_columns: frozenset[str]
    fusable_labels: tuple[tuple[str, str], ...]  # (label, key), longest first
    target_suffix: str
    department_titles: tuple[str, ...]
    self_evaluation_titles: tuple[str, ...]
    fund_overall_titles: tuple[str, ...]
    declaration_titles: tuple[str, ...]
    note_prefixes: tuple[str, ...]
    template_level2: dict[str, frozenset[str]]  # 一级 → 二级 a template adds to the framework
    department_labels: frozenset[str]
    self_evaluation_columns: frozenset[str]
    placeholders: tuple[str, ...]
    category_from_name: tuple[tuple[tuple[str, ...], str, str], ...]  # (words, level1, level2)
    count_units: frozenset[str]


def _words(mapping: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, words in mapping.items():
        for word in words:
            out.setdefault(squash(word), field)
    return out


@cache
def vocabulary() -> Vocabulary:
    data = yaml.safe_load(
        files("kpilint.framework").joinpath(DEFINITIONS).read_text(encoding="utf-8")
    )
    columns = dict(data["indicator_columns"])
    prefixes = columns.pop("prefixes", {})
    titles = data["titles"]
    return Vocabulary(
        indicator_columns=_words(columns),
        column_prefixes=tuple(
            (squash(word), field) for field, words in prefixes.items() for word in words
        ),
        project_labels=_words(data["project_labels"]),
        section_prefixes=tuple(squash(w) for w in data["section_prefixes"]),
        packed_columns=frozenset(squash(w) for w in data["packed_columns"]),
        fusable_labels=tuple(
            sorted(
                ((w, k) for w, k in _words(data["project_labels"]).items() if len(w) >= 4),
                key=lambda pair: -len(pair[0]),
            )
        ),
        target_suffix=squash(titles["target_suffix"]),
        department_titles=tuple(squash(w) for w in titles["department"]),
        self_evaluation_titles=tuple(squash(w) for w in titles["self_evaluation"]),
        fund_overall_titles=tuple(squash(w) for w in titles["fund_overall"]),
        declaration_titles=tuple(squash(w) for w in titles["declaration_suffix"]),
        note_prefixes=tuple(squash(w) for w in data["note_prefixes"]),
        template_level2={k: frozenset(v) for k, v in data["template_level2"].items()},
        department_labels=frozenset(squash(w) for w in data["department_labels"]),
        self_evaluation_columns=frozenset(squash(w) for w in data["self_evaluation_columns"]),
        placeholders=tuple(data["placeholders"]),
        category_from_name=tuple(
            (tuple(r["words"]), r["level1"], r["level2"]) for r in data["category_from_name"]
        ),
        count_units=frozenset(data["count_units_for_quantity"]),
    )


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
