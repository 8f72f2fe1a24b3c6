"""kpilint — lint Chinese budget performance-target tables (绩效目标表).

The public, typed surface; everything else is private by convention:

    from kpilint import lint, load, load_config, parse_value, Config, ReadError

    config = load_config(".")                 # the project's .kpilint.yaml, as `kpilint check` finds it
    doc = load("drafts/科协.yaml")            # any input kpilint reads → Document (or ReadError)
    for f in lint(doc, config):
        print(f.where, f.rule, f.message)
    parse_value("≤0.5 万元").quantity()      # 5000 元 as a pint Quantity
    for result in check(["drafts/"], config, jobs=4):     # many files: FileResult each
        print(result.path, len(result.findings), result.error)

Errors meant for the user are `KpilintError`s (the command line's exit 2): `ReadError` (a
file that cannot be read), `ConfigError` (also a ValueError: an unknown rule, key or pack, a
value of the wrong kind), `RuleError` (a rule file that cannot be used); and `LimitError`, a
ValueError for a `Limits` value that cannot be a limit.

Each name is imported when it is first used, not with the package: `kpilint --version`
and a run that needs one reader should not pay for the rule engine, the value grammar
or every reader (issue 18).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kpilint.version import __version__

if TYPE_CHECKING:
    from kpilint.config import Config, ConfigError, load_config
    from kpilint.core import FileResult, check, lint, load
    from kpilint.engine.rules import RuleError
    from kpilint.errors import KpilintError, ReadError
    from kpilint.findings import Finding
    from kpilint.limits import LimitError, Limits
    from kpilint.model import Document
    from kpilint.values import Value, parse_value

#: each public name and the module it comes from
_PUBLIC = {
    "Config": "kpilint.config",
    "ConfigError": "kpilint.config",
    "KpilintError": "kpilint.errors",
    "LimitError": "kpilint.limits",
    "ReadError": "kpilint.errors",
    "RuleError": "kpilint.engine.rules",
    "load_config": "kpilint.config",
    "Document": "kpilint.model",
    "FileResult": "kpilint.core",
    "Finding": "kpilint.findings",
    "Limits": "kpilint.limits",
    "Value": "kpilint.values",
    "check": "kpilint.core",
    "lint": "kpilint.core",
    "load": "kpilint.core",
    "parse_value": "kpilint.values",
}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'kpilint' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


__all__ = ["Config", "ConfigError", "Document", "FileResult", "Finding", "KpilintError", "LimitError",
           "Limits", "ReadError", "RuleError", "Value", "__version__", "check", "lint", "load",
           "load_config", "parse_value"]  # fmt: skip
