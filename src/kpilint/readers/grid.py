"""One interpreter for tables that arrive as rows of cells.

A reader turns its source into `GridRow`s (cells with their locations); this
module finds the project's key–value cells, spend plan, goals and the indicator
table by the template's words, never by fixed positions. Anything after the
indicator header that cannot be placed becomes a Diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from kpilint.model import Budget, Checkpoint, Diagnostic, Indicator, Location, Project, SpendPlan
from kpilint.readers.spend_plan import month_of_label
from kpilint.readers.vocabulary import HEADER_WORDS, LEVEL1, clean_cell, split_goals, squash
from kpilint.values import parse_value


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    location: Location


GridRow = list[Cell]

_KEYS = {
    "项目编码": "code",
    "项目名称": "name",
    "预算数": "total",
    "资金总额": "total",
    "年度预算资金总额": "total",
    "其中：财政资金": "fiscal",
    "其中:财政资金": "fiscal",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "其他资金": "other",
    "项目资金主要用途": "purpose",
    "资金用途": "purpose",
}
_MONEY = r"([\d,]+(?:\.\d+)?)\s*(万元|元|千元|亿元)?"
_PROSE_BUDGET = {
    "total": re.compile(rf"预算(?:数|资金)[:：]?\s*{_MONEY}"),
    "fiscal": re.compile(rf"财政资金[:：]?\s*{_MONEY}"),
    "other": re.compile(rf"其他资金[:：]?\s*{_MONEY}"),
}
_FACTOR = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}


def _number(text: str) -> float | None:
    value = parse_value(text)
    if value.kind == "quantity" and value.dimension in ("dimensionless", "currency"):
        return value.magnitude / 1e4 if value.unit == "元" else value.magnitude
    return None


def prose_budget(text: str, money_factor: float = 1e4) -> dict[str, float]:
    """Figures quoted in prose (`预算数1044.94万元。其中：财政资金…`) in the money unit."""
    found: dict[str, float] = {}
    for key, pattern in _PROSE_BUDGET.items():
        if m := pattern.search(text):
            number = float(m.group(1).replace(",", ""))
            found[key] = number * _FACTOR.get(m.group(2) or "万元", 1e4) / money_factor
    if "total" in found and "fiscal" not in found and "全部为财政资金" in squash(text):
        found["fiscal"] = found["total"]
    return found


def _texts(row: GridRow) -> list[str]:
    return [clean_cell(c.text) for c in row]


def _header_map(row: GridRow) -> dict[int, str] | None:
    fields = {i: HEADER_WORDS.get(squash(c.text)) for i, c in enumerate(row)}
    fields = {i: f for i, f in fields.items() if f}
    names = set(fields.values())
    return fields if {"level1", "value"} <= names or {"name", "value"} <= names else None


def interpret_project(rows: list[GridRow], path: str) -> tuple[Project, list[Diagnostic]]:
    """Rows of one project table (from 项目编码 to its last indicator row) to a Project."""
    found: dict[str, tuple[str, Location]] = {}
    diagnostics: list[Diagnostic] = []
    plan: SpendPlan | None = None
    goals: tuple[str, ...] = ()
    header: dict[int, str] | None = None
    indicators: list[Indicator] = []
    last = {"level1": "", "level2": ""}
    i = 0
    while i < len(rows):
        row, texts = rows[i], _texts(rows[i])
        if _header_map(row):
            header = _header_map(row)  # a header repeated after a page break is skipped
            i += 1
            continue
        if header is not None:
            ind = _indicator(row, header, last)
            if ind is None:
                if any(texts):
                    where = next(c.location for c in row if clean_cell(c.text))
                    diagnostics.append(
                        Diagnostic(
                            "unplaced-row",
                            f"此行无法归入指标表：{' | '.join(t for t in texts if t)}",
                            where,
                        )
                    )
            else:
                indicators.append(ind)
            i += 1
            continue
        squashed = [squash(t) for t in texts]
        plan_col = next((j for j, t in enumerate(squashed) if t.startswith("资金支出计划")), None)
        if plan_col is not None and i + 1 < len(rows):
            plan = _spend_plan(row, rows[i + 1], plan_col)
            i += 2
            continue
        if "绩效目标" in squashed:
            j = squashed.index("绩效目标")
            text = next((t for t in texts[j + 1 :] if t), "")
            goals = split_goals(text)
            i += 1
            continue
        labelled = False
        for j, key in enumerate(squashed):
            field = _KEYS.get(key)
            if field is None:
                continue
            labelled = True
            following = row[j + 1] if j + 1 < len(row) else None
            if following is not None and squash(following.text) not in _KEYS:
                found.setdefault(field, (clean_cell(following.text), following.location))
        if squashed and squashed[0].startswith("预算规模") and i + 1 < len(rows):
            nxt = [t for t in _texts(rows[i + 1]) if t]
            if len(nxt) == 1 and "purpose" not in found:  # 资金用途 on the row below
                cell = next(c for c in rows[i + 1] if clean_cell(c.text))
                found["purpose"] = (nxt[0], cell.location)
                i += 1
        if not labelled and not squashed[0].startswith("预算规模") and any(texts):
            where = next(c.location for c in row if clean_cell(c.text))
            diagnostics.append(
                Diagnostic(
                    "unplaced-row", f"此行无法识别：{' | '.join(t for t in texts if t)}", where
                )
            )
        i += 1
    return _project(found, plan, goals, indicators, rows, path), diagnostics


def _spend_plan(labels: GridRow, values: GridRow, start: int) -> SpendPlan:
    header = labels[start]
    checkpoints = []
    for j in range(start + 1, len(labels)):
        label = clean_cell(labels[j].text)
        if not label:
            continue
        cell = values[j] if j < len(values) else None
        checkpoints.append(
            Checkpoint(
                label,
                month_of_label(label),
                clean_cell(cell.text) if cell else "",
                cell.location if cell else labels[j].location,
            )
        )
    declared = "%" in header.text or "％" in header.text
    return SpendPlan(tuple(checkpoints), declared, header.location)


def _indicator(row: GridRow, header: dict[int, str], last: dict[str, str]) -> Indicator | None:
    cells = {field: row[i] for i, field in header.items() if i < len(row)}
    if len(cells) < len(header) - 1 and not any(clean_cell(c.text) for c in cells.values()):
        return None
    texts = {f: clean_cell(c.text) for f, c in cells.items()}
    if not texts.get("level2") and not texts.get("level1") and not last["level2"]:
        return None
    if texts.get("level1") and texts["level1"] not in LEVEL1 and not last["level1"]:
        return None
    for level in ("level1", "level2"):  # merged cells are printed once: fill down
        if texts.get(level):
            last[level] = texts[level]
            if level == "level1" and not texts.get("level2"):
                last["level2"] = ""
        texts[level] = last[level]
    where = next((c.location for c in row if clean_cell(c.text)), row[0].location)
    return Indicator(
        level1=texts["level1"],
        level2=texts["level2"],
        name=texts.get("name", ""),
        description=texts.get("description", ""),
        value_text=texts.get("value", ""),
        basis=texts.get("basis", ""),
        unit=texts.get("unit"),
        comparator=texts.get("comparator"),
        weight=texts.get("weight"),
        location=where,
        fields=MappingProxyType({f: c.location for f, c in cells.items()}),
    )


def _project(
    found: dict[str, tuple[str, Location]],
    plan: SpendPlan | None,
    goals: tuple[str, ...],
    indicators: list[Indicator],
    rows: list[GridRow],
    path: str,
) -> Project:
    text = {k: v[0] for k, v in found.items()}
    budget = {k: _number(text[k]) if text.get(k) else None for k in ("total", "fiscal", "other")}
    purpose = text.get("purpose", "")
    if budget["total"] is None and purpose:
        budget.update(prose_budget(purpose))
    start = rows[0][0].location if rows and rows[0] else Location(path)
    return Project(
        code=squash(text.get("code", "")) or None,
        name=text.get("name") or None,
        budget=Budget(**budget),
        purpose=purpose,
        spend_plan=plan,
        goals=goals,
        indicators=tuple(indicators),
        location=start,
        fields=MappingProxyType(
            {k: v[1] for k, v in found.items()} | ({"spend_plan": plan.location} if plan else {})
        ),
    )
