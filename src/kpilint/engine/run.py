"""Run rules over a document: select, check, format messages, let specific rules win."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kpilint.checks.contract import Problem
from kpilint.engine.context import document_context, indicator_context, project_context, weights_of
from kpilint.engine.expression import ValueLimit
from kpilint.engine.memo import Remembered, RowMemo
from kpilint.engine.messages import format_message, template_fields
from kpilint.engine.rules import Rule
from kpilint.engine.selector import kinds_selected
from kpilint.findings import Edit, Finding
from kpilint.model import (
    Document,
    Indicator,
    Location,
    Project,
    provenance_text,
    reading_notes_text,
)
from kpilint.patterns import PatternTimeout


@dataclass
class RuleSet:
    """Rules indexed by scope, compiled once; what the engine runs."""

    rules: Sequence[Rule]
    lang: str = "zh"
    by_scope: dict[str, list[Rule]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_scope = {scope: [] for scope in ("document", "project", "spend_plan", "indicator")}
        for rule in self.rules:  # a year-over-year rule waits for `kpilint diff` (engine/diff.py)
            if not rule.manual:  # a person judges it: listed by the review workbook, never run
                self.by_scope.setdefault(rule.scope, []).append(rule)
        self.overrides = {r.id: set(r.overrides) for r in self.rules if r.overrides}
        self.by_id = {r.id: r for r in self.rules}
        # indicator rules by the value kinds their `where` admits, so each row meets only its own
        self._by_kind: dict[str, list[Rule]] = {}
        self.memo = RowMemo(self.by_scope["indicator"])

    def indicator_rules(self, kind: str) -> list[Rule]:
        rules = self._by_kind.get(kind)
        if rules is None:
            rules = self._by_kind[kind] = [
                r
                for r in self.by_scope["indicator"]
                if (kinds := kinds_selected(r.where)) is None or kind in kinds
            ]
        return rules


#: what a message can say about where it is, computed only when its template asks
_BASE_VARS: dict[str, Callable[[Document, Project | None, Indicator | None], Any]] = {
    "money_unit": lambda d, p, i: d.money_unit,
    "year": lambda d, p, i: d.year,
}
_PROJECT_VARS: dict[str, Callable[[Project], Any]] = {
    "project": lambda p: p.name or "",
    "code": lambda p: p.code or "",
    "budget": lambda p: p.budget.total,
    "fiscal": lambda p: p.budget.fiscal,
    "other": lambda p: p.budget.other if p.budget.other is not None else 0,
    "reading_notes": lambda p: reading_notes_text(p.incomplete_reasons),
    "weight_total": lambda p: weights_of(p.filled_rows)["sum"],
    "weight_blank": lambda p: weights_of(p.filled_rows)["blank"],
    "weight_blank_zh": lambda p: f"，另有 {n} 个指标没有分值" if (n := weights_of(p.filled_rows)["blank"]) else "",
}
_INDICATOR_VARS: dict[str, Callable[[Indicator], Any]] = {
    "indicator": lambda i: i.name,
    "value": lambda i: i.value_text,
    "level1": lambda i: i.level1,
    "level2": lambda i: i.level2,
    "description": lambda i: i.description,
    "basis": lambda i: i.basis,
    "error": lambda i: i.value.error or "",
}


class _MessageVars(Mapping[str, Any]):
    """A finding's variables, most specific first: what the rule found, then the row,
    project and document it is about, then the rule's params. Read lazily."""

    def __init__(self, rule: Rule, doc: Document, project: Project | None,
                 ind: Indicator | None, said: Mapping[str, Any]) -> None:  # fmt: skip
        self.rule, self.doc, self.project, self.ind, self.said = rule, doc, project, ind, said

    def __getitem__(self, key: str) -> Any:
        if key in self.said:
            return self.said[key]
        if self.ind is not None and key in _INDICATOR_VARS:
            return _INDICATOR_VARS[key](self.ind)
        if self.project is not None and key in _PROJECT_VARS:
            return _PROJECT_VARS[key](self.project)
        if key in _BASE_VARS:
            return _BASE_VARS[key](self.doc, self.project, self.ind)
        return self.rule.params[key]

    def _keys(self) -> set[str]:
        keys = set(self.rule.params) | set(_BASE_VARS)
        keys |= set(_PROJECT_VARS) if self.project is not None else set()
        keys |= set(_INDICATOR_VARS) if self.ind is not None else set()
        return keys | set(self.said)

    def __contains__(self, key: object) -> bool:
        return (
            key in self.said
            or (self.ind is not None and key in _INDICATOR_VARS)
            or (self.project is not None and key in _PROJECT_VARS)
            or key in _BASE_VARS
            or key in self.rule.params
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())


def _location(rule: Rule, doc: Document, project: Project | None, ind: Indicator | None,
              problem: Problem) -> Location:  # fmt: skip
    if problem.location is not None:
        return problem.location
    fld = problem.target or rule.target
    if ind is not None:
        return ind.where(fld) or Location(doc.path)
    if project is not None:
        return project.where(fld) or project.location or Location(doc.path)
    return Location(doc.path, 1)


def _finding(rule: Rule, lang: str, doc: Document, project: Project | None, ind: Indicator | None,
             problem: Problem, anchor: tuple[Any, ...], message: str | None = None) -> Finding:  # fmt: skip
    try:
        return _make_finding(rule, lang, doc, project, ind, problem, anchor, message)
    except Exception as exc:
        return internal_error(doc.path, f"规则 {rule.id} 的消息", exc)


def _make_finding(rule: Rule, lang: str, doc: Document, project: Project | None, ind: Indicator | None,
                  problem: Problem, anchor: tuple[Any, ...], message: str | None = None) -> Finding:  # fmt: skip
    if message is None:
        variables = _MessageVars(rule, doc, project, ind, problem.variables)
        message = format_message(rule.message.get(lang) or rule.message["zh"], variables)
    loc = _location(rule, doc, project, ind, problem)
    edits: tuple[Edit, ...] = ()
    if rule.fix_function is not None:
        target = ind if rule.scope == "indicator" else project
        if target is not None:
            edits = tuple(rule.fix_function(target, rule.params, doc))
    return Finding(
        rule=rule.id,
        name=rule.name,
        severity=rule.severity,
        message=message,
        path=loc.path,
        line=loc.line,
        column=loc.column,
        cell=(f"{loc.sheet}!{loc.cell}" if loc.sheet else loc.cell),
        page=loc.page,
        project_code=project.code if project else None,
        project_name=project.name if project else None,
        indicator=ind.name if ind else None,
        level1=ind.level1 if ind else None,
        level2=ind.level2 if ind else None,
        value=ind.value_text if ind else None,
        fixable=bool(edits),
        edits=edits,
        fix_safe=rule.fix_safe,
        anchor=(*anchor, problem.target or rule.target),
        details=problem.details,
    )


_LEGACY_KEYS = {"field": "target", "location": "location", "indicator_obj": "indicator",
                "project_obj": "project"}  # fmt: skip


def _as_problem(item: Problem | Mapping[str, Any]) -> Problem:
    """A Problem, or a mapping in the form plug-ins written before `Problem` yield: message
    variables, with `field`, `location`, `indicator_obj`, `project_obj` saying where."""
    if isinstance(item, Problem):
        return item
    where = {_LEGACY_KEYS[k]: v for k, v in item.items() if k in _LEGACY_KEYS}
    said = {k: v for k, v in item.items() if k not in _LEGACY_KEYS}
    if where.get("target") is not None:
        where["target"] = str(where["target"])
    if not isinstance(where.get("location"), Location):
        where.pop("location", None)
    return Problem(said, **where)


def _apply(
    rule: Rule, element: Any, ctx: dict[str, Any], doc: Document, selected: bool = False
) -> Iterable[Problem | Mapping[str, Any]]:
    """Each problem the rule finds."""
    if not selected and not rule.selector(ctx):
        return ()
    if rule.compiled is not None:
        ctx["params"] = rule.params  # the context is this element's own dict: no copy per rule
        ok = rule.compiled(ctx)
        return () if ok is None or ok else (Problem(),)
    if rule.function is not None:
        params = {k: v for k, v in (rule.check or {}).items() if k != "function"} | dict(
            rule.params
        )
        return rule.function(element, ctx, params, doc)
    return (Problem(),)


INTERNAL = ("KPI999", "internal-error")
#: a bound the rule or the file ran into (a regex's match time, a value's size, the file's
#: time or memory): the same id, so one rule id means "this was not fully checked"
LIMIT = ("KPI999", "limit-exceeded")


def internal_error(path: str, what: str, exc: BaseException, line: int | None = None) -> Finding:
    """An error of kpilint's own (or a plug-in's), reported as a finding, never a traceback."""
    message = (f"kpilint 内部错误（{what}）：{type(exc).__name__}: {exc}。其他规则和文件照常检查；"
               f"请把此文件和这条消息报告给维护者")  # fmt: skip
    return Finding(
        rule=INTERNAL[0], name=INTERNAL[1], severity="error", message=message, path=path, line=line
    )


def limit_exceeded(path: str, message: str, line: int | None = None) -> Finding:
    """A bound was hit, so something was not checked: the message says which and what to do."""
    return Finding(rule=LIMIT[0], name=LIMIT[1], severity="error", message=message, path=path, line=line)


#: what a rule can run into that is its author's to fix, not kpilint's
_RULE_LIMITS = (PatternTimeout, ValueLimit)


class _Run:
    """One document's run: its findings so far, and the rules stopped for the rest of it."""

    def __init__(self, doc: Document, lang: str = "zh") -> None:
        self.doc, self.lang = doc, lang
        self.found: list[Finding] = []
        self.stopped: set[str] = set()
        self._project_index: dict[int, int] | None = None

    def project_index(self, project: Project) -> int:
        if self._project_index is None:
            self._project_index = {id(p): i for i, p in enumerate(self.doc.projects)}
        index = self._project_index.get(id(project))
        return index if index is not None else self.doc.projects.index(project)

    def stop(self, rule: Rule, exc: Exception, line: int | None) -> None:
        """A rule ran into a bound: say so once, and do not run it again on this document
        (a pattern that takes its limit on one row would take it on every row)."""
        self.stopped.add(rule.id)
        self.found.append(limit_exceeded(
            self.doc.path, f"规则 {rule.id}（{rule.name}，{rule.source or '内置'}）：{exc}；"
                           f"此规则在本文件的其余部分不再运行，请修改该规则", line))  # fmt: skip

    def selected(self, rules: list[Rule], ctx: Mapping[str, Any], line: int | None) -> list[Rule]:
        """The rules whose `where` picks this element: one tight loop, the common case by far.
        A selector that raises is reported (a bound as the rule's, anything else as KPI999)
        and its rule skipped for this element."""
        if self.stopped:
            rules = [rule for rule in rules if rule.id not in self.stopped]
        try:
            return [rule for rule in rules if rule.selector(ctx)]
        except Exception:
            return [rule for rule in rules if self._selects(rule, ctx, line)]

    def _selects(self, rule: Rule, ctx: Mapping[str, Any], line: int | None) -> bool:
        if rule.id in self.stopped:
            return False
        try:
            return bool(rule.selector(ctx))
        except _RULE_LIMITS as exc:
            self.stop(rule, exc, line)
        except Exception as exc:
            self.found.append(internal_error(self.doc.path, f"规则 {rule.id} 的 where", exc, line))
        return False

    def problems(self, rule: Rule, element: Any, ctx: dict[str, Any], selected: bool = False,
                 line: int | None = None) -> list[Problem]:  # fmt: skip
        """What the rule finds. A rule must not take the file down: if it raises, that is
        reported (appended to `found`) and the other rules run on."""
        if rule.id in self.stopped:
            return []
        try:
            return [_as_problem(item) for item in _apply(rule, element, ctx, self.doc, selected)]
        except _RULE_LIMITS as exc:
            self.stop(rule, exc, line)
        except Exception as exc:
            self.found.append(internal_error(self.doc.path, f"规则 {rule.id}", exc, line))
        return []


def lint_document(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """All findings for one document, the more specific rule winning on a shared cell."""
    run = _Run(doc, ruleset.lang)
    found, lang = run.found, ruleset.lang
    doc_ctx = document_context(doc)
    for rule in ruleset.by_scope["document"]:
        for problem in run.problems(rule, doc, doc_ctx):
            project = problem.project
            anchor: tuple[Any, ...] = ("doc",) if project is None else (run.project_index(project),)
            found.append(_finding(rule, lang, doc, project, None, problem, anchor))
    for p_index, project in enumerate(doc.projects):
        p_ctx = project_context(project, doc_ctx)
        for rule in ruleset.by_scope["project"]:
            for problem in run.problems(rule, project, p_ctx):
                ind = problem.indicator
                anchor = (p_index,) if ind is None else (p_index, _index(project.indicators, ind))
                found.append(_finding(rule, lang, doc, project, ind, problem, anchor))
        if project.spend_plan is not None:
            for rule in ruleset.by_scope["spend_plan"]:
                for problem in run.problems(rule, project, p_ctx):
                    found.append(_finding(rule, lang, doc, project, None, problem, (p_index, "plan")))
        if not ruleset.by_scope["indicator"]:
            continue
        outer = ruleset.memo.outer(p_ctx)
        for i_index, ind in enumerate(project.indicators):
            key = ruleset.memo.key(ind, outer)
            outcome = ruleset.memo.get(key)
            if outcome is None:
                _row(run, ruleset, key, ind, p_ctx, project, (p_index, i_index))
            else:
                _remembered_row(run, outcome, ind, p_ctx, project, (p_index, i_index))
    return _as_read(_more_specific_wins(found, ruleset.overrides), doc, ruleset.by_id, lang)


#: fields of a row; a project rule's premise among these is a premise about the row it
#: points at (`name` is the project's own, `indicator.name` the row's)
_ROW_FIELDS = frozenset(("level1", "level2", "value", "description", "basis", "unit",
                         "comparator", "weight"))  # fmt: skip
_CAVEAT = {"zh": "（{why}，仅供核对，未作定论）", "en": " (not asserted: {why})"}


def _as_read(found: list[Finding], doc: Document, rules: Mapping[str, Rule], lang: str) -> list[Finding]:
    """Findings told as surely as the reading they rest on. A rule that reports something
    missing says nothing of a project read incompletely (KPI015 says so instead); a finding
    whose premises the reader did not read from their own cells is told at info with the
    reason, or not at all where the rule says the reader could have caused it."""
    kept = []
    for f in found:
        rule = rules.get(f.rule)
        project, ind = _element(doc, f.anchor)
        if rule is None or project is None:
            kept.append(f)
            continue
        if rule.absence and not project.reading_complete:
            continue
        doubts = _doubts(rule, project, ind, lang)
        if not doubts:
            kept.append(f)
        elif rule.on_uncertain == "info":
            why = ("; " if lang == "en" else "；").join(doubts)
            caveat = _CAVEAT.get(lang, _CAVEAT["zh"]).format(why=why)
            kept.append(replace(f, severity="info", message=f.message + caveat))
    return kept


def _doubts(rule: Rule, project: Project, ind: Indicator | None, lang: str = "zh") -> list[str]:
    doubts = []
    for premise in rule.premises:
        owner, _, name = premise.rpartition(".")
        element: Project | Indicator | None
        if owner == "indicator" or (not owner and (rule.scope.startswith("indicator") or name in _ROW_FIELDS)):
            element = ind
        else:
            element = project
        how = element.doubt(name) if element is not None else None
        if how:
            doubts.append(provenance_text(name, how, lang))
    return doubts


def _element(doc: Document, anchor: tuple[Any, ...]) -> tuple[Project | None, Indicator | None]:
    """The project and row a finding's anchor names (`(p, i, field)`, `(p, "plan", field)`)."""
    if not anchor or not isinstance(anchor[0], int) or anchor[0] >= len(doc.projects):
        return None, None
    project = doc.projects[anchor[0]]
    if len(anchor) > 2 and isinstance(anchor[1], int) and anchor[1] < len(project.indicators):
        return project, project.indicators[anchor[1]]
    return project, None


def _row(run: _Run, ruleset: RuleSet, key: tuple[Any, ...], ind: Indicator,
         p_ctx: dict[str, Any], project: Project, anchor: tuple[int, int]) -> None:  # fmt: skip
    """Run the indicator rules on a row, and remember what they said when nothing went
    wrong (no rule raised or was stopped: those are reported from live runs only)."""
    doc, found, lang = run.doc, run.found, ruleset.lang
    i_ctx = indicator_context(ind, p_ctx)
    line = ind.location.line if ind.location else None
    rules = ruleset.indicator_rules(ind.value.kind)
    clean = not run.stopped
    before = len(found)
    selected = run.selected(rules, i_ctx, line)
    clean = clean and len(found) == before
    said: dict[str, list[Problem]] = {}
    for rule in selected:
        before = len(found)
        problems = said[rule.id] = run.problems(rule, ind, i_ctx, True, line)
        clean = clean and len(found) == before
        for problem in problems:
            found.append(_finding(rule, lang, doc, project, ind, problem, anchor))
    if clean and not run.stopped:
        ruleset.memo.remember(key, rules, said)


def _remembered_row(run: _Run, outcome: tuple[Remembered, ...], ind: Indicator,
                    p_ctx: dict[str, Any], project: Project, anchor: tuple[int, int]) -> None:  # fmt: skip
    """A row like one seen before: the remembered problems (and their messages, once made),
    and the rules that cannot be remembered run live in their places (selected first, as
    on a live row)."""
    doc, found, lang, stopped = run.doc, run.found, run.lang, run.stopped
    live = [item.rule for item in outcome if item.problems is None]
    i_ctx: dict[str, Any] = {}
    line = ind.location.line if ind.location else None
    chosen: set[str] = set()
    if live:
        i_ctx = indicator_context(ind, p_ctx)
        chosen = {rule.id for rule in run.selected(live, i_ctx, line)}
    for item in outcome:
        rule, problems = item.rule, item.problems
        if problems is None:
            if rule.id in chosen:
                for problem in run.problems(rule, ind, i_ctx, True, line):
                    found.append(_finding(rule, lang, doc, project, ind, problem, anchor))
            continue
        if stopped and rule.id in stopped:
            continue
        for i, problem in enumerate(problems):
            message = item.messages[i]
            finding = _finding(rule, lang, doc, project, ind, problem, anchor, message)
            if message is None and finding.rule == rule.id and _row_message(rule, lang, problem):
                item.messages[i] = finding.message
            found.append(finding)


def _row_message(rule: Rule, lang: str, problem: Problem) -> bool:
    """Whether a finding's message says only what the row and the problem say (and the
    rule's parameters): nothing of its project or document."""
    template = rule.message.get(lang) or rule.message["zh"]
    return all(
        name in problem.variables or name in _INDICATOR_VARS
        or not (name in _PROJECT_VARS or name in _BASE_VARS)
        for name in template_fields(template)
    )  # fmt: skip


def _index(items: Sequence[Any], item: Any) -> int:
    """Where `item` is, by identity first: comparing rows field by field is slow."""
    found = next((i for i, x in enumerate(items) if x is item), None)
    return found if found is not None else items.index(item)


def _more_specific_wins(found: list[Finding], overrides: Mapping[str, set[str]]) -> list[Finding]:
    if not overrides:
        return found
    silenced: set[tuple[str, tuple[Any, ...]]] = set()
    for f in found:
        for other in overrides.get(f.rule, ()):
            silenced.add((other, f.anchor[:-1]))
    return [f for f in found if (f.rule, f.anchor[:-1]) not in silenced]


#: the pieces of a document's run the year-over-year run (engine/diff.py) shares: one run's
#: findings and stopped rules, a problem made a finding, and findings told as surely as read
DocumentRun = _Run
make_finding = _finding
as_read = _as_read
