"""SARIF 2.1.0 for code scanning (GitHub and others), with each rule's help text."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from kpilint.findings import JSON_KEYS, Finding
from kpilint.reporters import FileResult, Report, Tally, Writer, render_with
from kpilint.reporters.terminal import json_text
from kpilint.version import __version__

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule, lang: str) -> dict:
    docs = rule.docs
    text = "\n\n".join(f"{k}: {docs[k]}" for k in ("what", "why", "source", "fix") if docs.get(k))
    markdown = "\n\n".join(
        f"**{label}** {docs[k]}"
        for k, label in (
            ("what", "检查什么："),
            ("why", "为什么："),
            ("source", "依据："),
            ("fix", "怎么改："),
        )
        if docs.get(k)
    )
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": f"{rule.id} {rule.name}"},
        "fullDescription": {"text": str(docs.get("what", rule.name))},
        "help": {"text": text or rule.name, "markdown": markdown or rule.name},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"pack": rule.pack, "tags": [rule.pack, rule.scope]},
    }


def _uri(path: str) -> str:
    """A file's URI reference, percent-encoded from the bytes the system names it by (a
    space, `#`, `%` or a GBK byte in a name is not a valid URI character)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(os.fsencode(p.as_posix()), safe="/")


def _fixes(result: FileResult) -> dict[int, list[dict]]:
    """SARIF `fixes` for the safe fixes of a draft's findings (by the finding's position in
    the result): each the replacement --fix would write, region by region. Workbooks, Word
    files, PDFs and published text get none — SARIF describes a change to an artifact's text,
    and those are not changed that way (the property `fix` still says how to fix them)."""
    from kpilint.core.fix import draft_replacements
    from kpilint.core.formats import is_draft_path
    from kpilint.limits import DEFAULT_LIMITS

    wanted = [i for i, f in enumerate(result.findings) if f.fixable and f.fix_safe and f.edits]
    if not wanted or not is_draft_path(result.path):
        return {}
    fixes = {}
    for i in wanted:
        f = result.findings[i]
        found = draft_replacements(result.path, list(f.edits), DEFAULT_LIMITS)
        if not found:
            continue
        change = {"artifactLocation": {"uri": _uri(f.path)}, "replacements": [
            {"deletedRegion": {"startLine": r.start[0], "startColumn": r.start[1], "endLine": r.end[0],
                               "endColumn": r.end[1]}, "insertedContent": {"text": r.text}} for r in found]}  # fmt: skip
        what = "；".join(f"{e.old} → {e.new}" for e in f.edits)
        fixes[i] = [{"description": {"text": f"kpilint check --fix: {what}"}, "artifactChanges": [change]}]
    return fixes


def _result(f: Finding, index: dict[str, int], fixes: list[dict] | None = None) -> dict:
    location: dict = {"artifactLocation": {"uri": _uri(f.path)}}
    if f.line:
        location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
    result: dict = {
        "ruleId": f.rule,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"kpilint/v1": f.fingerprint()},
    }
    result["properties"] = {
        k: v for k, v in f.to_json().items() if k in _PROPERTIES and v is not None
    }
    if f.fixable:  # how to apply it, whatever the input; `fixes` where SARIF can say what it writes
        how = "kpilint check --fix" if f.fix_safe else "kpilint check --fix --unsafe-fixes"
        result["properties"]["fix"] = how
    if fixes:
        result["fixes"] = fixes
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    return result


#: a finding's cell, page and row, carried as SARIF properties
_PROPERTIES = JSON_KEYS[JSON_KEYS.index("cell") :]


class SarifWriter(Writer):
    """Results are written as they come; the run's invocation (which needs every file's
    outcome) closes the run object — key order means nothing to a SARIF reader."""

    def start(self) -> None:
        self.index = {r.id: i for i, r in enumerate(self.rules)}
        self.notifications: list[dict] = []
        self.first = True
        driver = {
            "name": "kpilint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": "https://pypi.org/project/kpilint/",
            "rules": [_rule(r, self.lang) for r in self.rules],
        }
        head = json_text({"driver": driver}, indent=1)
        self.out.write(
            '{\n "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n "version": "2.1.0",\n'
            f' "runs": [\n  {{\n   "tool": {head},\n   "columnKind": "unicodeCodePoints",\n   "results": ['
        )

    def file(self, result: FileResult) -> None:
        findings = result.findings
        fixes = _fixes(result)
        for i, f in enumerate(findings):
            item = json_text(_result(f, self.index, fixes.get(i)))
            self.out.write(("\n    " if self.first else ",\n    ") + item)
            self.first = False
        if result.error:
            self.notifications.append(
                {
                    "level": "error",
                    "message": {"text": result.error},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}
                    ],
                }
            )

    def finish(self, tally: Tally) -> None:
        invocations = [
            {
                "executionSuccessful": not self.notifications,
                "toolExecutionNotifications": self.notifications,
            }
        ]
        self.out.write("]," if self.first else "\n   ],")
        self.out.write(
            f'\n   "invocations": {json_text(invocations)}\n  }}\n ]\n}}\n'
        )


def render(report: Report) -> str:
    return render_with(SarifWriter, report)
