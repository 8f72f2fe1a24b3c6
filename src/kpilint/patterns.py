"""Regular expressions from rule files and configuration, run with a limit on each match.

Python's `re` backtracks without bound and cannot be interrupted inside one match: a rule
with `(a+)+$` on a 40-character name never returns. Every pattern a user writes is compiled
by the `regex` package (re's syntax) and every search is given `MATCH_SECONDS`; a search
past it raises PatternTimeout, which the engine reports as the rule's problem.
"""

from __future__ import annotations

from functools import lru_cache

import regex

#: how long one search may take: a sane pattern on the longest text a rule sees takes < 1 ms
MATCH_SECONDS = 0.1
#: the longest pattern accepted: a rule's pattern is a few words long
MAX_PATTERN = 2_000
#: a rule's pattern runs on at most this many characters of a field
MAX_TEXT = 10_000


class PatternError(ValueError):
    """A pattern that does not compile; the message says why, in Chinese."""


class PatternTimeout(Exception):
    """One search ran past MATCH_SECONDS."""

    def __init__(self, source: str) -> None:
        super().__init__(f"正则表达式“{_short(source)}”单次匹配超过 {MATCH_SECONDS:g} 秒")
        self.source = source


class Pattern:
    """A compiled user pattern whose searches are bounded in time."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str, compiled: regex.Pattern[str]) -> None:
        self.source, self._compiled = source, compiled

    def search(self, text: str) -> regex.Match[str] | None:
        try:
            return self._compiled.search(text, timeout=MATCH_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self.source) from None

    def match(self, text: str) -> regex.Match[str] | None:
        try:
            return self._compiled.match(text, timeout=MATCH_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self.source) from None

    def __reduce__(self) -> tuple[object, ...]:
        return (compile_pattern, (self.source,))


@lru_cache(maxsize=4096)
def compile_pattern(source: str) -> Pattern:
    """The pattern compiled once (re's syntax, the regex engine); PatternError if it is not one."""
    if len(source) > MAX_PATTERN:
        raise PatternError(f"正则表达式过长（{len(source)} 个字符，上限 {MAX_PATTERN}）")
    try:
        return Pattern(source, regex.compile(source, regex.VERSION0))
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise PatternError(f"正则表达式“{_short(source)}”有误：{exc}") from None


def _short(source: str) -> str:
    return source if len(source) <= 60 else source[:60] + "…"
