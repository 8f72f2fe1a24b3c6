"""Inline suppressions (`# kpilint: ignore[KPI305]` in drafts) and baselines.

A suppression applies to findings on its own line. One that silences nothing is
itself reported (KPI900 unused-suppression), so stale ones do not pile up.
A baseline records the fingerprints of accepted findings, so a bureau can adopt
kpilint on legacy drafts and fail only on new problems.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence

from kpilint.core.atomic import write_atomic
from kpilint.errors import KpilintError
from kpilint.findings import Finding
from kpilint.model import Suppression

UNUSED = ("KPI900", "unused-suppression")


def apply_suppressions(
    findings: list[Finding], suppressions: Sequence[Suppression], path: str, lang: str = "zh"
) -> list[Finding]:
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


class Baseline:
    """Findings accepted by fingerprint. A run uses up a copy of it file by file, so a
    finding that appears once more than the baseline recorded counts as new."""

    def __init__(self, accepted: Counter[str]) -> None:
        self.accepted = accepted

    @classmethod
    def read(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            return cls(Counter(item["fingerprint"] for item in data["findings"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KpilintError(
                f"{path}: 错误: 无法读取基线文件：{exc}\n  提示: 用 --write-baseline 重新生成"
            ) from None

    def copy(self) -> Baseline:
        return Baseline(Counter(self.accepted))

    def split(self, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new findings, findings the baseline accepts), using up what it accepts."""
        new, accepted = [], []
        for f in findings:
            key = f.fingerprint()
            if self.accepted[key] > 0:
                self.accepted[key] -= 1
                accepted.append(f)
            else:
                new.append(f)
        return new, accepted


def write_baseline(findings: Iterable[Finding], path: str) -> int:
    """Write every finding as accepted; returns how many."""
    records = [
        {"fingerprint": f.fingerprint(), "rule": f.rule, "path": f.path, "message": f.message}
        for f in findings
    ]
    data = {"version": 1, "tool": "kpilint", "findings": records}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return len(records)
