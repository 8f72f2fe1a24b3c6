"""Every corpus PDF read to the row, against readings established without kpilint.

`fixtures/corpus/truth/*.yaml` were made from the PDFs themselves (page images, pdfplumber
tables cross-checked with pypdfium2 character geometry), one file per PDF: the class of
every page, every project (name, first page, budget, number of rows) and exact rows for
several projects of each template. Where a printed row packs several indicators
(`a；b` | `x；y`), `indicators` counts them as kpilint reads them. Names and values are compared with whitespace removed;
a 指标N： numbering is not part of a name; a comparator or unit printed in its own column
is compared joined to the value.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, FIXTURES
from kpilint.core import load
from kpilint.framework import category
from kpilint.model import PAGE_CLASSES, Document

TRUTH = FIXTURES / "corpus" / "truth"
TRUTHS = sorted(p for p in TRUTH.glob("*.yaml") if not p.name.endswith(".rows.yaml"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus/pdf/ is absent (it sits beside the project in CI)"
)
_NUMBERING = re.compile(r"^指标\s*\d{0,2}\s*[:：]\s*")


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


@cache
def truth(name: str) -> dict:
    return yaml.safe_load((TRUTH / f"{name}.yaml").read_text("utf-8"))


@cache
def reading(name: str) -> Document:
    return load(CORPUS / truth(name)["file"])


def _rows_of(name: str) -> list[dict]:
    rows_file = TRUTH / f"{name}.rows.yaml"
    if rows_file.exists():
        return yaml.safe_load(rows_file.read_text("utf-8"))["projects"]
    return truth(name)["sample_rows"]


def _filled(project):
    return [i for i in project.indicators if not i.is_empty]


pytestmark = [needs_corpus, pytest.mark.parametrize("name", [p.stem for p in TRUTHS])]


def test_every_project_and_row_is_read(name: str) -> None:
    want, doc = truth(name), reading(name)
    assert len(doc.projects) == want["projects"]
    assert sum(len(_filled(p)) for p in doc.projects) == want.get("indicators", want["indicator_rows"])
    assert [d.message for d in doc.diagnostics if d.code in ("unplaced-row", "unread-page")] == []
    assert [i for p in doc.projects for i in _filled(p) if not i.name] == []


def test_projects_are_named_placed_and_budgeted(name: str) -> None:
    doc = reading(name)
    got = [
        (_squash(p.name), p.location.page, p.budget.total, len(_filled(p))) for p in doc.projects
    ]
    want = [
        (_squash(p["name"]), p["first_page"], p["total"], p.get("indicators", p["rows"]))
        for p in truth(name)["projects_detail"]
    ]
    assert got == want


def test_every_page_is_accounted_for(name: str) -> None:
    want, coverage = truth(name), reading(name).accounting()
    classes = {n: c for c, pages in want["page_classes"].items() for n in pages or ()}
    assert coverage.pages == want["pages"] == len(classes)
    assert dict(enumerate(coverage.page_classes, 1)) == classes
    assert sum(coverage.by_class().values()) == coverage.pages
    assert set(coverage.page_classes) <= set(PAGE_CLASSES)
    assert coverage.unread_pages == ()


def _value(row: dict) -> str:
    value, comparator, unit = row.get("value") or "", row.get("comparator"), row.get("unit")
    if comparator and not value.startswith(comparator):
        value = comparator + value
    return _squash(value + (unit or ""))


def test_rows_read_exactly(name: str) -> None:
    doc = reading(name)
    taken: set[int] = set()
    checked = 0
    for sample in _rows_of(name):
        page = sample.get("first_page") or sample.get("page")
        project = next(
            p
            for p in doc.projects
            if _squash(p.name) == _squash(sample["project"])
            and p.location.page == page
            and id(p) not in taken
        )
        taken.add(id(project))
        got = _filled(project)
        assert len(got) == len(sample["rows"]), sample["project"]
        for ind, row in zip(got, sample["rows"], strict=True):
            checked += 1
            if row.get("level1") is not None:  # Chongqing prints no categories
                assert category(_squash(ind.level1)) == category(_squash(row["level1"]))
                assert category(_squash(ind.level2)) == category(_squash(row["level2"]))
            assert _squash(_NUMBERING.sub("", ind.name)) == _squash(
                _NUMBERING.sub("", row["name"])
            )
            got_value = {"comparator": ind.comparator, "unit": ind.unit, "value": ind.value_text}
            assert _value(got_value) == _value(row), (sample["project"], row["name"])
    assert checked >= 15


def test_categories_are_inferred_only_where_the_table_has_none(name: str) -> None:
    doc = reading(name)
    inferred = {i.category_inferred for p in doc.projects for i in p.indicators}
    assert inferred == ({True} if name.startswith("chongqing") else {False})


def test_no_target_page_is_dropped_without_a_finding(name: str) -> None:
    """Each page whose text looks like a target table gave rows, or is another kind of
    table on purpose, or is named by a diagnostic."""
    from kpilint.readers.page_classes import page_hint
    from kpilint.readers.pdf import page_texts

    doc = reading(name)
    coverage = doc.accounting()
    named = {d.location.page for d in doc.diagnostics}
    for number, text in enumerate(page_texts(str(Path(doc.path))), 1):
        if page_hint(text).target:
            kind = coverage.page_classes[number - 1]
            assert kind != "other" or number in named, f"page {number} looks like a table"


def test_department_tables_are_read_apart_from_the_projects(name: str) -> None:
    """部门整体 tables are the document's department tables, never rows of a project."""
    doc = reading(name)
    department_pages = set(doc.accounting().pages_of("department_table"))
    assert bool(doc.department_tables) == bool(department_pages)
    assert {t.location.page for t in doc.department_tables} <= department_pages
    rows_on = {i.location.page for p in doc.projects for i in p.indicators if i.location}
    assert not rows_on & department_pages
    assert all(t.indicators for t in doc.department_tables)
