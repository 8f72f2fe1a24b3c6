"""SARIF `fixes` (issue 24): each safe fix of a draft as the replacement `--fix` writes, valid
against the official SARIF 2.1.0 schema in ../shared/schemas; inputs SARIF cannot describe a
change to (workbooks, PDFs) carry no `fixes`, only the command that fixes them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, SHARED, kpilint
from kpilint import load
from kpilint.writers.xlsx import write_xlsx

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def _sarif(*paths: str, cwd: Path | None = None) -> dict:
    out = kpilint("check", *paths, "--format", "sarif", cwd=cwd)
    assert out.returncode in (0, 1), out.stderr
    sarif = json.loads(out.stdout)
    if SCHEMA.is_file():
        import jsonschema

        jsonschema.validate(sarif, json.loads(SCHEMA.read_text("utf-8")))
    return sarif


def _apply(text: str, replacements: list[dict]) -> str:
    """The text with SARIF replacements made (lines and code-point columns, 1-based)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for r in sorted(replacements, key=lambda r: (r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
                    reverse=True):  # fmt: skip
        region = r["deletedRegion"]
        start = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        text = text[:start] + r["insertedContent"]["text"] + text[end:]
    return text


@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/schemas/ is absent (it sits beside the project in CI)")
def test_the_safe_fixes_of_a_draft_are_the_replacements_fix_writes(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    text = (EXAMPLES / "defects.yaml").read_text("utf-8").replace("value: ≥95%,", "value: '＞＝９５％',", 1)
    draft.write_text(text, "utf-8")
    run = _sarif("d.yaml", cwd=tmp_path)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    with_fixes = [r for r in results if "fixes" in r]
    assert "value: '＞＝９５％'," in text and {r["ruleId"] for r in with_fixes} >= {"KPI301", "KPI103", "KPI012"}
    for r in with_fixes:
        assert r["properties"]["fix"] == "kpilint check --fix"
        (change,) = r["fixes"][0]["artifactChanges"]
        assert change["artifactLocation"]["uri"] == r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    unsafe = [r for r in results if r["properties"].get("fix") == "kpilint check --fix --unsafe-fixes"]
    assert unsafe and not [r for r in unsafe if "fixes" in r]  # a judgement is not offered as a replacement
    replaced = _apply(text, [rep for r in with_fixes for c in r["fixes"][0]["artifactChanges"] for rep in c["replacements"]])
    assert kpilint("check", "d.yaml", "--fix", cwd=tmp_path).returncode in (0, 1)
    assert replaced == draft.read_text("utf-8")  # what --fix wrote, to the byte


def test_a_workbook_s_fixable_findings_carry_the_command_but_no_text_replacement(tmp_path) -> None:
    book = tmp_path / "d.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "clean.yaml")
    results = _sarif(str(book))["runs"][0]["results"]
    fixable = [r for r in results if "fix" in r["properties"]]
    assert fixable and not [r for r in results if "fixes" in r]
