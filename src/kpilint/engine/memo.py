"""What the indicator rules said about a row, remembered by what the rules read.

A province's tables repeat themselves: `≥90%`, `100%`, `按时完成` under the same few hundred
names. Whether a rule selects a row and what it finds there depends only on the context
paths it reads (its `where`, its `assert`, the paths a built-in check declares), and those
depend only on the row's own fields plus a few values of its project and document. So the
outcome of the indicator rules is computed once per distinct row (`RowMemo.key`) and
looked up for the others: the selected rules and their `Problem`s, never the findings
(those name the row's own place and are made for each row).

A rule whose reads are unknown (a plug-in check that declares nothing) is not remembered:
it keeps a slot in the remembered outcome and runs on every row, in its place in the order.
An outcome is remembered only when nothing went wrong computing it (no selector or check
raised, no rule ran into a bound), so every report of a failure comes from a live run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from kpilint.checks.contract import Problem
from kpilint.engine.context import outer_context
from kpilint.engine.rules import Rule
from kpilint.model import Indicator

#: context roots an indicator rule may read that are not the row's own: the project's code,
#: name and row counts, its budget, the document's fields (context.outer_context)
OUTER_ROOTS = frozenset(("project", "budget", "doc"))
#: distinct rows remembered per rule set; past it the memo starts again
MAX_ROWS = 65_536

class Remembered:
    """One rule's remembered outcome on a row: its problems (None: run the rule live), and
    each problem's message once made, when the message says nothing but the row's own
    fields and the problem's words (a message naming the project is made for each row)."""

    __slots__ = ("messages", "problems", "rule")

    def __init__(self, rule: Rule, problems: tuple[Problem, ...] | None) -> None:
        self.rule, self.problems = rule, problems
        self.messages: list[str | None] = [None] * len(problems or ())



def remembered(rule: Rule) -> bool:
    """Whether a rule's outcome on a row can be remembered: its reads are all known."""
    return rule.reads is not None


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _getter(path: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    def get(ctx: Mapping[str, Any]) -> Any:
        current: Any = ctx
        for name in path:
            if not isinstance(current, Mapping):
                return None
            current = current.get(name)
        return _frozen(current)

    return get


class RowMemo:
    """Outcomes of one rule set's indicator rules, by row."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        outer = sorted(
            {p for r in rules if r.reads is not None for p in r.reads if p[0] in OUTER_ROOTS}
        )
        self._outer = [_getter(path) for path in outer]
        self._rows: dict[tuple[Any, ...], tuple[Remembered, ...]] = {}

    def outer(self, project_ctx: Mapping[str, Any]) -> tuple[Any, ...]:
        """The values of a project and its document that the rules read, as the indicator
        context shows them (one tuple per project, shared by its rows)."""
        view = outer_context(project_ctx)
        return (project_ctx["doc"]["template"], *(get(view) for get in self._outer))

    @staticmethod
    def key(ind: Indicator, outer: tuple[Any, ...]) -> tuple[Any, ...]:
        """Everything the indicator context is made of (see engine/context.py)."""
        return (ind.level1, ind.level2, ind.name, ind.description, ind.value_text, ind.basis,
                ind.unit, ind.comparator, ind.category_inferred, "basis" in ind.fields, outer)  # fmt: skip

    def get(self, key: tuple[Any, ...]) -> tuple[Remembered, ...] | None:
        return self._rows.get(key)

    def remember(self, key: tuple[Any, ...], rules: Sequence[Rule],
                 found: Mapping[str, Sequence[Problem]]) -> None:  # fmt: skip
        """Keep a row's outcome: for each rule of its kind, in order, the problems of a
        remembered rule that found any, and a live slot for every other rule. Problems that
        point somewhere of their own (a location, another row) are the row's alone."""
        outcome: list[Remembered] = []
        for rule in rules:
            if not remembered(rule):
                outcome.append(Remembered(rule, None))
            elif problems := found.get(rule.id):
                if any(p.location or p.indicator or p.project for p in problems):
                    return
                outcome.append(Remembered(rule, tuple(problems)))
        if len(self._rows) >= MAX_ROWS:
            self._rows.clear()
        self._rows[key] = tuple(outcome)
