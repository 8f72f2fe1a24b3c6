"""From a document to what is reported about it: the one place every caller gets findings.

`check`, `lint()`, `--fix`, `--annotate`, the HTML report and the Dask recipe all call
`findings_for`, so a rule the configuration switches off for a path, or a draft's inline
`# kpilint: ignore`, is honoured the same way whichever way a file comes in.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from typing import Any

from kpilint.config import Config, check_rule_names, matches
from kpilint.core.suppressions import BUILT_IN, UNUSED, apply_suppressions
from kpilint.engine.rules import DIFF_PACKS, DIFF_SCOPES, PACKS, Rule, all_rules
from kpilint.engine.run import RuleSet, lint_document
from kpilint.findings import Finding
from kpilint.model import Document
from kpilint.texts import say


def select_rules(config: Config, year_over_year: bool = False) -> list[Rule]:
    """The rules a configuration runs, with its severities and parameters (checked: a rule
    the settings name that does not exist is a ConfigError): those of one table (`check`),
    or the year-over-year ones (`diff`: the diff pack and the configuration's rule files'
    rules whose scope is a pair). A setting that names a rule of the other kind is no error."""
    packs = DIFF_PACKS if year_over_year else config.packs
    available = [r for r in all_rules(packs, config.rules) if (r.scope in DIFF_SCOPES) == year_over_year]
    other = all_rules(config.packs, config.rules) if year_over_year else []
    check_rule_names(config, [*((r.id, r.name, r.pack) for r in (*available, *other)), *BUILT_IN],
                     lambda: [(r.id, r.name, r.pack) for r in all_rules(PACKS + DIFF_PACKS, config.rules)])  # fmt: skip
    selecting = config.select
    if year_over_year and not any(matches(r.id, r.name, selecting) for r in available):
        selecting = ()  # a selection of check's rules only (a shared .kpilint.yaml) does not switch diff off
    chosen = []
    for rule in available:
        if selecting and not matches(rule.id, rule.name, selecting):
            continue
        if matches(rule.id, rule.name, config.ignore):
            continue
        if rule.id in config.params or rule.name in config.params:
            given = config.params.get(rule.id) or config.params[rule.name]
            rule = rule.with_params(given, config.source or "配置")
        opinion = config.opinions.get(rule.id) or config.opinions.get(rule.name)
        if opinion:
            rule = rule.with_opinion(opinion, config.source or "配置")
        severity = config.severity.get(rule.id) or config.severity.get(rule.name)
        if severity:
            rule = replace(rule, severity=severity)
        chosen.append(rule)
    return chosen


_RULESETS: dict[str, RuleSet] = {}
_KNOWN: dict[tuple[str, ...], frozenset[str]] = {}


def _known(config: Config) -> frozenset[str]:
    """Every rule's id and name, of every pack and the configuration's rule files."""
    key = tuple(config.rules)
    if key not in _KNOWN:
        _KNOWN[key] = frozenset(n for r in all_rules(PACKS + DIFF_PACKS, config.rules) for n in (r.id, r.name))
    return _KNOWN[key]


def _reports_unused(config: Config, ignored: tuple[str, ...]) -> bool:
    """KPI900 is a rule like the others: it reports only if selected and not ignored."""
    rule, name = UNUSED
    if config.select and not matches(rule, name, config.select):
        return False
    return not matches(rule, name, (*config.ignore, *ignored))


def ruleset_for(config: Config) -> RuleSet:
    """Rules compiled once per distinct configuration (a process checks many files with one)."""
    key = json.dumps(asdict(config), sort_keys=True, ensure_ascii=False, default=str)
    if key not in _RULESETS:
        _RULESETS[key] = RuleSet(select_rules(config), lang=config.lang)
    return _RULESETS[key]


def settings_of(config: Config) -> dict[str, Any]:
    """The settings a run uses, as plain data (`kpilint check --show-settings`): the
    configuration file (and any passed over as untrusted), the folder its paths start from,
    each setting under its .kpilint.yaml key, the limits with their defaults filled in, and
    the rules chosen, each with its severity and pack."""
    limits = config.reader_limits
    return {
        "config": config.source or say("no-config-value"),
        "not_used": list(config.ignored),
        "root": os.path.abspath(config.root),
        "packs": list(config.packs),
        "select": list(config.select),
        "ignore": list(config.ignore),
        "rules": list(config.rules),
        "severity": dict(config.severity),
        "params": {rule: dict(values) for rule, values in config.params.items()},
        "per_path_ignores": {pattern: list(rules) for pattern, rules in config.per_path_ignores.items()},
        "fail_on": config.fail_on,
        "lang": config.lang,
        "limits": asdict(limits),
        "enabled": [f"{r.id} {r.name} [{r.severity}] ({r.pack})" for r in ruleset_for(config).rules],
    }


def findings_for(doc: Document, config: Config, path: str | None = None) -> list[Finding]:
    """The rules' findings, less what `per_path_ignores` switches off for `path` (the file's
    own path; a fix working on a temporary copy names the original), with the draft's
    inline suppressions applied, in reading order."""
    ruleset = ruleset_for(config)
    findings = lint_document(doc, ruleset)
    ignored = config.ignored_in(doc.path if path is None else path)
    if ignored:
        findings = [f for f in findings if not matches(f.rule, f.name, ignored)]
    if doc.suppressions:
        ran = {n for r in ruleset.rules if not matches(r.id, r.name, ignored) for n in (r.id, r.name)}
        findings = apply_suppressions(findings, doc.suppressions, doc.path, config.lang, ran=ran,
                                      known=_known(config), report_unused=_reports_unused(config, ignored))  # fmt: skip
    findings.sort(key=Finding.sort_key)
    return findings
