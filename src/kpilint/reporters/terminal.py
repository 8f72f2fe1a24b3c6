"""Text from the input shown as text: no control character or bidi override reaches a
terminal, a CI log or a report as anything but visible escapes.

A name in a draft can hold `\\x1b[2K\\r\\x1b[1A` (erase and rewrite the line above), an OSC 8
hyperlink, concealed text or a right-to-left override. Printed raw, that rewrites what the
user sees. `printable` shows each such character escaped (`\\x1b`, `\\u202e`), colour or
not; JSON keeps the same data but writes them as `\\u` escapes (`json_text`).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, TextIO

from kpilint.escapes import FORMAT, escape_char, escaped

#: what json.dumps(ensure_ascii=False) leaves raw that a terminal or an editor acts on, or
#: that is not valid UTF-8 (a lone surrogate): written as escapes
_JSON_RAW = re.compile(f"[\x7f-\x9f\u2028\u2029{FORMAT}\ud800-\udfff]")


def printable(text: object, newlines: bool = True) -> str:
    """`text` with every control character, bidi override, invisible format character and
    invalid character shown as an escape (`kpilint.escapes`); line breaks kept when
    `newlines` (a message of several lines), escaped otherwise (a field)."""
    return escaped(text, newlines)


#: what json.dumps(data, ensure_ascii=False) makes, without making it anew for every finding;
#: strict: a float that is not finite is refused (JSON has no NaN or Infinity)
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def json_text(data: Any, indent: int | None = None) -> str:
    """Strict JSON for `data` (UTF-8 kept readable) with every character a terminal would
    act on written as a `\\u` escape: it parses to the same data. A number that is not
    finite (a value of 1e999) is written as null: no NaN or Infinity, which strict JSON
    readers refuse."""
    try:
        text = _ENCODE(data) if indent is None else json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return json_text(_finite(data), indent)
    return json_text_escaped(text)


def _finite(data: Any) -> Any:
    """`data` with every float that is not finite replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def json_text_escaped(text: str) -> str:
    """JSON text with what a terminal would act on written as `\\u` escapes."""
    return _JSON_RAW.sub(_json_escape, text) if _JSON_RAW.search(text) else text


def _json_escape(m: re.Match[str]) -> str:
    """A `\\u` escape (the same data); a lone surrogate, which no JSON reader can take as
    text, as the visible escape `printable` shows (`\\xb9` for a file name's byte)."""
    char = m.group()
    if "\ud800" <= char <= "\udfff":
        return escape_char(char).replace("\\", "\\\\")
    return f"\\u{ord(char):04x}"


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
