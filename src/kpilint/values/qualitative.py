"""Grades of qualitative values, from the lexicon `qualitative.yaml` (data, not code)."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import yaml

LEXICON = "qualitative.yaml"


@cache
def _lexicon() -> tuple[dict[str, tuple[str, str]], list[tuple[re.Pattern[str], str, str]]]:
    data = yaml.safe_load(files("kpilint.values").joinpath(LEXICON).read_text(encoding="utf-8"))
    entries = {word: (e["grade"], e["direction"]) for word, e in data["entries"].items()}
    patterns = [(re.compile(p["match"]), p["grade"], p["direction"]) for p in data["patterns"]]
    return entries, patterns


def lookup_entry(text: str) -> tuple[str, str] | None:
    """Grade and direction when `text` is a lexicon entry exactly."""
    return _lexicon()[0].get(text)


def grade_of(text: str) -> tuple[str, str]:
    """Grade and direction of any digit-free text; ("unknown", "none") if nothing matches."""
    entries, patterns = _lexicon()
    if text in entries:
        return entries[text]
    for pattern, grade, direction in patterns:
        if pattern.search(text):
            return grade, direction
    return "unknown", "none"
