"""SARIF 2.1.0 for code scanning (GitHub and others), with each rule's help text."""

from __future__ import annotations

import json
from pathlib import Path

from kpilint import __version__
from kpilint.reporters import Report

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
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def render(report: Report) -> str:
    index = {r.id: i for i, r in enumerate(report.rules)}
    results = []
    for f in report.findings:
        location: dict = {"artifactLocation": {"uri": _uri(f.path)}}
        if f.line:
            location["region"] = {"startLine": f.line, "startColumn": f.column or 1}
        result = {
            "ruleId": f.rule,
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"kpilint/v1": f.fingerprint()},
            **(
                {
                    "fixes": [
                        {
                            "description": {
                                "text": "kpilint check --fix"
                                if f.fix_safe
                                else "kpilint check --fix --unsafe-fixes"
                            }
                        }
                    ]
                }
                if f.fixable
                else {}
            ),
            "properties": {
                k: v
                for k, v in f.to_json().items()
                if k
                in (
                    "project_code",
                    "project_name",
                    "indicator",
                    "level1",
                    "level2",
                    "value",
                    "cell",
                    "page",
                )
                and v is not None
            },
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": fr.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(fr.path)}}}],
        }
        for fr in report.files
        if fr.error
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kpilint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://pypi.org/project/kpilint/",
                        "rules": [_rule(r, report.lang) for r in report.rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=1) + "\n"
