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
    "concentration": "concentration",
    "ratio": "ratio",
    "power": "power",
    "energy": "energy",
}
#: A population (or a round number) a rate is counted per: `10万`, `万人`, `千人口`, `100`.
#: A count per a population (`≤3人/万人`, `≤10/10万`) has dimension ``ratio``. The scale is
#: the one the grammar's PER_SCALE lexes after a `/` (the ratio cases in tests/values check both).
_SCALE = r"(?:10+[十百千万亿]*|[1一]?[十百千万亿]+)"
_POPULATION_NOUNS = r"(?:常住人口|户籍人口|人口|人次|人|户|名|居民)"
_POPULATION = re.compile(rf"{_SCALE}{_POPULATION_NOUNS}?")
POPULATION_PER = re.compile(rf"{_SCALE}{_POPULATION_NOUNS}")  # after 每 the noun is needed
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


def is_population(per: str) -> bool:
    """`10万`, `万人`, `千人口`: the `per` of a rate counted per a population."""
    return _POPULATION.fullmatch(per) is not None


def is_period(per: str) -> bool:
    """`月`, `季度`, `两个月`, `天/人`: a `per` that is a period of time (a periodicity)."""
    head = per.split("/", 1)[0].split("·", 1)[0].lstrip("0123456789.一二两三四五六七八九十")
    unit = lookup_unit(head.removeprefix("个"))
    return unit is not None and unit.dimension == "time"


def rate_dimension(dimension: str, per: str) -> str:
    """The dimension of a value per `per`: a count (or a bare number) per a population is a
    ``ratio`` (`≤3人/万人`, `≤10/10万`); money, time or area per a population stay what they are."""
    if per and dimension in ("count", "dimensionless") and is_population(per):
        return "ratio"
    return dimension


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


@dataclass(frozen=True, slots=True)
class UnitReading:
    """What the text after a number says: a unit, the period or item it is per, and
    any words after it (`%全覆盖`, `艘监督船(艇)维修保养`, `元/天/人标准`)."""

    head: str  # the unit proper as written ("" when the text starts with "/": `≤2000/人·天`)
    unit: Unit | None  # the known unit of `head`, None when `head` is ""
    per: str  # `年` for 次/年, `人·天` for 元/人·天, "" when not a rate
    note: str  # words after the unit


_PER_SEPARATORS = "/·、"
#: `一年`, `一个月` after a number: per that period (`不超过30万一年`)
_ONE_PERIOD = re.compile(r"^一(?:个)?(?=年|月|季度|季|周|天|日|半年)")
_ALTERNATIVE = re.compile(r"\(([^()]{1,3})\)")
# After a unit these start a longer unit, not a note: 辆次, 位次 (X次), 人、户 (a list of
# units); and 数 ending it: 个数, 件数 (a unit column's "number of X").
_UNIT_CONTINUES = ("次", "、")
_MAX_UNKNOWN_PER = 4  # an unknown denominator longer than this is prose, not a unit


@cache
def _longest_alias() -> int:
    return max(map(len, unit_table()))


def _known_prefix(text: str) -> tuple[str, Unit] | None:
    """The longest start of `text` that is a unit (`人次` before `人`, `个工作日` before `个`)."""
    table = unit_table()
    for end in range(min(len(text), _longest_alias()), 0, -1):
        unit = table.get(text[:end])
        if unit is not None:
            return text[:end], unit
    return None


def _per(text: str) -> tuple[str, str]:
    """`天/人标准` → ("天/人", "标准"): denominators joined by / · 、, then the rest.
    Known units are given by their symbol (`次/日` is per 天), others as written (`元/基地`)."""
    table = unit_table()
    out: list[str] = []
    end = i = 0  # text[:end] is the denominator read so far
    while i < len(text):
        j = next((k for k in range(i, len(text)) if text[k] in _PER_SEPARATORS), len(text))
        if text[i] == "每" and j > i + 1:  # 次/每月 is 次/月
            i += 1
        segment = text[i:j]
        if segment in table:
            symbol = table[segment].symbol
        else:
            known = _known_prefix(segment)
            if known:
                alternative = _ALTERNATIVE.match(segment, len(known[0]))
                if alternative and lookup_unit(alternative.group(1)):  # 元/台(部)
                    out.append(segment[: alternative.end()])
                    end = i + alternative.end()
                else:
                    out.append(known[1].symbol)
                    end = i + len(known[0])
                break
            if not segment or (len(segment) > _MAX_UNKNOWN_PER and not is_population(segment)):
                break
            symbol = segment
        out.append(symbol)
        end = j
        if j < len(text):
            out.append("·" if text[j] == "、" else text[j])
        i = j + 1
    if out and out[-1] in _PER_SEPARATORS:
        out.pop()  # a separator with no denominator after it
    return "".join(out), text[end:]


def split_unit(text: str) -> UnitReading | None:
    """Read the words after a number; None when they start with no unit kpilint knows.

    Exact aliases win (`人/次` is 人次, `台(套)` a unit of its own); a bracketed unit is that
    unit (`(毫秒)`); `X/Y`, `X·Y/Z`, `X每Y` are rates whose dimension is X's; otherwise the
    longest known unit at the start, and the rest is a note. None (kept verbatim) when the
    text starts with no unit kpilint knows, or the known unit goes on (`辆次`, `个数`, `天(人次)`)."""
    text = normalise_unit_text(text)
    unit = lookup_unit(text)
    if unit is not None:
        return UnitReading(text, unit, "", "")
    if text[:1] == "(" and text[-1:] == ")" and lookup_unit(text[1:-1]):
        return UnitReading(text[1:-1], lookup_unit(text[1:-1]), "", "")
    if text[:1] in ("/", "每"):
        per, note = _per(text[1:])
        return UnitReading("", None, per, note) if per else None
    if (one := _ONE_PERIOD.match(text)) is not None:  # `30万一年`: 30万 a year
        per, note = _per(text[one.end() :])
        return UnitReading("", None, per, note) if per else None
    known = _known_prefix(text)
    if known is None:
        return None
    head, unit = known
    rest = text[len(head) :]
    if rest.startswith(_UNIT_CONTINUES) or rest == "数":
        return None
    alternative = _ALTERNATIVE.match(rest)
    if alternative and lookup_unit(alternative.group(1)):
        return None  # 天(人次): a unit qualified by another, kept whole as written
    one = _ONE_PERIOD.match(rest)
    if rest[:1] in ("/", "·", "每") or one is not None:
        per, note = _per(rest[one.end() :] if one is not None else rest[1:])
        if per:
            return UnitReading(head, unit, per, note)
    return UnitReading(head, unit, "", rest)
