"""Normalisation of a raw 指标值 before parsing.

NFKC folds full-width forms (＞＝９０％ → >=90%); comparator spellings become
≥ ≤; all whitespace goes (PDF text wraps `≥2000 人` + `次` across lines), and so do
format characters (zero-width space and joiners, soft hyphen, LRM/RLM, BOM), which a
reader cannot see and which must not change how a value reads.
`source_positions` maps each normalised character back to the input, so a
parse error can point at the character the user typed; it is only computed
when there is an error to report.
"""

from __future__ import annotations

import re
import unicodedata

from kpilint.escapes import DRAWN_FORMAT, FORMAT

#: every format character (Unicode category Cf): none is part of a value
FORMAT_CHARACTERS = FORMAT + DRAWN_FORMAT

# Characters whose NFKC form would mislead the grammar (㎡ → "m2" has a digit).
_BEFORE_NFKC = {"㎡": "平方米", "％": "%", "≧": "≥", "≦": "≤", "﹪": "%", "×": "*"}
_PAIRS = {">=": "≥", "<=": "≤", "=>": "≥", "=<": "≤", "==": "="}
_TRAILING = "。;；,，、:：."
# A full stop between words is a middle dot in a compound unit (`元/人.天` = 元/人·天).
_WORD_DOT = re.compile(r"(?<=[^\d\s.])\.(?=[^\d\s.])")
#: white space and invisible format characters (Unicode category Cf: zero-width joiners, soft
#: hyphens, LRM…): a value reads as it looks
_SPACE = re.compile(f"[\\s{FORMAT_CHARACTERS}]+")
_INVISIBLE = re.compile(f"[\\s{FORMAT_CHARACTERS}]")
_SPECIAL = re.compile("|".join(map(re.escape, [*_BEFORE_NFKC, *_PAIRS])))
#: what the budget system writes otherwise: full-width digits, comparators, percent signs and
#: decimal points (not the full-width brackets and punctuation Chinese text is written in)
_FULL_WIDTH = "０１２３４５６７８９＜＝＞％．＋－"
_NONSTANDARD = re.compile(rf"[{_FULL_WIDTH}≧≦]|>=|<=|=>|=<|^\s*[》《]")
_STANDARD_PAIRS = ((">=", "≥"), ("<=", "≤"), ("=>", "≥"), ("=<", "≤"), ("≧", "≥"), ("≦", "≤"))
_HALF_WIDTH = str.maketrans(_FULL_WIDTH, "0123456789<=>%.+-")


def normalise(text: str) -> str:
    """The text the grammar reads."""
    text = _SPACE.sub("", text)
    text = _SPECIAL.sub(lambda m: _BEFORE_NFKC.get(m.group()) or m.group(), text)
    if not unicodedata.is_normalized("NFKC", text):
        text = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    text = _SPECIAL.sub(lambda m: _PAIRS.get(m.group()) or m.group(), text)
    if "." in text:
        text = _WORD_DOT.sub("·", text)
    return text.rstrip(_TRAILING)


_UNIT_FIRST = re.compile(
    r"^(?P<head>[^\d≥≤<>=.]{1,4}?)(?P<op>[≥≤<>=]?)(?P<number>\d[\d,]*(?:\.\d+)?)(?P<tail>\D{0,4})$"
)
_ANGLE = {"》": ">", "《": "<"}


def slip_repairs(norm: str) -> list[str]:
    """Readings of a normalised value the grammar refused, for slips of PDF text order and of
    typing: a unit printed before the number (`吨≥1000`, `平≤5137.26方米` for ≥1000吨,
    ≤5137.26平方米) and a book-title bracket typed for a comparator (`》95%`)."""
    out = []
    if norm[:1] in _ANGLE and norm[1:2].isdigit():
        out.append(_ANGLE[norm[0]] + norm[1:])
    if m := _UNIT_FIRST.match(norm):
        out.append(m["op"] + m["number"] + m["head"] + m["tail"])
    return out


def is_nonstandard(text: str) -> bool:
    """Written with full-width forms or `>=`: readable, but not how the budget system writes it."""
    return bool(_NONSTANDARD.search(text))


def standard_form(text: str) -> str:
    """`＞＝９０％` → `≥90%`: the text as typed, in the budget system's forms; spaces and the
    full-width brackets of Chinese text (`台（套）`) kept."""
    text = text.translate(_HALF_WIDTH)
    for old, new in _STANDARD_PAIRS:
        text = text.replace(old, new)
    return text


def source_positions(text: str) -> list[int]:
    """For each character of `normalise(text)`, its index in `text`."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if _INVISIBLE.match(char):
            continue
        for piece in _BEFORE_NFKC.get(char) or unicodedata.normalize("NFKC", char):
            if piece.isspace():
                continue
            if chars and chars[-1] + piece in _PAIRS:
                chars[-1] = _PAIRS[chars[-1] + piece]
                continue
            chars.append(piece)
            origin.append(index)
    return origin
