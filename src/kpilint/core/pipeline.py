"""From a document to what is reported about it: the one place every caller gets findings.

`check`, `lint()`, `--fix`, `--annotate`, the HTML report and the Dask recipe all call
`findings_for`, so a rule the configuration switches off for a path, or a draft's inline
`# kpilint: ignore`, is honoured the same way whichever way a file comes in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from kpilint.config import Config, matches
from kpilint.core.suppressions import apply_suppressions
from kpilint.engine.rules import DIFF_PACKS, DIFF_SCOPES, Rule, all_rules
from kpilint.engine.run import RuleSet, lint_document
from kpilint.findings import Finding
from kpilint.model import Document


def select_rules(config: Config, year_over_year: bool = False) -> list[Rule]:
    """The rules a configuration runs, with its severities and parameters (checked): those
    of one table (`check`), or the year-over-year ones (`diff`: the diff pack and the
    configuration's rule files' rules whose scope is a pair)."""
    chosen = []
    packs = DIFF_PACKS if year_over_year else config.packs
    for rule in all_rules(packs, config.rules):
        if (rule.scope in DIFF_SCOPES) != year_over_year:
            continue
        if config.select and not matches(rule.id, rule.name, config.select):
            continue
        if matches(rule.id, rule.name, config.ignore):
            continue
        if rule.id in config.params or rule.name in config.params:
            given = config.params.get(rule.id) or config.params[rule.name]
            rule = rule.with_params(given, config.source or "配置")
        severity = config.severity.get(rule.id) or config.severity.get(rule.name)
        if severity:
            rule = replace(rule, severity=severity)
        chosen.append(rule)
    return chosen


_RULESETS: dict[str, RuleSet] = {}


def ruleset_for(config: Config) -> RuleSet:
    """Rules compiled once per distinct configuration (a process checks many files with one)."""
    key = json.dumps(asdict(config), sort_keys=True, ensure_ascii=False, default=str)
    if key not in _RULESETS:
        _RULESETS[key] = RuleSet(select_rules(config), lang=config.lang)
    return _RULESETS[key]


def findings_for(doc: Document, config: Config, path: str | None = None) -> list[Finding]:
    """The rules' findings, less what `per_path_ignores` switches off for `path` (the file's
    own path; a fix working on a temporary copy names the original), with the draft's
    inline suppressions applied, in reading order."""
    findings = lint_document(doc, ruleset_for(config))
    ignored = config.ignored_in(doc.path if path is None else path)
    if ignored:
        findings = [f for f in findings if not matches(f.rule, f.name, ignored)]
    findings = apply_suppressions(findings, doc.suppressions, doc.path, config.lang)
    findings.sort(key=Finding.sort_key)
    return findings
