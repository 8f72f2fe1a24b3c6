"""The structured meaning of one 指标值."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["quantity", "range", "deadline", "qualitative", "tiered", "empty", "invalid"]
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

#: Keys added to the JSON form only when set (so a plain value's JSON is unchanged):
#: the prose around a value, the period of a rate, a bare 万/亿 multiplier, the start of a
#: period and the years after the budget year of a deadline (次年), the parts of a tiered
#: value (each in this same JSON form).
OPTIONAL_JSON_KEYS = ("label", "note", "per", "multiplier", "start", "year_offset", "parts")

OP_SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


class ValueSyntaxError(ValueError):
    """A value that the grammar accepts but that contradicts itself."""


@dataclass(frozen=True, slots=True)
class Value:
    """A parsed indicator value.

    `magnitude`, `low` and `high` are in the canonical `unit` (万元 folded into 元,
    so ``≤0.5 万元`` is 5000 元). `date` is ISO 8601: ``2021-12-31`` when the year
    was written, ``--12-31`` (month-day) when only the month or quarter was, to be
    resolved against the budget year by `deadline_in`.

    Values read out of prose keep the prose: `label` is the text before the value
    (``更新率＞95％`` → label ``更新率``), `note` the text after it or in brackets
    (``100%全覆盖`` → note ``全覆盖``). `per` is the period or item of a rate
    (``12次/年`` → ``年``, ``每季度不少于1次`` → ``季度``; `unit` then reads ``次/季度``).
    `multiplier` is ``万``/``亿``/``千`` when a number carried one and no unit
    (``78万``): the parser cannot know whether that is 78万元 or 78万人, a rule can.
    A rate per a population keeps it in `per` (``≤3人/万人`` → ``万人``, ``≤10/10万`` →
    ``10万``) and has dimension ``ratio``, as ``‰`` and ``‱`` do: a rate that is not a percentage.
    A period is a deadline at its end with its first day in `start` (``全年`` → ``--01-01`` to
    ``--12-31``); a deadline that recurs has the period in `per` (``每年6月底前`` → ``年``); a
    deadline in the year after the budget year has `year_offset` 1 (``次年3月底前``).
    A ``tiered`` value is several values in one cell (``国家级≤100万元/家；省级≤80万元/家``,
    ``按运费的30% 且≤300万元/家``): `parts` holds them, each with its `label`; `op`,
    `unit` and `dimension` are set only when all parts agree (`dimension` is ``mixed``
    when they do not).
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
    label: str = ""
    note: str = ""
    per: str = ""
    multiplier: str = ""
    start: str = ""
    year_offset: int = 0
    parts: tuple[Value, ...] = ()

    # --- questions rules ask ------------------------------------------------
    @property
    def is_numeric(self) -> bool:
        return self.kind in ("quantity", "range")

    @property
    def is_periodic(self) -> bool:
        """Counted or due per a period of time (`1次/月`, `每季度一次`, `每月`, `每年6月底前`)."""
        from kpilint.values.units import is_period

        return is_period(self.per)

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
            return _dt.date(year + self.year_offset, month, day)
        return _dt.date.fromisoformat(self.date)

    def to_json(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in JSON_KEYS}
        for key in OPTIONAL_JSON_KEYS:
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.parts:
            data["parts"] = [part.to_json() for part in self.parts]
        return data

    def render(self) -> str:
        """A canonical text that parses back to an equal value (used by --fix and tests)."""
        op = OP_SYMBOL[self.op] if self.op else ""
        if self.kind == "quantity":
            return f"{op}{fmt_number(self.magnitude)}{self.unit}"
        if self.kind == "range":
            return f"{op}{fmt_number(self.low)}{self.unit}-{fmt_number(self.high)}{self.unit}"
        if (
            self.kind == "deadline"
            and self.date
            and not (self.per or self.start or self.year_offset)
        ):
            # a recurring, period or next-year deadline is rendered as written
            date = _render_date(self.date, self.unit, self.magnitude)
            if self.op == "<=":
                return f"{date}前"
            return f"{op}{date}"
        if self.kind == "tiered":
            return "；".join(part.label + part.render() for part in self.parts)
        return self.text


def fmt_number(number: float | None) -> str:
    """`12.0` → `12`, `0.5` → `0.5`: a number as a table writes it."""
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
