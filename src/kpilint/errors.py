"""Errors a user can act on: a file, a place in it, what is wrong, what to do."""

from __future__ import annotations

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
