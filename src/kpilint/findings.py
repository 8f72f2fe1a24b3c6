"""A finding: what a rule says about one place in one document, and the edits that repair it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # an annotation only: a report needs findings, not the document model
    from kpilint.model import Location

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

#: keys of a finding in JSON output, in order (a contract: CI scripts read them)
JSON_KEYS = (
    "rule",
    "name",
    "severity",
    "message",
    "path",
    "line",
    "column",
    "cell",
    "page",
    "project_code",
    "project_name",
    "indicator",
    "level1",
    "level2",
    "value",
    "details",
)


@dataclass(frozen=True, slots=True)
class Edit:
    """Text at a location that a fix replaces: `old` must still be there for `new` to go in."""

    location: Location
    old: str
    new: str
    what: str = "value"  # value | checkpoint


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: which rule (`rule` id, readable `name`), how bad
    (`severity`), what is wrong in words (`message`, in the run's language), and where —
    `path` with `line`/`column` (drafts, text), `cell` ("Sheet!C7", workbooks) or `page`
    (PDFs), and the project and indicator row it belongs to.

    `fixable` says whether `kpilint check --fix` can repair it (`fix_safe`: without
    `--unsafe-fixes`); `edits` are those repairs. `to_json()` is the finding as every
    machine format writes it (keys in `JSON_KEYS`); `fingerprint()` is what a baseline
    records, stable when lines move."""

    rule: str
    name: str
    severity: str
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    page: int | None = None
    project_code: str | None = None
    project_name: str | None = None
    indicator: str | None = None
    level1: str | None = None
    level2: str | None = None
    value: str | None = None
    fixable: bool = field(default=False, compare=False)
    #: the edits that repair it, and whether they are safe (meaning cannot change)
    edits: tuple[Edit, ...] = field(default=(), compare=False, repr=False)
    fix_safe: bool = field(default=True, compare=False)
    # which cell the finding is about, for "the more specific rule wins"
    anchor: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    #: what a finding that stands for many holds (every row a page could not place)
    details: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in JSON_KEYS}
        data["details"] = list(self.details) or None
        return data

    @property
    def where(self) -> str:
        if self.cell:
            return f"{self.path}:{self.cell}"
        if self.page is not None:
            return f"{self.path}:第{self.page}页"
        if self.line is not None:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def sort_key(self) -> tuple[Any, ...]:
        """Reading order, numbers as numbers: page 2 before page 16, line and column; where there
        are no lines, the project's place in its document (a workbook's sheets in their order,
        not by name), then cell row by row (E7 before E11) — as a reader goes through a table."""
        project = self.anchor[0] if self.anchor and isinstance(self.anchor[0], int) else -1
        return (natural(self.path), self.page or 0, self.line or 0, self.column or 0,
                project if self.line is None else 0, cell_order(self.cell), natural(self.rule))  # fmt: skip

    def fingerprint(self, root: str | None = None) -> str:
        """Stable across edits that move lines: used by --baseline. With `root` (a baseline's
        folder), the path is taken from there, so `check .`, `check drafts`, an absolute path
        and a run from a subfolder give one fingerprint for one finding."""
        import hashlib

        from kpilint.files import project_path

        key = "\x1f".join(
            str(x)
            for x in (
                self.rule,
                self.path if root is None else project_path(self.path, root),
                self.project_code,
                self.project_name,
                self.indicator,
                self.level2,
                self.value,
            )
        )
        # a lone surrogate (a file name's undecodable byte) is hashed as itself, not refused
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


_DIGITS = re.compile(r"(\d+)")
_CELL = re.compile(r"^(?:(?P<sheet>.*)!)?\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A text's sort key with its runs of digits compared as numbers (d2 before d10)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(text) if part)


def cell_order(cell: str | None) -> tuple[Any, ...]:
    """`Sheet!E11` as (sheet, row 11, column E): cells row by row, E7 before E11."""
    if not cell:
        return ()
    m = _CELL.match(cell)
    if m is None:
        return (natural(cell),)
    column = 0
    for letter in m["col"]:
        column = column * 26 + ord(letter) - 64
    return (natural(m["sheet"] or ""), int(m["row"]), column)


def counts_of(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, and how many a fix can repair (safely or not)."""
    counts = {"findings": 0, "info": 0, "warning": 0, "error": 0, "fixable_safe": 0, "fixable_unsafe": 0}
    for f in findings:
        counts["findings"] += 1
        counts[f.severity] += 1
        if f.fixable:
            counts["fixable_safe" if f.fix_safe else "fixable_unsafe"] += 1
    return counts


class Checked(Protocol):
    """What a tally needs of one file's result (`kpilint.core.FileResult` is one)."""

    @property
    def projects(self) -> int: ...
    @property
    def error(self) -> str | None: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def counts(self) -> Mapping[str, int] | None: ...
    @property
    def fixes_in_place(self) -> bool: ...


@dataclass
class Tally:
    """A run's running summary: counts only, whatever the number of findings. The run
    keeps it (its exit code is read from it) and every report's summary is written from it."""

    files: int = 0
    projects: int = 0
    unreadable: int = 0
    findings: int = 0
    severities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    fixable_safe: int = 0
    fixable_unsafe: int = 0

    def add(self, result: Checked) -> None:
        """Count a file and its findings; what --fix can repair only where it writes the file
        back (a draft, a workbook: not published text, Word or PDF)."""
        self.files += 1
        self.projects += result.projects
        self.unreadable += bool(result.error)
        in_place = result.fixes_in_place
        if result.counts is not None:  # a compact result: counted where it was checked
            self._count(result.counts, in_place)
        if result.findings:
            self._count(counts_of(result.findings), in_place)

    def _count(self, counts: Mapping[str, int], fixable: bool) -> None:
        self.findings += counts["findings"]
        for severity in SEVERITIES:
            self.severities[severity] += counts[severity]
        if fixable:
            self.fixable_safe += counts["fixable_safe"]
            self.fixable_unsafe += counts["fixable_unsafe"]

    def at_or_above(self, severity: str) -> int:
        """How many findings are at least this severe (what `--fail-on` asks)."""
        rank = SEVERITY_RANK[severity]
        return sum(n for s, n in self.severities.items() if SEVERITY_RANK[s] >= rank)

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "projects": self.projects,
            "unreadable": self.unreadable,
            "findings": self.findings,
            **self.severities,
        }
