"""Every page of a published document accounted for.

Two looks at each page. Before tables are read, its text layer says what the page
*looks like* (`PageHint`): a target table (a `…绩效目标表` title, an indicator header, the
framework's category words), a department-wide or self-evaluation table, a blank form.
After reading, what the page *gave* decides its class: a page where a project starts
is a target table, one that only added rows to an earlier project a continuation.
A page that looked like a target table and gave nothing is named, never passed over.

Words are compared with all whitespace removed, so `产出指` + `标` still reads 产出指标.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kpilint.framework import LEVEL1, LEVEL2
from kpilint.framework.templates import squash, vocabulary
from kpilint.model import Coverage, Diagnostic, Location, Project

_CATEGORY_WORDS = tuple(sorted({*LEVEL1, *LEVEL2}, key=len, reverse=True))
#: fewer characters than this on a page is no text layer (a page number at most)
_TEXTLESS = 5
_DOTS = re.compile(r"(?:…|\.{3,}|。{3,}){1,}")


@dataclass(frozen=True, slots=True)
class PageHint:
    """What a page's text suggests, before any table is read."""

    target: bool  # looks like (part of) a project's indicator table
    candidate: bool  # worth looking for tables on (any category word at all)
    department: bool  # a title naming 部门整体
    self_evaluation: bool  # a 自评 title or 实际完成值 columns
    blank: bool  # placeholders where values would go
    textless: bool = False  # (almost) no text layer: a scanned page, or one pdfium could not read


def _header_fields(text: str) -> set[str]:
    words = vocabulary()
    return {field for word, field in words.indicator_columns.items() if word in text}


def _any_in(words: tuple[str, ...], text: str) -> bool:
    return any(w in text for w in words)


def page_hint(text: str) -> PageHint:
    words = vocabulary()
    flat = squash(text)
    fields = _header_fields(flat)
    categories = {w for w in _CATEGORY_WORDS if w in flat}
    header = ("value" in fields and bool(fields & {"level1", "level2", "name"})) or {
        "level1",
        "level2",
    } <= fields
    titled = words.target_suffix in flat
    target = header or len(categories) >= 2 or (titled and len(categories) >= 1)
    titles = [t for t in re.split(f"(?<={re.escape(words.target_suffix)})", flat) if t.endswith(words.target_suffix)]
    department = any(any(w in t[-40:] for w in words.department_titles) for t in titles)
    self_evaluation = any(w in flat for w in words.self_evaluation_titles) or any(
        w in flat for w in words.self_evaluation_columns
    )
    blank = target and len(_DOTS.findall(text)) >= 3 and not re.search(r"\d+(?:\.\d+)?\s*%", text)
    labels = words.label_words
    listed = _any_in(labels["name"][:1], flat) and _any_in(labels["goals"][:1], flat)  # a list of projects and goals?
    textless = len(flat) < _TEXTLESS
    return PageHint(target, target or bool(categories) or listed, department, self_evaluation, blank, textless)


@dataclass
class PageRoles:
    """What the reader did with each page's tables (1-based page → roles)."""

    roles: dict[int, set[str]]

    def add(self, page: int | None, role: str) -> None:
        if page is not None:
            self.roles.setdefault(page, set()).add(role)


def classify(
    hints: list[PageHint], projects: Iterable[Project], roles: PageRoles
) -> tuple[str, ...]:
    """One class per page, from what its tables gave and, failing that, its text."""
    starts: set[int] = set()
    rows: set[int] = set()
    for project in projects:
        if project.location and project.location.page:
            starts.add(project.location.page)
        rows.update(i.location.page for i in project.indicators if i.location and i.location.page)
    classes = []
    for number, hint in enumerate(hints, 1):
        got = roles.roles.get(number, set())
        if number in starts:
            classes.append("target_table")
        elif number in rows:
            classes.append("continuation")
        elif "department" in got:
            classes.append("department_table")
        elif "self_evaluation" in got or (hint.self_evaluation and hint.target):
            classes.append("self_evaluation")
        elif "blank" in got:
            classes.append("blank_template")
        elif "goals_only" in got:
            classes.append("goals_only_list")
        elif "department_continued" in got or (hint.department and hint.target):
            classes.append("department_table")
        elif hint.blank:
            classes.append("blank_template")
        else:
            classes.append("other")
    return tuple(classes)


def account(
    path: str,
    hints: list[PageHint],
    projects: list[Project],
    roles: PageRoles,
    tables: int,
    read: list[Diagnostic],
) -> tuple[Coverage, list[Diagnostic]]:
    """The document's coverage, and a diagnostic for each page that looked like a target
    table but gave nothing (and one for the document when no page gave a project); `read`
    holds what the table reader already reported."""
    classes = classify(hints, projects, roles)
    unread = tuple(
        n
        for n, (hint, cls) in enumerate(zip(hints, classes, strict=True), 1)
        if hint.target and cls == "other" and not {"unplaced", "unreadable"} & roles.roles.get(n, set())
    )
    scanned = _textless_in_run(hints, classes)
    unread = tuple(sorted({*unread, *scanned}))
    diagnostics = [
        Diagnostic(
            "textless-page",
            f"第 {n} 页没有文字层（可能是扫描页），夹在项目绩效目标表页之间，该页未经检查；"
            "请取得可复制文字的版本，或用 OCR 转出文字后再查",
            Location(path, page=n),
        )
        for n in scanned
    ]
    diagnostics += [
        Diagnostic(
            "unread-page",
            f"第 {n} 页看起来是项目绩效目标表，但没有读出任何项目或指标行，该页未经检查；"
            "请用 kpilint show 查看，或附上文件报告问题",
            Location(path, page=n),
        )
        for n in unread
        if n not in scanned
    ]
    looked = [n for n, h in enumerate(hints, 1) if h.target and classes[n - 1] != "other"]
    if not projects and (unread or any(c in ("target_table", "continuation") for c in classes)):
        diagnostics.append(
            Diagnostic(
                "no-projects",
                f"共 {len(hints)} 页，其中 {len(unread) + len(looked)} 页像项目绩效目标表，"
                "却没有读出任何项目；本文件实际未经检查",
                Location(path, page=(unread or looked or [1])[0]),
            )
        )
    diagnostics.extend(_skipped_notes(path, classes))
    return Coverage.of(projects, read, tables, classes, unread), diagnostics


def _textless_in_run(hints: list[PageHint], classes: tuple[str, ...]) -> tuple[int, ...]:
    """1-based pages without a text layer that follow a table page, with a table page after
    them or nothing but such pages to the end: scanned pages of a run of tables."""
    tables = {"target_table", "continuation"}
    found = []
    for n, hint in enumerate(hints, 1):
        if not hint.textless:
            continue
        before = next((classes[k] for k in range(n - 2, -1, -1) if not hints[k].textless), None)
        after = next((classes[k] for k in range(n, len(hints)) if not hints[k].textless), None)
        if before in tables and (after is None or after in tables):
            found.append(n)
    return tuple(found)


_SKIPPED_MESSAGES = {
    "self_evaluation": "是绩效自评表（实际完成值、得分），不是绩效目标表",
    "blank_template": "是未填写的空白表样",
    "goals_only_list": "是只列项目名称和绩效目标的清单，没有指标行",
}


def page_list(pages: Iterable[int]) -> str:
    """`第 3、5–7 页`: runs of pages joined."""
    runs: list[list[int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    listed = "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"第 {listed} 页"


def _skipped_notes(path: str, classes: tuple[str, ...]) -> list[Diagnostic]:
    """One note per kind of page skipped on purpose, naming the pages."""
    notes = []
    for kind, what in _SKIPPED_MESSAGES.items():
        pages = [n for n, c in enumerate(classes, 1) if c == kind]
        if pages:
            notes.append(
                Diagnostic(
                    "skipped-pages",
                    f"{page_list(pages)}{what}，已跳过",
                    Location(path, page=pages[0]),
                )
            )
    return notes
