"""Units: one definitions file (`units.txt`) serves both kpilint and pint.

Parsing a value only needs to know which canonical symbol and dimension an
alias stands for, so that table is read straight from the file (microseconds).
The pint registry, which costs an import of pint, is built from the same file
only when a rule asks for a `Quantity`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pint

DEFINITIONS = "units.txt"

_CATEGORY_OF_BASE = {
    "currency": "currency",
    "time": "time",
    "area": "area",
    "length": "length",
    "mass": "mass",
    "percent": "percent",
    "percentage_point": "percent",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str  # canonical symbol, e.g. 元, 人次, %
    pint_name: str  # name in the pint registry, e.g. person_time
    dimension: str  # kpilint category: percent, currency, time, area, ...


def normalise_unit_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


@cache
def unit_table() -> dict[str, Unit]:
    """Every alias (NFKC-normalised) mapped to its Unit."""
    text = files("kpilint.values").joinpath(DEFINITIONS).read_text(encoding="utf-8")
    base_of: dict[str, str] = {}
    table: dict[str, Unit] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("=")]
        name, definition, symbol, aliases = parts[0], parts[1], parts[2], parts[3:]
        if definition.startswith("["):
            base = definition.strip("[]")
        else:
            refs = [r for r in _NAME.findall(definition) if r in base_of]
            base = base_of[refs[-1]]
        base_of[name] = base
        unit = Unit(symbol, name, _CATEGORY_OF_BASE.get(base, "count"))
        for alias in (symbol, *aliases):
            table[normalise_unit_text(alias)] = unit
    return table


def lookup_unit(text: str) -> Unit | None:
    return unit_table().get(text)


@cache
def registry() -> pint.UnitRegistry:
    """The pint registry, built from our definitions file only (cheap, no defaults)."""
    import pint

    path = files("kpilint.values").joinpath(DEFINITIONS)
    return pint.UnitRegistry(filename=str(path), cache_folder=None)


def quantity(magnitude: float, symbol: str) -> Any:
    """A pint Quantity; an unknown or empty unit gives a dimensionless quantity."""
    reg = registry()
    unit = lookup_unit(symbol)
    return reg.Quantity(magnitude, unit.pint_name if unit else "dimensionless")
