"""Year over year: the same rule engine, run over this year's table beside last year's.

A year-over-year rule is an ordinary YAML rule whose scope is a pair (DIFF_SCOPES): its
`where` and `assert` see this year's row or project as any rule does, and beside it
`last` — the matched row or project of last year's table, in the same shape, with
`last.project` (its budget, name, code) — and `change`, what the engine works out once
so that every rule reads it the same way:

    change.comparable   both values are figures of one unit (or both deadlines)
    change.this / .last  those figures (a deadline: its day of the year)
    change.better       which way is better: `higher` / `lower`, from what the name
                        measures (framework concepts: direction()) and the comparator,
                        null where they disagree or say nothing
    change.ratio        this figure over last year's
    change.budget_ratio this year's budget over last year's (in yuan)
    relative.op         the comparison a value like `不低于上年` states (values/relative.py)
    relative.text       that value resolved against last year's figure (`≥95%`), or null

A finding points at this year's table and names last year's cell (`{last_where}` in a
message, and in the finding's details).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from kpilint.engine.context import document_context, indicator_context, project_context, value_dict
from kpilint.engine.matching import Matching, ProjectPair, RowPair, comparable_row, match_documents
from kpilint.engine.rules import Rule
from kpilint.engine.run import DocumentRun, as_read, make_finding
from kpilint.findings import Finding
from kpilint.framework.concepts import direction
from kpilint.model import Document, Indicator, Location, Project, provenance_text
from kpilint.values import Value, parse_value
from kpilint.values.relative import relative_to_last, resolved_text
from kpilint.values.value import OP_SYMBOL

#: how two projects were paired, in words
MATCHED_BY = {"code": "项目编码", "name": "项目名称", "name+unit": "项目名称和实施单位",
              "name+rows": "项目名称和指标", "name+budget": "项目名称和预算数"}  # fmt: skip
_OP_BETTER = {">=": "higher", ">": "higher", "<=": "lower", "<": "lower"}
_LEADING_OP = re.compile(r"^\s*(?:[≥≤><=＞＜≧≦]|>=|<=)+\s*")


def _better(ind: Indicator, value: Value) -> str | None:
    """Which way is better for this row: the name's direction and the comparator's, when
    they do not disagree; a deadline is better earlier."""
    by_op = "lower" if value.kind == "deadline" else _OP_BETTER.get(value.op or "")
    found = direction(ind.name)
    by_name = found[0] if found else None
    if by_name and by_op and by_name != by_op:
        return None
    return by_name or by_op


def _figure(value: Value) -> tuple[tuple[str, ...], float] | None:
    """(what the figure is of, the figure): a quantity in its unit, or a deadline's day."""
    if value.kind == "quantity" and value.magnitude is not None and not value.parts:
        return ("quantity", value.dimension or "", value.unit, value.per), value.magnitude
    if value.kind == "deadline" and value.date:
        month, day = (int(x) for x in value.date[-5:].split("-"))
        return ("deadline",), (month - 1) * 31 + day
    return None


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _yuan(project: Project, doc: Document) -> float | None:
    total = project.budget.total
    return None if total is None else total * doc.money_factor


def change_context(this: Indicator, last: Indicator, budget_ratio: float | None) -> dict[str, Any]:
    now, before = _figure(this.value), _figure(last.value)
    comparable = now is not None and before is not None and now[0] == before[0]
    better_now, better_before = _better(this, this.value), _better(last, last.value)
    better = better_now if better_before in (None, better_now) else None
    return {
        "comparable": comparable,
        "this": now[1] if comparable and now else None,
        "last": before[1] if comparable and before else None,
        "better": better,
        "ratio": _ratio(now[1], before[1]) if comparable and now and before else None,
        "budget_ratio": budget_ratio,
        "same_text": "".join(this.value_text.split()) == "".join(last.value_text.split()),
    }


def resolved(this: Indicator, last: Indicator | None) -> tuple[str | None, str | None, Value | None]:
    """(comparison, resolved text, resolved value) of a value stated against last year's."""
    op = relative_to_last(this.value_text)
    if op is None or last is None:
        return op, None, None
    figure = last.value
    if figure.kind != "quantity" or figure.magnitude is None or figure.parts:
        return op, None, None
    bare = _LEADING_OP.sub("", last.value_text).strip()
    shown = parse_value(bare) if bare else None
    if shown is not None and shown.kind == "quantity" and shown.op is None and shown.magnitude == figure.magnitude:
        text = OP_SYMBOL[op] + bare
    else:
        text = resolved_text(op, figure.magnitude, figure.unit)
    return op, text, parse_value(text)


def _relative_context(this: Indicator, last: Indicator | None) -> dict[str, Any]:
    op, text, value = resolved(this, last)
    return {"op": op, "text": text, "value": value_dict(value) if value else None}


class _Contexts:
    """The rule contexts of one pair of documents, each project's built once."""

    def __init__(self, last: Document, this: Document) -> None:
        self.last_doc, self.this_doc = last, this
        self.last_ctx, self.this_ctx = document_context(last), document_context(this)

    def project(self, pair: ProjectPair) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        mine = project_context(pair.this, self.this_ctx) if pair.this else None
        theirs = project_context(pair.last, self.last_ctx) if pair.last else None
        return mine, theirs

    def budget_ratio(self, pair: ProjectPair) -> float | None:
        if pair.this is None or pair.last is None:
            return None
        return _ratio(_yuan(pair.this, self.this_doc), _yuan(pair.last, self.last_doc))


def _indicator(ind: Indicator, p_ctx: dict[str, Any]) -> dict[str, Any]:
    ctx = indicator_context(ind, p_ctx)
    ctx["project"] = p_ctx  # its whole project, budget and all: `last.project.budget.total`
    return ctx


def _where(element: Project | Indicator | None, field: str = "value") -> str:
    loc = element.where(field) if element is not None else None
    return str(loc) if loc else ""


def _percent_change(ratio: float | None) -> str:
    return "未知" if ratio is None else f"{(ratio - 1) * 100:+.0f}%"


def _said(pair: ProjectPair, row: RowPair | None, budget_ratio: float | None,
          relative: Mapping[str, Any] | None) -> dict[str, Any]:  # fmt: skip
    """What a year-over-year message can say: last year's side, the budget's change, why
    a project did not pair, a resolved value."""
    last_p, last_i = pair.last, row.last if row else None
    way = direction(row.this.name) if row and row.this else None
    return {
        "better": {"higher": "高", "lower": "低"}.get(way[0], "") if way else "",
        "last_where": _where(last_i) if last_i else _where(last_p, "name") or "",
        "last_value": last_i.value_text if last_i else "",
        "last_indicator": last_i.name if last_i else "",
        "last_project": (last_p.name or "") if last_p else "",
        "last_code": (last_p.code or "") if last_p else "",
        "last_budget": last_p.budget.total if last_p else None,
        "budget_change": _percent_change(budget_ratio),
        "matched_by": MATCHED_BY.get(pair.how, ""),
        "why": pair.why,
        "resolved": (relative or {}).get("text") or "",
    }


def diff_documents(last: Document, this: Document, rules: Sequence[Rule], lang: str = "zh",
                   matching: Matching | None = None) -> list[Finding]:  # fmt: skip
    """What the year-over-year rules say of this year's table beside last year's, every
    finding pointing at this year's table."""
    matching = matching or match_documents(last, this)
    by_scope: dict[str, list[Rule]] = {}
    for rule in rules:
        by_scope.setdefault(rule.scope, []).append(rule)
    run = DocumentRun(this, lang)
    contexts = _Contexts(last, this)
    for pair in matching.pairs:
        _pair(run, by_scope, contexts, pair)
    return as_read(run.found, this, {r.id: r for r in rules}, lang)


def _pair(run: DocumentRun, by_scope: Mapping[str, list[Rule]], contexts: _Contexts, pair: ProjectPair) -> None:
    mine, theirs = contexts.project(pair)
    ratio = contexts.budget_ratio(pair)
    said = _said(pair, None, ratio, None)
    ctx: dict[str, Any]
    if pair.this is None and theirs is not None:
        gone: dict[str, Any] = {"last": theirs, "doc": contexts.this_ctx, "why": pair.why}
        last_p = pair.last
        _report(run, by_scope, "project_dropped", gone, said, None, None, ("doc",),
                lambda f: replace(f, project_code=last_p.code if last_p else None,
                                  project_name=last_p.name if last_p else None))  # fmt: skip
        return
    assert pair.this is not None and mine is not None and pair.this_index is not None
    project, p_index = pair.this, pair.this_index
    if theirs is None:
        _report(run, by_scope, "project_added", {**mine, "why": pair.why}, said, project, None, (p_index,))
        for index, ind in enumerate(project.indicators):
            if comparable_row(ind):
                ctx = {**_indicator(ind, mine), "last": None, "relative": _relative_context(ind, None)}
                _report(run, by_scope, "indicator_added", ctx, said, project, ind, (p_index, index))
        return
    p_ctx = {**mine, "last": theirs, "change": {"budget_ratio": ratio}, "matched_by": pair.how}
    _report(run, by_scope, "project_pair", p_ctx, said, project, None, (p_index,))
    for row in pair.rows:
        rel = _relative_context(row.this, row.last) if row.this else None
        said = _said(pair, row, ratio, rel)
        if row.this is None and row.last is not None:
            dropped = {"last": _indicator(row.last, theirs), "project": mine, "budget": mine["budget"],
                       "doc": contexts.this_ctx}  # fmt: skip
            _report(run, by_scope, "indicator_dropped", dropped, said, project, None, (p_index,))
            continue
        assert row.this is not None and row.this_index is not None
        ctx = _indicator(row.this, mine)
        ctx["relative"] = rel
        if row.last is None:
            ctx["last"] = None
            _report(run, by_scope, "indicator_added", ctx, said, project, row.this, (p_index, row.this_index))
            continue
        ctx["last"] = _indicator(row.last, theirs)
        ctx["change"] = change_context(row.this, row.last, ratio)
        _report(run, by_scope, "indicator_pair", ctx, said, project, row.this, (p_index, row.this_index),
                last=row.last)  # fmt: skip


_LAST_DOUBT = {"zh": "（上年的{why}，仅供核对，未作定论）", "en": " (not asserted: last year's {why})"}


def _last_doubts(rule: Rule, last: Indicator, lang: str = "zh") -> list[str]:
    """What last year's row holds in doubt among the fields the rule's verdict rests on."""
    return [provenance_text(name, how, lang) for name in rule.premises if (how := last.doubt(name))]


def _report(run: DocumentRun, by_scope: Mapping[str, list[Rule]], scope: str, ctx: dict[str, Any],
            said: dict[str, Any], project: Project | None, ind: Indicator | None,
            anchor: tuple[Any, ...], adjust: Any = None, last: Indicator | None = None) -> None:  # fmt: skip
    rules = by_scope.get(scope)
    if not rules:
        return
    if last is not None:  # a verdict resting on what last year's reader was unsure of
        rules = [r for r in rules if not (_last_doubts(r, last) and r.on_uncertain == "skip")]
    element: Any = ind if ind is not None else project if project is not None else run.doc
    line = ind.location.line if ind is not None and ind.location else None
    for rule in run.selected(rules, ctx, line):
        for problem in run.problems(rule, element, ctx, True, line):
            details = (f"上年：{said['last_where']}",) if said["last_where"] else ()
            problem = replace(problem, variables={**said, **problem.variables},
                              details=problem.details or details)  # fmt: skip
            if project is None and problem.location is None:
                problem = replace(problem, location=Location(run.doc.path))
            finding = make_finding(rule, run.lang, run.doc, project, ind, problem, anchor)
            if last is not None and (doubts := _last_doubts(rule, last, run.lang)):
                why = _LAST_DOUBT.get(run.lang, _LAST_DOUBT["zh"]).format(
                    why=("; " if run.lang == "en" else "；").join(doubts))
                finding = replace(finding, severity="info", message=finding.message + why)
            run.found.append(adjust(finding) if adjust else finding)
