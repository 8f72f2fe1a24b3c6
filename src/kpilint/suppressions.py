"""Inline suppressions in drafts (`# kpilint: ignore[KPI305]`) and baselines.

A suppression applies to findings on its own line. One that silences nothing is
itself reported (KPI900 unused-suppression), so stale ones do not pile up.
A baseline records the fingerprints of accepted findings, so a bureau can adopt
kpilint on legacy drafts and fail only on new problems.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kpilint.errors import KpilintError
from kpilint.findings import Finding

_COMMENT = re.compile(r"#\s*kpilint:\s*ignore(?:\[([A-Za-z0-9_,\s-]+)\])?")
UNUSED = ("KPI900", "unused-suppression")


@dataclass(frozen=True)
class Suppression:
    line: int
    rules: tuple[str, ...]  # empty: every rule


def find_suppressions(text: str) -> list[Suppression]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if "kpilint" not in line:
            continue
        m = _COMMENT.search(line)
        if m:
            rules = tuple(r.strip() for r in (m.group(1) or "").split(",") if r.strip())
            out.append(Suppression(number, rules))
    return out


def apply_suppressions(
    findings: list[Finding], path: str, text: str, lang: str = "zh"
) -> list[Finding]:
    suppressions = find_suppressions(text)
    if not suppressions:
        return findings
    by_line = {s.line: s for s in suppressions}
    used: set[int] = set()
    kept = []
    for f in findings:
        s = by_line.get(f.line or -1)
        if s and (not s.rules or f.rule in s.rules or f.name in s.rules):
            used.add(s.line)
            continue
        kept.append(f)
    for s in suppressions:
        if s.line not in used:
            what = ",".join(s.rules) or "全部规则"
            message = (
                f"第 {s.line} 行的忽略注释（{what}）没有忽略任何问题，可以删除"
                if lang != "en"
                else f"The suppression on line {s.line} ({what}) silences nothing; remove it"
            )
            kept.append(
                Finding(
                    rule=UNUSED[0],
                    name=UNUSED[1],
                    severity="warning",
                    message=message,
                    path=path,
                    line=s.line,
                    column=1,
                )
            )
    return kept


def write_baseline(findings: list[Finding], path: str) -> None:
    data = {
        "version": 1,
        "tool": "kpilint",
        "findings": [
            {"fingerprint": f.fingerprint(), "rule": f.rule, "path": f.path, "message": f.message}
            for f in findings
        ],
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_baseline(path: str) -> Counter[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Counter(item["fingerprint"] for item in data["findings"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KpilintError(
            f"{path}: 错误: 无法读取基线文件：{exc}\n  提示: 用 --write-baseline 重新生成"
        ) from None


def drop_baselined(findings: list[Finding], remaining: Counter[str]) -> list[Finding]:
    """Drop as many findings per fingerprint as the baseline accepted; new ones remain.
    Called once per file: `remaining` (a copy of the baseline) is used up across calls."""
    out = []
    for f in findings:
        key = f.fingerprint()
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            out.append(f)
    return out
