"""Text from the input shown as text: no control character or bidi override reaches a
terminal, a CI log or a report as anything but visible escapes.

A name in a draft can hold `\\x1b[2K\\r\\x1b[1A` (erase and rewrite the line above), an OSC 8
hyperlink, concealed text or a right-to-left override. Printed raw, that rewrites what the
user sees. `printable` shows each such character escaped (`\\x1b`, `\\u202e`), colour or
not; JSON keeps the same data but writes them as `\\u` escapes (`json_text`).
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

#: C0 and C1 controls, DEL, and the characters that reorder text (Trojan Source)
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_CONTROLS_AND_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
#: what json.dumps(ensure_ascii=False) leaves raw that a terminal or an editor acts on
_JSON_RAW = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(m: re.Match[str]) -> str:
    char = m.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: object, newlines: bool = True) -> str:
    """`text` with every control character and bidi override shown as an escape; line
    breaks kept when `newlines` (a message of several lines), escaped otherwise (a field)."""
    return (_CONTROLS if newlines else _CONTROLS_AND_NEWLINES).sub(_escaped, str(text))


#: what json.dumps(data, ensure_ascii=False) makes, without making it anew for every finding
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON for `data` (UTF-8 kept readable) with every character a terminal would act on
    written as a `\\u` escape: it parses to the same data."""
    text = _ENCODE(data) if indent is None else json.dumps(data, ensure_ascii=False, indent=indent)
    return json_text_escaped(text)


def json_text_escaped(text: str) -> str:
    """JSON text with what a terminal would act on written as `\\u` escapes."""
    return _JSON_RAW.sub(_json_escape, text) if _JSON_RAW.search(text) else text


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


class PrintableStream:
    """A text stream that shows what is written to it through `printable` (for standard
    error, where messages quote file names and contents). `raw` is the stream itself, for
    what kpilint writes on purpose (the progress line)."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(printable(text))

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)
