"""Inline suppressions (`# kpilint: ignore[KPI305]` in drafts) and baselines.

A suppression applies to findings on its own line. One that silences nothing is
itself reported (KPI900 unused-suppression), so stale ones do not pile up.
A baseline records the fingerprints of accepted findings, so a bureau can adopt
kpilint on legacy drafts and fail only on new problems.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from kpilint.core.atomic import write_atomic
from kpilint.errors import KpilintError, ReadError
from kpilint.escapes import one_line
from kpilint.files import project_path, read_text
from kpilint.findings import Finding
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Suppression
from kpilint.texts import say, say_in

UNUSED = ("KPI900", "unused-suppression")
#: (id, name, pack) of the findings no rule file declares: an unused suppression, and
#: what stopped a file (kpilint's own error, a limit) — names a configuration may use
BUILT_IN = (("KPI900", "unused-suppression", "core"), ("KPI999", "internal-error", "core"),
            ("KPI999", "limit-exceeded", "core"))  # fmt: skip


def apply_suppressions(
    findings: list[Finding], suppressions: Sequence[Suppression], path: str, lang: str = "zh",
    ran: Collection[str] | None = None, known: Collection[str] = (), report_unused: bool = True,
) -> list[Finding]:
    """`findings` less those a suppression on their line silences, plus a KPI900 for each
    suppression that silenced nothing — unless `report_unused` is off (KPI900 not selected
    or ignored), or none of the rules it names ran (`ran`: the ids and names of the rules
    run on this file; a rule left out by --select, --ignore or per_path_ignores could not
    have fired, so its suppression is not stale). A name that is no rule at all (not in
    `known`, every rule's id and name) is reported: a misspelt suppression silences nothing."""
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
    if not report_unused:
        return kept
    for s in suppressions:
        if s.line not in used and (ran is None or _could_fire(s, ran, known)):
            what = ",".join(s.rules) or say_in(lang, "every-rule")
            message = say_in(lang, "unused-suppression", line=s.line, what=what)
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


def _could_fire(suppression: Suppression, ran: Collection[str], known: Collection[str]) -> bool:
    """Whether a rule the suppression names ran (any rule, for a bare `ignore`), or it names
    something that is no rule."""
    if not suppression.rules:
        return bool(ran)
    return any(name in ran or name not in known for name in suppression.rules)


class Baseline:
    """Findings accepted by fingerprint. A run uses up a copy of it file by file, so a
    finding that appears once more than the baseline recorded counts as new."""

    def __init__(self, accepted: Counter[str], root: str | None = None) -> None:
        self.accepted = accepted
        #: the folder its findings' paths are written from (its file's); None: as given
        self.root = root

    @classmethod
    def read(cls, path: str, limits: Limits = DEFAULT_LIMITS) -> Baseline:
        """A baseline file as `write_baseline` writes it; anything else is the user's error,
        naming the file and, for an entry, its number and what it should be."""
        hint = f"\n  {say('hint')}: {say('baseline-hint')}"
        error = f"{path}: {say('error')}: "
        try:
            data = json.loads(read_text(path, limits.max_file_bytes, "baseline-file"))
        except ReadError as exc:
            raise KpilintError(str(exc) if exc.hint else f"{exc}{hint}") from None
        except ValueError as exc:
            raise KpilintError(f"{error}{say('baseline-not-json', why=exc)}{hint}") from None
        except RecursionError:
            raise KpilintError(f"{error}{say('baseline-too-deep')}{hint}") from None
        findings = data.get("findings") if isinstance(data, dict) else None
        if not isinstance(findings, list):
            raise KpilintError(f"{error}{say('baseline-no-list')}{hint}")
        # version 2 fingerprints take paths from the baseline's folder; version 1's, as given
        root = os.path.dirname(os.path.abspath(path)) if data.get("version") != 1 else None
        accepted: Counter[str] = Counter()
        for number, item in enumerate(findings, 1):
            fingerprint = item.get("fingerprint") if isinstance(item, dict) else None
            if not isinstance(fingerprint, str):
                raise KpilintError(f"{error}{say('baseline-bad-item', number=number)}{hint}")
            accepted[fingerprint] += 1
        return cls(accepted, root)

    def copy(self) -> Baseline:
        return Baseline(Counter(self.accepted), self.root)

    def split(self, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new findings, findings the baseline accepts), using up what it accepts."""
        new, accepted = [], []
        for f in findings:
            key = f.fingerprint(self.root)
            if self.accepted[key] > 0:
                self.accepted[key] -= 1
                accepted.append(f)
            else:
                new.append(f)
        return new, accepted


def write_baseline(findings: Iterable[Finding], path: str) -> int:
    """Write every finding as accepted, each file named from the baseline's folder (so the
    baseline matches however the files are named next time); returns how many."""
    root = os.path.dirname(os.path.abspath(path))
    records = [  # the path and message are for people (shown escaped); the fingerprint matches
        {"fingerprint": f.fingerprint(root), "rule": one_line(f.rule), "path": one_line(project_path(f.path, root)),
         "message": one_line(f.message)}
        for f in findings
    ]
    data = {"version": 2, "tool": "kpilint", "findings": records}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return len(records)
