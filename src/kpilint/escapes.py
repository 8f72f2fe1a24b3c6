"""Characters that are not what they look like, named once for every edge of kpilint.

Text from outside — file names, PDF text, cells, configuration, rule files — can hold
characters a terminal acts on (controls), that reorder or hide text (bidi controls,
zero-width joiners, soft hyphens), that no UTF-8 or XML writer accepts (lone surrogates:
a PDF font's ToUnicode map, or the bytes of a file name the file system could not decode,
which Python keeps as U+DC80–U+DCFF), or that XML 1.0 forbids (U+FFFE, U+FFFF).

- `escaped(text)` shows every such character as a visible escape (`\\x1b`, `\\u200d`, and
  `\\xb9` for an undecodable file-name byte); every report and message goes through it.
- `without_format(text)` drops the invisible format characters (what a value is parsed from).
- `valid_text(text)` replaces lone surrogates by U+FFFD (what a reader hands on).
"""

from __future__ import annotations

import re

#: invisible format characters (Unicode category Cf less the visible ones: the Arabic and
#: Syriac number signs and the Kaithi and Egyptian marks, which are drawn)
FORMAT = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
#: the format characters that are drawn (Arabic and Syriac number signs, Kaithi and Egyptian
#: marks): shown as they are in reports, but never part of an indicator value
DRAWN_FORMAT = (
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f"
)
#: lone surrogates (never valid in UTF-8 or XML) and the two non-characters XML 1.0 forbids
_INVALID = "\ud800-\udfff\ufffe\uffff"
#: everything shown as an escape, line breaks included
_HIDDEN = f"\x00-\x1f\x7f-\x9f\u2028\u2029{FORMAT}{_INVALID}"
_HIDDEN_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{FORMAT}{_INVALID}]")
_HIDDEN_ALL = re.compile(f"[{_HIDDEN}]")
_FORMAT = re.compile(f"[{FORMAT}]+")
_SURROGATE = re.compile("[\ud800-\udfff]")

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_char(char: str) -> str:
    """One character as a visible escape: `\\n`, `\\x1b`, `\\u200d`; a surrogate that stands
    for an undecodable file-name byte (U+DC80–U+DCFF) as that byte, `\\xb9`."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _escaped(m: re.Match[str]) -> str:
    return escape_char(m.group())


#: a line break before what a CI runner reads as a command (GitHub's `::error`, Azure's
#: `##vso[`), leading blanks included: the runner strips them
_COMMAND_LINE = re.compile(r"\n(?=[ \t]*(?:::|##))")


def escaped(text: object, newlines: bool = True) -> str:
    """`text` with every control, format and invalid character shown as an escape; line
    breaks kept when `newlines` (a message of several lines), escaped otherwise (a field).
    A kept line break never starts a line a CI runner would run as a command: one that
    would is escaped too (it can only come from data — a file name, a value)."""
    text = (_HIDDEN_BUT_NEWLINE if newlines else _HIDDEN_ALL).sub(_escaped, str(text))
    return _COMMAND_LINE.sub(r"\\n", text) if newlines and "\n" in text else text


def needs_escape(text: str, newlines: bool = True) -> bool:
    """Whether `escaped` would change `text`."""
    return (_HIDDEN_BUT_NEWLINE if newlines else _HIDDEN_ALL).search(text) is not None


def without_format(text: str) -> str:
    """`text` without invisible format characters: `≥9\\u200b0%` reads `≥90%`, and a soft
    hyphen no longer turns `%` into an unknown unit."""
    return _FORMAT.sub("", text) if _FORMAT.search(text) else text


def valid_text(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, so any writer can write it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def one_line(text: object) -> str:
    """A name (a path, a rule id, a configuration value) inside a message: every hidden
    character escaped, line breaks too, so data can never start a line of its own."""
    return escaped(text, newlines=False)
