"""Built-in check functions that rules name with `check: {function: NAME}`.

Each is `fn(element, ctx, params, doc)` and yields one mapping per problem: the
variables of the rule's message, and optionally `field` (which cell), or
`indicator_obj` / `project_obj` to point a project- or document-level rule at a
row. Rules whose logic fits an expression need no function at all.
"""

from __future__ import annotations

from kpilint.checks import budget, completeness, cost, plan, structure, values

BUILTIN = {
    **structure.FUNCTIONS,
    **plan.FUNCTIONS,
    **budget.FUNCTIONS,
    **cost.FUNCTIONS,
    **values.FUNCTIONS,
    **completeness.FUNCTIONS,
}
