"""`lint()`: the library entry point. A pure function of a path or a document and a config,
so any engine (a process pool, Dask) can map it over files."""

from __future__ import annotations

import json
import os
from dataclasses import asdict

from kpilint.config import Config, matches, path_ignored
from kpilint.engine.rules import Rule, all_rules
from kpilint.engine.run import RuleSet, lint_document
from kpilint.findings import Finding
from kpilint.model import Document


def select_rules(config: Config) -> list[Rule]:
    rules = all_rules(config.packs, config.rules)
    chosen = []
    for rule in rules:
        if config.select and not matches(rule.id, rule.name, config.select):
            continue
        if matches(rule.id, rule.name, config.ignore):
            continue
        if rule.id in config.params or rule.name in config.params:
            given = config.params.get(rule.id) or config.params[rule.name]
            rule = rule.with_params(given, config.source or "配置")
        severity = config.severity.get(rule.id) or config.severity.get(rule.name)
        if severity:
            from dataclasses import replace

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


def lint(target: str | os.PathLike[str] | Document, config: Config | None = None) -> list[Finding]:
    """Findings for one input file (any format kpilint reads) or an already-read Document:
    the same findings, in the same order, as `kpilint check` reports for that file.

    A module-level function of picklable arguments with a picklable result, so any engine
    can map it (see docs/scale.md); each process compiles the rules once per config."""
    from kpilint.readers import load

    config = config or Config()
    doc = target if isinstance(target, Document) else load(target)
    return findings_for(doc, config)


def findings_for(doc: Document, config: Config) -> list[Finding]:
    """Run the rules, then what every caller wants after: paths the config ignores dropped,
    a draft's inline `# kpilint: ignore` comments applied, findings in reading order."""
    from kpilint.readers import YAML_EXTENSIONS
    from kpilint.suppressions import apply_suppressions

    findings = [f for f in lint_document(doc, ruleset_for(config)) if not path_ignored(f, config)]
    path = doc.path
    if path.lower().endswith(YAML_EXTENSIONS) and os.path.isfile(path):
        with open(path, encoding=doc.encoding or "utf-8", errors="replace") as fh:
            findings = apply_suppressions(findings, path, fh.read(), config.lang)
    findings.sort(key=Finding.sort_key)
    return findings
