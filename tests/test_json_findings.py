"""A finding's JSON written piece by piece (`json_report._finding_json`, issue 18) is what
the JSON encoder writes for its dictionary, whatever its fields hold — and a file's
findings escaped once are the findings escaped one by one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kpilint.findings import Edit, Finding
from kpilint.model import Location
from kpilint.reporters.json_report import JsonWriter, _fix
from kpilint.reporters.terminal import json_text

PLAIN = Finding(rule="KPI001", name="value-unreadable", severity="warning", message="指标值“约 5”无法读取",
                path="a/b.yaml", line=3, column=7, project_code="P1", project_name="项目",
                indicator="次数", level1="产出指标", level2="数量指标", value="约 5")  # fmt: skip

ODD = [
    PLAIN,
    replace(PLAIN, line=None, column=None, project_code=None, value=None, cell="Sheet1!B3", page=4),
    replace(
        PLAIN, message='引号 " 反斜杠 \\ 换行\n制表\t控制\x1b[2K 方向\u202e 行分隔\u2028 删除\x7f'
    ),
    replace(PLAIN, indicator="\x9b\u2066名称\u2069", path="目录/文件 名.yaml"),
    replace(
        PLAIN,
        fixable=True,
        fix_safe=False,
        edits=(Edit(Location("a/b.yaml", 3, 7, offset=1, end=2), "约 5", "5"),),
    ),
    replace(PLAIN, fixable=True),
    replace(PLAIN, line=True, column=2.0),  # not what the engine makes: the encoder writes them
    replace(PLAIN, page=10**30, fixable=1),  # type: ignore[arg-type]
    replace(PLAIN, value=type("Text", (str,), {})("子类")),
    replace(PLAIN, details=("第3页：此行无法归入指标表：甲 | 乙", "引号 \" 换行\n")),
]


def _encoded(f: Finding) -> str:
    return json_text(f.to_json() | {"fixable": f.fixable, "fix": _fix(f)})


@pytest.mark.parametrize("finding", ODD, ids=range(len(ODD)))
def test_a_finding_is_written_as_the_encoder_writes_it(finding: Finding) -> None:
    assert JsonWriter.findings_text(None, [finding]) == _encoded(finding)  # type: ignore[arg-type]


def test_a_file_of_findings_is_escaped_as_each_finding_is() -> None:
    assert JsonWriter.findings_text(None, ODD) == ",\n ".join(_encoded(f) for f in ODD)  # type: ignore[arg-type]
