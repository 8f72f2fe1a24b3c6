"""A template's words are data: templates.yaml holds them, and the readers' code holds none.

A new city's variant of a known table shape must be a change to templates.yaml alone; that
is only true while no reader matches a word of its own. The scan below reads every string
constant of the table readers' code and fails on one that holds Chinese, except messages
(the text kpilint writes for people: calls to Diagnostic/ReadError/unplaced, f-strings,
`*_MESSAGES` tables) and docstrings.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import yaml

from conftest import ROOT

READERS = ROOT / "src" / "kpilint" / "readers"
#: readers that read no template: files and bytes, and kpilint's own draft format (whose
#: keys are draft_format's)
NOT_TEMPLATE_READERS = {"__init__.py", "yaml_draft.py"}
#: Chinese constants that are not words a table is matched by, and why
NOT_VOCABULARY = {
    "标题": "the name kpilint gives the location of a Word table's unit line",
    "是": "how Excel shows a TRUE cell",
    "否": "how Excel shows a FALSE cell",
}
_CJK = re.compile(r"[\u3400-\u9fff]")
_MESSAGE_CALLS = {"Diagnostic", "ReadError", "unplaced"}


def _vocabulary_in(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            exempt.add(id(body[0].value))  # a docstring
        name = ""
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if name in _MESSAGE_CALLS or isinstance(node, ast.JoinedStr) or any(t.endswith("_MESSAGES") for t in targets):
            exempt.update(id(sub) for sub in ast.walk(node))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CJK.search(node.value)
        and id(node) not in exempt and node.value not in NOT_VOCABULARY
    ]  # fmt: skip


def test_no_template_word_is_written_in_the_readers_code() -> None:
    found = {
        str(path.relative_to(READERS)): words
        for path in sorted(READERS.rglob("*.py"))
        if path.name not in NOT_TEMPLATE_READERS and (words := _vocabulary_in(path))
    }
    assert found == {}


def test_the_scan_finds_a_word_written_in_code(tmp_path) -> None:
    source = tmp_path / "reader.py"
    source.write_text('"""文档。"""\nLABEL = "项目名称"\nMESSAGE = f"第 {1} 页"\n', "utf-8")
    assert _vocabulary_in(source) == [(2, "项目名称")]


# --- a new city's variant of a known shape, taught by data alone -------------------------------
def _variant_workbook(path: Path) -> Path:
    """A made-up city's table of the uncategorised shape with words kpilint does not know:
    `资金项目名称`, `安排资金`, and indicator columns `考核内容 | 方向 | 目标数值 | 单位名称`."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for row in (
        ["2026年市级专项资金绩效目标表"],
        ["资金项目名称", "城区道路养护", None, None],
        ["安排资金", "86.50", None, None],
        ["年度目标", "完成城区道路养护，群众满意", None, None],
        ["考核内容", "方向", "目标数值", "单位名称"],
        ["道路养护里程", "≥", "120", "公里"],
        ["养护工程验收合格率", "≥", "95", "%"],
        ["群众满意度", "≥", "90", "%"],
    ):
        ws.append(row)
    wb.save(path)
    return path


def _shown(path: Path, env: dict[str, str] | None = None) -> dict:
    out = kpilint_env("show", str(path), "--format", "json", env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["documents"][0]


def kpilint_env(*args: str, env: dict[str, str] | None = None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "kpilint", *args], capture_output=True, text=True,
                          encoding="utf-8", check=False, env={**os.environ, **(env or {})})  # fmt: skip


def test_a_new_citys_variant_of_a_known_shape_is_a_change_to_templates_yaml_alone(tmp_path) -> None:
    book = _variant_workbook(tmp_path / "variant.xlsx")
    before = _shown(book)  # its words are unknown: no row read, and every one named
    assert [p["indicators"] for p in before["projects"]] in ([], [[]])
    assert len([d for d in before["diagnostics"] if d["code"] == "unplaced-row"]) >= 3

    data = yaml.safe_load((ROOT / "src/kpilint/framework/templates.yaml").read_text("utf-8"))
    data["project_labels"]["name"].append("资金项目名称")
    data["project_labels"]["total"].append("安排资金")
    data["indicator_columns"]["name"].append("考核内容")
    data["indicator_columns"]["comparator"].append("方向")
    data["indicator_columns"]["value"].append("目标数值")
    data["indicator_columns"]["unit"].append("单位名称")
    taught = tmp_path / "templates.yaml"
    taught.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    after = _shown(book, {"KPILINT_TEMPLATES": str(taught)})
    (project,) = after["projects"]
    assert project["name"] == "城区道路养护" and project["budget"]["total"] == 86.5
    rows = [(i["name"], i["level2"], i["value"], i.get("unit"), i.get("comparator")) for i in project["indicators"]]
    assert after["diagnostics"] == [] and rows == [
        ("道路养护里程", "数量指标", "120", "公里", "≥"),
        ("养护工程验收合格率", "质量指标", "95", "%", "≥"),
        ("群众满意度", "服务对象满意度指标", "90", "%", "≥"),
    ]
