"""Built-in check functions that rules name with `check: {function: NAME}`, and the
contract they keep (`kpilint.checks.contract`).

Each is `fn(element, ctx, params, doc)` and yields one `Problem` per thing it finds: the
variables of the rule's message, and where to point (a field of the element, an exact
location, or one row / one project of a wider rule). Each declares the parameters it reads.
Rules whose logic fits an expression need no function at all.
"""

from __future__ import annotations

from kpilint.checks import budget, completeness, cost, plan, structure, values
from kpilint.checks.contract import Check, CheckFunction, FixFunction, Problem

BUILTIN: dict[str, Check] = {
    **structure.FUNCTIONS,
    **plan.FUNCTIONS,
    **budget.FUNCTIONS,
    **cost.FUNCTIONS,
    **values.FUNCTIONS,
    **completeness.FUNCTIONS,
}

__all__ = ["BUILTIN", "Check", "CheckFunction", "FixFunction", "Problem"]
