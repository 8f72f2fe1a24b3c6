"""Errors a user can act on: a file, a place in it, what is wrong, what to do."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from kpilint.escapes import escaped, one_line


class KpilintError(Exception):
    """Base of errors reported to the user without a traceback (exit code 2)."""


class ReadError(KpilintError):
    def __init__(
        self,
        path: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str = "",
    ) -> None:
        self.path, self.message, self.line, self.column, self.hint = (
            path,
            message,
            line,
            column,
            hint,
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        """`file:line:column: 错误: message` on one line (a file name or a message quoting
        the input cannot start a line of its own), and the hint on the next."""
        where = one_line(self.path)
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        text = f"{where}: 错误: {one_line(self.message)}"
        return f"{text}\n  提示: {escaped(self.hint)}" if self.hint else text


#: letters typed for the digits they look like, after an id's letters (KPI3O1, KPI30l)
_LOOKALIKES = str.maketrans("OIL", "011")
_ID_LETTERS = re.compile(r"[A-Za-z]*")


def _folded(name: str) -> str:
    letters = _ID_LETTERS.match(name.strip())
    head = letters.group() if letters else ""
    return head.upper() + name.strip()[len(head):].upper().translate(_LOOKALIKES)


def did_you_mean(wrong: str, known: Sequence[str]) -> str:
    """“（是不是“X”？）” for the closest of `known` — the same but for case or a letter
    typed for a digit it looks like, else the most alike — or nothing."""
    exact = {_folded(k): k for k in known}.get(_folded(wrong))
    close = [exact] if exact else difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    return f"（是不是“{close[0]}”？）" if close else ""
