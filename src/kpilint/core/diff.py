"""`kpilint diff LAST THIS`: this year's table beside last year's, through the one pipeline.

Both files are read as `check` reads them (any format, within the configuration's limits);
the year-over-year rules run on the pairs `engine.matching` makes; the findings point at
this year's file and go through the same per-path ignores and inline suppressions as
`check`'s, so every report format writes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from kpilint.config import Config, ConfigError, matches
from kpilint.core.formats import load
from kpilint.core.pipeline import findings_for, select_rules
from kpilint.core.runner import FileResult
from kpilint.core.suppressions import apply_suppressions
from kpilint.engine.diff import diff_documents, resolved
from kpilint.engine.matching import Matching, match_documents
from kpilint.engine.rules import Rule
from kpilint.findings import Finding
from kpilint.model import Document
from kpilint.texts import say

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
    #: the settings' `select` named no year-over-year rule, so every one of them ran
    select_passed_over: tuple[str, ...] = ()


    def notes(self) -> list[str]:
        """What a person should know about the comparison itself: the files given the wrong
        way round, or two tables that share no project (two departments, not two years)."""
        said = []
        if self.last.year and self.this.year and self.last.year >= self.this.year:
            said.append(say("diff-years-reversed", last=self.last.year, this=self.this.year))
        m = self.matching.summary()
        if self.last.projects and self.this.projects and not (m["by_code"] or m["by_name"]):
            said.append(say("diff-nothing-matched"))
        if self.select_passed_over:
            said.append(say("diff-select-passed-over", select=", ".join(self.select_passed_over)))
        return said


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
    try:
        check_rules = select_rules(config)
    except ConfigError:  # the settings select only year-over-year rules: no check rule runs
        check_rules = []
    checked = _resolved_checked(this_doc, matching, config) if check_rules else []
    if checked:
        findings += checked
        rules += [r for r in check_rules if r.id in {f.rule for f in checked}]
    if ignored := config.ignored_in(this_doc.path):
        findings = [f for f in findings if not matches(f.rule, f.name, ignored)]
    findings = apply_suppressions(findings, this_doc.suppressions, this_doc.path, config.lang)
    findings.sort(key=Finding.sort_key)
    stats = {**dict(this_doc.stats), **{f"diff_{k}": v for k, v in matching.summary().items()}}
    result = FileResult(this_doc.path, tuple(findings), projects=len(this_doc.projects),
                        template=this_doc.template, stats=stats, document=this_doc)  # fmt: skip
    passed_over = () if any(matches(r.id, r.name, config.select) for r in diff_rules(replace(config, ignore=()))) \
        else config.select  # fmt: skip
    return DiffResult(result, matching, last_doc, this_doc, tuple(rules), tuple(passed_over))


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


_AS_RESOLVED = {"zh": "（指标值“{text}”按上年解析为 {resolved}）",
                "en": " (value “{text}” read as {resolved} against last year)"}  # fmt: skip


def _resolved_checked(this: Document, matching: Matching, config: Config) -> list[Finding]:
    """What `check`'s rules say of the rows whose value leans on last year's (`不低于上年`),
    once that value is resolved against last year's figure: the target can then be judged
    like any other (a satisfaction target resolved to ≥75% is below the floor). Only what the
    resolution brings to light (what `check` says of the row as written is `check`'s), each
    finding saying what the value was read as."""
    resolved_rows: dict[tuple[int, int], tuple[str, str]] = {}
    projects = list(this.projects)
    for pair in matching.pairs:
        if pair.this is None or pair.this_index is None:
            continue
        rows = list(projects[pair.this_index].indicators)
        for row in pair.rows:
            if row.this is None or row.this_index is None:
                continue
            _, text, _ = resolved(row.this, row.last)
            if text:
                resolved_rows[pair.this_index, row.this_index] = (row.this.value_text, text)
                rows[row.this_index] = replace(row.this, value_text=text, comparator=None, unit=None)
        projects[pair.this_index] = replace(projects[pair.this_index], indicators=tuple(rows))
    if not resolved_rows:
        return []
    note = _AS_RESOLVED.get(config.lang, _AS_RESOLVED["zh"])
    as_written = {(f.rule, f.anchor) for f in findings_for(this, config) if f.anchor[:2] in resolved_rows}
    found = []
    for f in findings_for(replace(this, projects=tuple(projects)), config):
        if (texts := resolved_rows.get(f.anchor[:2])) is not None and (f.rule, f.anchor) not in as_written:
            said = note.format(text=texts[0], resolved=texts[1])
            found.append(replace(f, message=f.message + said, value=texts[0], edits=(), fixable=False))
    return found
