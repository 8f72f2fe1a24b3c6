"""`kpilint diff LAST THIS`: this year's table beside last year's, through the one pipeline.

Both files are read as `check` reads them (any format, within the configuration's limits);
the year-over-year rules run on the pairs `engine.matching` makes; the findings point at
this year's file and go through the same per-path ignores and inline suppressions as
`check`'s, so every report format writes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from kpilint.config import Config, matches
from kpilint.core.formats import load
from kpilint.core.pipeline import select_rules
from kpilint.core.runner import FileResult
from kpilint.core.suppressions import apply_suppressions
from kpilint.engine.diff import diff_documents
from kpilint.engine.matching import Matching, match_documents
from kpilint.engine.rules import Rule
from kpilint.findings import Finding
from kpilint.model import Document

_PARTLY_READ = {"zh": "（本年文件有未能归位的行或未读出的页，该项目可能只是未读出，仅供核对）",
                "en": " (this year's file has rows or pages that were not read: not asserted)"}  # fmt: skip


@dataclass(frozen=True)
class DiffResult:
    """What comparing two years gave: this year's file with the findings, the pairing."""

    result: FileResult
    matching: Matching
    last: Document
    this: Document
    rules: tuple[Rule, ...]


def diff_rules(config: Config) -> list[Rule]:
    return select_rules(config, year_over_year=True)


def diff(last: str | os.PathLike[str] | Document, this: str | os.PathLike[str] | Document,
         config: Config | None = None) -> DiffResult:  # fmt: skip
    """Compare this year's table with last year's; a file that cannot be read raises
    ReadError naming it."""
    config = config or Config()
    last_doc = last if isinstance(last, Document) else load(last, config.reader_limits)
    this_doc = this if isinstance(this, Document) else load(this, config.reader_limits)
    rules = diff_rules(config)
    matching = match_documents(last_doc, this_doc)
    findings = diff_documents(last_doc, this_doc, rules, config.lang, matching)
    findings = _told_as_read(findings, this_doc, {r.id: r for r in rules}, config.lang)
    if ignored := config.ignored_in(this_doc.path):
        findings = [f for f in findings if not matches(f.rule, f.name, ignored)]
    findings = apply_suppressions(findings, this_doc.suppressions, this_doc.path, config.lang)
    findings.sort(key=Finding.sort_key)
    stats = {**dict(this_doc.stats), **{f"diff_{k}": v for k, v in matching.summary().items()}}
    result = FileResult(this_doc.path, tuple(findings), projects=len(this_doc.projects),
                        template=this_doc.template, stats=stats, document=this_doc)  # fmt: skip
    return DiffResult(result, matching, last_doc, this_doc, tuple(rules))


def _told_as_read(findings: list[Finding], this: Document, rules: dict[str, Rule], lang: str) -> list[Finding]:
    """A rule that says a project is gone (`absence: true`, about the whole file) speaks at
    info with the reason when this year's file was not read whole: it may only be unread."""
    coverage = this.accounting()
    if not (coverage.unplaced_rows or coverage.unread_pages):
        return findings
    caveat = _PARTLY_READ.get(lang, _PARTLY_READ["zh"])
    return [
        replace(f, severity="info", message=f.message + caveat)
        if (rule := rules.get(f.rule)) is not None and rule.absence and f.anchor[:1] == ("doc",)
        else f
        for f in findings
    ]
