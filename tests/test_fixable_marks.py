"""`[*]` on the lines --fix can repair (issue 24), as ruff marks them: drafts and workbooks,
which --fix writes back; never on published text, Word or PDF, which it does not rewrite —
and no "N 个可用 --fix" for those either. Read errors on standard error, in every format."""

from __future__ import annotations

from conftest import EXAMPLES, kpilint
from kpilint import load
from kpilint.writers.xlsx import write_xlsx
from table_builders import docx_tables


def _lines(out) -> dict[str, str]:
    return {line.split(": ", 2)[1].split()[0]: line for line in out.stdout.splitlines() if ": KPI" in line}


def test_fixable_findings_of_drafts_and_workbooks_are_marked(tmp_path) -> None:
    write_xlsx(load(EXAMPLES / "defects.yaml"), tmp_path / "d.xlsx")
    for path in (str(EXAMPLES / "defects.yaml"), str(tmp_path / "d.xlsx")):
        out = kpilint("check", path)
        lines = _lines(out)
        assert " KPI301 [*] [error] " in lines["KPI301"], lines["KPI301"]  # safe: ≥90 → ≥90%
        assert " KPI102 [*?] [error] " in lines["KPI102"]  # a judgement: --unsafe-fixes
        assert "[*]" not in lines["KPI107"]  # no fix for this one
        assert "个可用 --fix" in out.stdout


def test_inputs_fix_does_not_rewrite_get_no_mark_and_no_count(tmp_path) -> None:
    docx_tables(load(EXAMPLES / "defects.yaml"), tmp_path / "d.docx")
    out = kpilint("check", str(tmp_path / "d.docx"))
    assert "KPI301" in out.stdout and "[*" not in out.stdout and "--fix" not in out.stdout, out.stdout


def test_a_file_that_cannot_be_read_is_said_on_standard_error(tmp_path) -> None:
    (tmp_path / "bad.yaml").write_text("projects: [\n", "utf-8")
    out = kpilint("check", str(tmp_path / "bad.yaml"), str(EXAMPLES / "clean.yaml"))
    assert out.returncode == 2 and "bad.yaml" in out.stderr and "错误" in out.stderr
    assert "bad.yaml" not in out.stdout and "1 个文件无法读取" in out.stdout
