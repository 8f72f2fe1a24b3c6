"""The structured meaning of one 指标值."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal["quantity", "range", "deadline", "qualitative", "empty", "invalid"]
Op = Literal[">=", "<=", ">", "<", "="]

#: Keys of the JSON form, in order (the `kpilint value --format json` contract).
JSON_KEYS = (
    "text",
    "kind",
    "op",
    "magnitude",
    "unit",
    "dimension",
    "low",
    "high",
    "date",
    "grade",
    "error",
)

OP_SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


@dataclass(frozen=True, slots=True)
class Value:
    """A parsed indicator value.

    `magnitude`, `low` and `high` are in the canonical `unit` (万元 folded into 元,
    so ``≤0.5 万元`` is 5000 元). `date` is ISO 8601: ``2021-12-31`` when the year
    was written, ``--12-31`` (month-day) when only the month or quarter was, to be
    resolved against the budget year by `deadline_in`.
    """

    text: str
    kind: Kind
    op: Op | None = None
    magnitude: float | None = None
    unit: str = ""
    dimension: str | None = None
    low: float | None = None
    high: float | None = None
    date: str | None = None
    grade: str | None = None
    direction: str | None = None
    approximate: bool = False
    error: str | None = None
    error_pos: int | None = None

    # --- questions rules ask ------------------------------------------------
    @property
    def is_numeric(self) -> bool:
        return self.kind in ("quantity", "range")

    @property
    def number(self) -> float | None:
        """The magnitude, or for a range its upper bound for ≤ and lower bound otherwise."""
        if self.kind == "range":
            return self.high if self.op in ("<=", "<") else self.low
        return self.magnitude

    def quantity(self) -> Any:
        """A pint Quantity (`magnitude` or range bound in `unit`), or None if not numeric."""
        from kpilint.values.units import quantity

        number = self.number
        return None if number is None else quantity(number, self.unit)

    def deadline_in(self, year: int) -> _dt.date | None:
        """The deadline as a date, using `year` when the table wrote none."""
        if not self.date:
            return None
        if self.date.startswith("--"):
            month, day = (int(p) for p in self.date[2:].split("-"))
            return _dt.date(year, month, day)
        return _dt.date.fromisoformat(self.date)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {key: data[key] for key in JSON_KEYS}

    def render(self) -> str:
        """A canonical text that parses back to an equal value (used by --fix and tests)."""
        op = OP_SYMBOL[self.op] if self.op else ""
        if self.kind == "quantity":
            return f"{op}{_fmt(self.magnitude)}{self.unit}"
        if self.kind == "range":
            return f"{op}{_fmt(self.low)}{self.unit}-{_fmt(self.high)}{self.unit}"
        if self.kind == "deadline" and self.date:
            date = _render_date(self.date, self.unit, self.magnitude)
            if self.op == "<=":
                return f"{date}前"
            return f"{op}{date}"
        return self.text


def _fmt(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _render_date(date: str, unit: str, magnitude: float | None) -> str:
    if unit == "季度" and magnitude is not None:
        return f"第{int(magnitude)}季度"
    year, month, day = (
        date.rsplit("-", 2) if not date.startswith("--") else ("", *date[2:].split("-"))
    )
    prefix = f"{year}年" if year else ""
    return f"{prefix}{int(month)}月{int(day)}日"
