"""Issue 17: each file's work runs where its limits hold for C code too.

A worker process per file (reused from file to file) with a deadline kept by the parent and
an address-space limit: a file that overruns either, or crashes the worker, is reported as
KPI999 naming the file and the limit, the other files are still checked, and every report
is complete. The same for `--fix` and `--annotate`. The hostile files are generated here.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import EXAMPLES, kpilint
from kpilint.core import isolation
from kpilint.core.isolation import Stopped, run_each
from pdf_builder import pdf_file
from table_builders import docx_tables

pytestmark = pytest.mark.skipif(not isolation.available(), reason="workers need fork and resource limits")

HANG = 120


# --- generators --------------------------------------------------------------------------------
def big_docx(path: Path, cells: int) -> Path:
    """A Word document whose one table has `cells` cells: a few hundred kB that python-docx
    and lxml turn into hundreds of MB."""
    from kpilint import load

    seed = path.with_name("seed.docx")
    docx_tables(load(EXAMPLES / "clean.yaml"), seed)
    row = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>" * 10 + b"</w:tr>"
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item))
                continue
            with out.open("word/document.xml", "w") as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                           b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>')  # fmt: skip
                for _ in range(cells // 10):
                    part.write(row)
                part.write(b"</w:tbl></w:body></w:document>")
    return path


def pdf_bomb(path: Path, inflated: int) -> Path:
    """A one-page PDF whose content stream, a few hundred kB, inflates to `inflated` bytes of
    text operators: pdfium parses them into objects until its allocations fail."""
    squeeze = zlib.compressobj(9)
    chunk = b"BT /F1 1 Tf 1 1 Td (x) Tj ET\n" * (1 << 14)
    stream = b"".join(squeeze.compress(chunk) for _ in range(inflated // len(chunk))) + squeeze.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
               b" /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # fmt: skip
    path.write_bytes(pdf_file(objects))
    return path


def _config(folder: Path, limits: str) -> Path:
    config = folder / "limits.yaml"
    config.write_text(f"limits: {{{limits}}}\n", "utf-8")
    return config


def _report(out) -> dict:
    assert "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout)  # the report is complete whatever a worker did


def _stopped(report: dict, name: str) -> dict:
    (finding,) = [f for f in report["findings"] if f["rule"] == "KPI999" and Path(f["path"]).name == name]
    return finding


# --- the worker pool itself --------------------------------------------------------------------
def _deaf_sleep(seconds: float) -> str:
    """Sleep where no signal reaches: the worker's own time budget cannot stop it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(seconds)
    return "woke"


def _echo(value: object) -> object:
    return value


def _abort() -> None:
    import os

    os.abort()


def test_a_worker_no_signal_reaches_is_killed_at_its_deadline_and_replaced() -> None:
    """The first task would sleep 30 s through any signal: Stopped("time") is its kill."""
    tasks = [(_deaf_sleep, (30,)), (_echo, ("next",)), (_abort, ()), (_echo, ("after",))]
    outcomes = list(run_each(lambda fn, args: fn(*args), tasks, seconds=0.5, memory=0, jobs=1))
    assert outcomes[0] == Stopped("time")
    assert outcomes[1] == "next" and outcomes[3] == "after"
    assert outcomes[2] == Stopped("crash", "SIGABRT")


def test_results_come_back_in_input_order_from_several_workers() -> None:
    tasks = [(_deaf_sleep, (0.3 if n % 3 == 0 else 0,)) for n in range(9)]
    assert list(run_each(lambda fn, args: fn(*args), tasks, seconds=20, memory=0, jobs=3)) == ["woke"] * 9


# --- check --------------------------------------------------------------------------------------
def test_a_file_over_its_memory_limit_is_stopped_and_the_others_are_checked(tmp_path) -> None:
    big_docx(tmp_path / "big.docx", 1_000_000)
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "defects.yaml")
    config = _config(tmp_path, "max_zip_ratio: 100000, max_memory_bytes: 400000000")
    for jobs in ("1", "2"):
        out = kpilint("check", str(tmp_path / "big.docx"), str(tmp_path / "defects.yaml"), "--config", str(config),
                      "--format", "json", "--jobs", jobs, timeout=HANG)  # fmt: skip
        report = _report(out)
        assert out.returncode == 2
        stopped = _stopped(report, "big.docx")
        assert stopped["name"] == "limit-exceeded" and "超过内存上限 400 MB" in stopped["message"]
        assert "big.docx" in out.stderr and "max_memory_bytes" in out.stderr
        assert any(f["path"].endswith("defects.yaml") and f["rule"] == "KPI301" for f in report["findings"])
        assert [Path(f["path"]).name for f in report["files"]] == ["big.docx", "defects.yaml"]


def test_a_pdf_that_crashes_its_reader_is_reported_and_the_run_goes_on(tmp_path) -> None:
    pdf_bomb(tmp_path / "bomb.pdf", 150_000_000)
    assert (tmp_path / "bomb.pdf").stat().st_size < 1_000_000
    for n in range(2):
        shutil.copy(EXAMPLES / "defects.yaml", tmp_path / f"d{n}.yaml")
    config = _config(tmp_path, "max_memory_bytes: 600000000")
    out = kpilint("check", str(tmp_path), "--config", str(config), "--format", "json", "--jobs", "2", timeout=HANG)
    report = _report(out)
    assert out.returncode == 2
    stopped = _stopped(report, "bomb.pdf")
    assert "异常终止" in stopped["message"] or "超过内存上限" in stopped["message"]
    assert len(report["files"]) == 3 and report["summary"]["files"] == 3
    assert {Path(f["path"]).name for f in report["findings"] if f["rule"] == "KPI301"} == {"d0.yaml", "d1.yaml"}


@pytest.mark.parametrize("fmt", ["text", *(pytest.param(f, marks=pytest.mark.slow)
                                           for f in ("sarif", "junit", "github", "gitlab", "html"))])
def test_every_report_format_is_complete_when_a_file_is_stopped(tmp_path, fmt) -> None:
    pdf_bomb(tmp_path / "bomb.pdf", 150_000_000)
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    config = _config(tmp_path, "max_memory_bytes: 600000000")
    out = kpilint("check", str(tmp_path), "--config", str(config), "--format", fmt, timeout=HANG)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "bomb.pdf" in out.stdout and "KPI999" in out.stdout and "KPI301" in out.stdout


def test_a_file_over_its_time_budget_is_stopped_and_the_next_is_checked(tmp_path) -> None:
    """The docx takes minutes to read: its stop at the budget (how long a run takes is
    bench/'s business, not a test's) is what lets the run finish within the hang guard."""
    big_docx(tmp_path / "slow.docx", 1_000_000)
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "clean.yaml")
    config = _config(tmp_path, "max_zip_ratio: 100000, max_memory_bytes: 0")
    out = kpilint("check", str(tmp_path / "slow.docx"), str(tmp_path / "clean.yaml"), "--config", str(config),
                  "--timeout-per-file", "1", "--format", "json", timeout=HANG)  # fmt: skip
    report = _report(out)
    assert out.returncode == 2 and "1 秒的时间限制" in _stopped(report, "slow.docx")["message"]
    assert report["summary"]["files"] == 2


# --- fix and annotate ---------------------------------------------------------------------------
def _large_draft(projects: int) -> str:
    one = (EXAMPLES / "defects.yaml").read_text("utf-8")
    body = one.split("projects:\n", 1)[1]
    return one + "".join(body.replace("13082626P0020", f"13082626P{n:04d}") for n in range(projects))


def test_fix_over_its_time_budget_leaves_the_draft_and_no_temporary_file_and_fixes_the_next(tmp_path) -> None:
    slow = tmp_path / "a.yaml"
    slow.write_text(_large_draft(600), "utf-8")
    before = slow.read_bytes()
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "b.yaml")
    out = kpilint("check", str(slow), str(tmp_path / "b.yaml"), "--fix", "--timeout-per-file", "0.5", timeout=HANG)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "a.yaml: 错误: 超过每个文件 0.5 秒的时间限制，修复已停止，文件未改动" in out.stderr
    assert slow.read_bytes() == before
    assert "value: ≥90%" in (tmp_path / "b.yaml").read_text("utf-8")  # the next draft was fixed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_annotate_keeps_to_the_limits_check_keeps_to(tmp_path) -> None:
    from kpilint import load
    from kpilint.writers.xlsx import write_xlsx

    book, bomb = tmp_path / "book.xlsx", tmp_path / "bomb.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    shutil.copy(book, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:  # a part that inflates 800 : 1
        z.writestr("xl/media/padding.bin", b"\0" * 40_000_000)
    out = kpilint("check", str(bomb), "--annotate", str(tmp_path / "out.xlsx"), timeout=HANG)
    assert out.returncode == 2 and "解压后过大" in out.stderr + out.stdout and "Traceback" not in out.stderr
    assert not (tmp_path / "out.xlsx").exists()
    cells = _config(tmp_path, "max_cells: 100")
    out = kpilint("check", str(book), "--annotate", str(tmp_path / "out.xlsx"), "--config", str(cells),
                  "--timeout-per-file", "30", timeout=HANG)  # fmt: skip
    assert out.returncode == 2 and "单元格过多" in out.stderr + out.stdout and not (tmp_path / "out.xlsx").exists()
