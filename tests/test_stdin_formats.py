"""`--stdin-filename NAME` reads standard input as the format NAME's suffix says: a workbook
piped from another tool is checked as the workbook it is, with the same findings as the
file, named NAME everywhere (never a temporary file's name); only when the suffix names no
format does kpilint tell the format from the content."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLES, kpilint


def _piped(data: bytes, *args: str, cwd) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kpilint", "check", "-", *args], input=data,
                          capture_output=True, cwd=cwd, check=False, timeout=300)  # fmt: skip


def test_a_workbook_on_standard_input_is_checked_as_the_file(tmp_path) -> None:
    assert kpilint("convert", str(EXAMPLES / "defects.yaml"), "-o", "申报表.xlsx", cwd=tmp_path).returncode == 0
    workbook = (tmp_path / "申报表.xlsx").read_bytes()
    as_file = json.loads(kpilint("check", "申报表.xlsx", "--format", "json", cwd=tmp_path).stdout)
    piped = _piped(workbook, "--stdin-filename", "申报表.xlsx", "--format", "json", cwd=tmp_path)
    assert piped.returncode == 1, piped.stderr.decode()
    assert json.loads(piped.stdout)["findings"] == as_file["findings"] and as_file["findings"]
    html = _piped(workbook, "--stdin-filename", "申报表.xlsx", "--format", "html", cwd=tmp_path).stdout.decode()
    assert "申报表.xlsx:老科协活动经费!B5" in html and "kpilint-stdin" not in html and "stdin.xlsx" not in html
    sarif = json.loads(_piped(workbook, "--stdin-filename", "申报表.xlsx", "--format", "sarif", cwd=tmp_path).stdout)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"] for loc in r["locations"]}
    assert uris == {"%E7%94%B3%E6%8A%A5%E8%A1%A8.xlsx"} or uris == {"申报表.xlsx"}, uris


def test_what_cannot_be_read_is_said_of_the_name_given(tmp_path) -> None:
    out = _piped(b"not a workbook at all", "--stdin-filename", "x.xlsx", cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 2 and err.startswith("x.xlsx: 错误: ") and "kpilint-stdin" not in err and "Traceback" not in err


def test_the_suffix_decides_a_text_format_and_the_content_only_when_it_names_none(tmp_path) -> None:
    draft = (EXAMPLES / "defects.yaml").read_bytes()
    as_draft = _piped(draft, "--stdin-filename", "草稿.md", "--format", "json", cwd=tmp_path)  # no format: sniffed
    assert as_draft.returncode == 1 and json.loads(as_draft.stdout)["findings"]
    as_text = _piped(draft, "--stdin-filename", "公开.txt", "--format", "json", cwd=tmp_path)  # a draft is no published text
    assert json.loads(as_text.stdout)["findings"] != json.loads(as_draft.stdout)["findings"]
