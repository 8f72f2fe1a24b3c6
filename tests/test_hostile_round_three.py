"""Issue 25, the third hostile campaign: one test per failure class, named after it.

Text is safe everywhere (text_safe_*), writes respect the file system (writes_*), a config
is trusted only where only its owner could have put it (config_trust_*), every user mistake
is a user error (user_error_*), a broken pipe keeps the lint's status, and the bounds hold
(bounds_*). The hostile inputs are generated here.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, example_findings, kpilint
from pdf_builder import FONT, Cell, Page, pdf_file

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "html")
ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (chown, other users)")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command line with its output as bytes: the test decodes it strictly itself."""
    return subprocess.run([sys.executable, "-m", "kpilint", *args], capture_output=True, cwd=cwd, check=False, timeout=300)


def _no_internal_error(out: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    """stdout and stderr, which must be valid UTF-8 and blame nothing on kpilint."""
    stdout, stderr = out.stdout.decode("utf-8"), out.stderr.decode("utf-8")  # strict: raises on bad bytes
    assert "Traceback" not in stderr and "内部错误" not in stdout + stderr, stderr
    return stdout, stderr


def _valid_report(fmt: str, text: str) -> None:
    """The report parses as its format says (strict JSON: no NaN, no Infinity)."""
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    elif fmt == "junit":
        ET.fromstring(text.encode("utf-8"))  # expat: XML 1.0 characters only


def _surrogate_pdf(path: Path) -> Path:
    """A target table whose 三级指标 cell holds a glyph that a font's ToUnicode map sends to
    the lone surrogate U+D800 (what pdfium hands back for it)."""
    page = Page()
    page.text(150, 30, "档案整理项目绩效目标表", 14)
    page.table(40, 60, [90, 90, 130, 80, 70], [
        [Cell("项目名称"), Cell("档案整理", cols=4), None, None, None],
        [Cell("预算数"), Cell("10.00", cols=4), None, None, None],
        [Cell("绩效目标"), Cell("按计划完成全年工作任务", cols=4), None, None, None],
        [Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值"), Cell("分值")],
        [Cell("满意度指标"), Cell("服务对象满意度指标"), Cell("群众满意度"), Cell("≥90"), Cell("20")],
    ])  # fmt: skip
    page.ops.append(f"BT /F2 9 Tf 222 {842 - 60 - 4 * 20 - 15} Td (A) Tj ET")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <41> <D800> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")  # fmt: skip
    stream = "\n".join(page.ops).encode()
    objects = [FONT, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 3 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Page /Parent 6 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
               b" /Resources << /Font << /F1 1 0 R /F2 2 0 R >> >> >>",
               b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", b"<< /Type /Catalog /Pages 6 0 R >>"]  # fmt: skip
    path.write_bytes(pdf_file(objects, root=7))
    return path


# --- text is safe everywhere ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_text_safe_lone_surrogate_from_a_pdf_font_every_format_is_written(tmp_path, fmt) -> None:
    _surrogate_pdf(tmp_path / "t.pdf")
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    out = _run("check", "t.pdf", "d.yaml", "--format", fmt, cwd=tmp_path)
    stdout, _ = _no_internal_error(out)
    assert out.returncode == 1
    _valid_report(fmt, stdout)
    assert "t.pdf" in stdout and "d.yaml" in stdout  # neither file's report was lost
    if fmt == "json":
        notes = [f["message"] for f in json.loads(stdout)["findings"] if f["path"] == "t.pdf" and "代理" in f["message"]]
        assert len(notes) == 1  # the replacement is noted, not silent


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_safe_gbk_file_name_bytes_every_format_is_written(tmp_path, fmt) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    name = os.fsencode(folder) + b"/\xb9\xfa\xbc\xd2.yaml"  # 国家.yaml in GBK, as an unzipped Windows zip gives it
    Path(os.fsdecode(name)).write_bytes((EXAMPLES / "defects.yaml").read_bytes())
    out = _run("check", "drafts", "--format", fmt, cwd=tmp_path)
    stdout, _ = _no_internal_error(out)
    assert out.returncode == 1
    _valid_report(fmt, stdout)
    if fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(stdout)["runs"][0]["results"]}
        assert uris == {"drafts/%B9%FA%BC%D2.yaml"}
    elif fmt == "json":  # the bytes shown, escaped (the path is a name for people here)
        assert {f["path"] for f in json.loads(stdout)["findings"]} == {"drafts/\\xb9\\xfa\\xbc\\xd2.yaml"}
    elif fmt == "gitlab":
        assert {i["location"]["path"] for i in json.loads(stdout)} == {"drafts/\\xb9\\xfa\\xbc\\xd2.yaml"}
    elif fmt != "html":
        assert "drafts/\\xb9\\xfa\\xbc\\xd2.yaml" in stdout


def test_text_safe_gbk_file_name_round_trips_through_a_baseline(tmp_path) -> None:
    Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xb9\xfa.yaml")).write_bytes((EXAMPLES / "defects.yaml").read_bytes())
    wrote = _run("check", ".", "--write-baseline", "b.json", cwd=tmp_path)
    _no_internal_error(wrote)
    json.loads((tmp_path / "b.json").read_text("utf-8"))
    again = _run("check", ".", "--baseline", "b.json", cwd=tmp_path)
    stdout, _ = _no_internal_error(again)
    assert again.returncode == 0 and "共 0 个问题" in stdout


def test_text_safe_format_characters_are_stripped_from_values_and_escaped_in_output(tmp_path) -> None:
    values = ["≥9\u200b0%", "≥90\u00ad%", "≥\u200e90%", "\ufeff≥90%", "≥9\u20600%"]
    out = kpilint("value", *values, "--format", "json")
    parsed = json.loads(out.stdout)
    assert [(v["kind"], v["magnitude"], v["unit"]) for v in parsed] == [("quantity", 90.0, "%")] * len(values)
    draft = (EXAMPLES / "defects.yaml").read_text("utf-8").replace("name: 群众满意度", "name: 群众\u200d满意度")
    (tmp_path / "d.yaml").write_text(draft, "utf-8")
    text = kpilint("check", "d.yaml", cwd=tmp_path).stdout
    assert "群众\\u200d满意度" in text and "\u200d" not in text


def test_text_safe_every_invisible_format_character_is_known() -> None:
    """The list of format characters kept in kpilint.escapes is Unicode's (category Cf), less
    the ones that are drawn; a newer Unicode cannot add one silently."""
    import re
    import unicodedata

    from kpilint.escapes import FORMAT

    drawn = {0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD,
             0x13430, 0x13431, 0x13432, 0x13433, 0x13434, 0x13435, 0x13436, 0x13437, 0x13438, 0x13439,
             0x1343A, 0x1343B, 0x1343C, 0x1343D, 0x1343E, 0x1343F}  # fmt: skip
    listed = re.compile(f"[{FORMAT}]")
    missing = [hex(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf" and c not in drawn
               and not listed.match(chr(c))]  # fmt: skip
    assert missing == []


def test_text_safe_junit_is_xml_1_0_when_a_name_holds_a_non_character(tmp_path) -> None:
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "a\ufffeb.yaml")
    out = _run("check", ".", "--format", "junit", cwd=tmp_path)
    stdout, _ = _no_internal_error(out)
    suites = ET.fromstring(out.stdout)
    assert suites.find("testsuite").get("name") == "a\\ufffeb.yaml"
    findings = json.loads(_run("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert stdout.count("<failure") == len(findings["findings"])


def test_text_safe_no_raw_newline_workflow_command_injection(tmp_path) -> None:
    injected = "x\n::error file=pwned.yaml::injected\n.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / injected)
    (tmp_path / ("broken" + injected)).write_text("projects: [\n", "utf-8")
    rule = tmp_path / "r\n::warning::rule.yaml"
    rule.write_text("rules:\n  - {id: \"USR\\n::error::id\", name: x, severity: warning}\n", "utf-8")
    for fmt in FORMATS:
        out = _run("check", ".", "--format", fmt, cwd=tmp_path)
        for line in (out.stdout + out.stderr).decode("utf-8").splitlines():
            assert not line.lstrip().startswith("::error file=pwned"), (fmt, line)
        assert out.returncode == 2  # the broken draft
    out = _run("check", ".", "--rules", rule.name, cwd=tmp_path)
    assert out.returncode == 2
    assert not any(line.lstrip().startswith("::") for line in out.stderr.decode("utf-8").splitlines())


def test_text_safe_sarif_uris_are_percent_encoded(tmp_path) -> None:
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "a b#1%.yaml")
    report = json.loads(kpilint("check", ".", "--format", "sarif", cwd=tmp_path).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in report["runs"][0]["results"]}
    assert uris == {"a%20b%231%25.yaml"}


def test_text_safe_strict_json_without_nan_or_infinity(tmp_path) -> None:
    huge = "≥" + "9" * 400 + "%"
    out = kpilint("value", huge, "--format", "json")
    (value,) = json.loads(out.stdout, parse_constant=lambda name: pytest.fail(name))
    assert value["magnitude"] is None
    (tmp_path / "d.yaml").write_text("projects:\n  - {name: 甲, budget: " + "9" * 400 + ".0}\n", "utf-8")
    shown = kpilint("show", "d.yaml", "--format", "json", cwd=tmp_path)
    (doc,) = json.loads(shown.stdout, parse_constant=lambda name: pytest.fail(name))["documents"]
    assert doc["projects"][0]["budget"]["total"] is None


# --- writes that respect the file system ----------------------------------------------------------
def test_writes_output_onto_a_fifo_writes_through_and_keeps_it_a_fifo(tmp_path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    out = kpilint("check", str(EXAMPLES / "defects.yaml"), "-o", str(fifo), "--format", "json", timeout=120)
    reader.join(30)
    assert out.returncode == 1 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(json.loads(got[0])["findings"]) == example_findings()


def test_writes_output_onto_a_directory_is_a_user_error(tmp_path) -> None:
    for option in ("-o", "--write-baseline"):
        out = kpilint("check", str(EXAMPLES / "defects.yaml"), option, str(tmp_path), timeout=120)
        assert out.returncode == 2 and "内部错误" not in out.stderr and str(tmp_path) in out.stderr
        assert tmp_path.is_dir()


def test_writes_output_onto_a_full_device_is_a_user_error() -> None:
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "kpilint", "check", str(EXAMPLES / "defects.yaml")],
                             stdout=full, stderr=subprocess.PIPE, text=True, check=False, timeout=120)  # fmt: skip
    assert out.returncode == 2 and "内部错误" not in out.stderr and "Exception ignored" not in out.stderr
    assert "无法写出" in out.stderr


def test_writes_output_onto_any_file_the_run_reads_is_refused(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    (tmp_path / "r.yaml").write_text("rules: []\n", "utf-8")
    (tmp_path / ".kpilint.yaml").write_text("rules: [r.yaml]\n", "utf-8")
    (tmp_path / "b.json").write_text('{"findings": []}\n', "utf-8")
    for target, what in (("d.yaml", "输入文件"), ("r.yaml", "规则文件"), (".kpilint.yaml", "配置文件"), ("b.json", "基线文件")):
        before = (tmp_path / target).read_bytes()
        for option in ("-o", "--write-baseline"):
            out = kpilint("check", str(draft), "--baseline", "b.json", option, target, cwd=tmp_path)
            assert out.returncode == 2 and "拒绝覆盖" in out.stderr and what in out.stderr, out.stderr
            assert (tmp_path / target).read_bytes() == before


def test_writes_fix_rechecks_the_file_before_the_rename(tmp_path) -> None:
    from kpilint.core.atomic import ChangedMeanwhile, write_atomic

    draft = tmp_path / "d.yaml"
    draft.write_text("old\n", "utf-8")
    original = draft.read_bytes()
    draft.write_text("saved by the user while the fix ran\n", "utf-8")
    with pytest.raises(ChangedMeanwhile):
        write_atomic(draft, b"fixed\n", unchanged=original)
    assert draft.read_text("utf-8") == "saved by the user while the fix ran\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]
    write_atomic(draft, b"fixed\n", unchanged=draft.read_bytes())
    assert draft.read_bytes() == b"fixed\n"


@ROOT_ONLY
def test_writes_fix_keeps_owner_group_and_mode(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    os.chown(draft, 1234, 5678)
    os.chmod(draft, 0o640)
    out = kpilint("check", str(draft), "--fix")
    info = os.stat(draft)
    assert "已修复 5 处" in out.stderr
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)


@ROOT_ONLY
def test_writes_fix_does_not_replace_a_file_the_user_cannot_write(tmp_path) -> None:
    """Another user fixes root's 0644 draft in a folder anyone may write: the rename would
    succeed and hand them the file; the fix is refused and the draft stays root's."""
    import tempfile

    from kpilint.config import Config
    from kpilint.core.runner import fix_one

    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # pytest's own folders are root's alone
    folder.chmod(0o777)
    request_cleanup = shutil.rmtree
    warm = Path(shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "warm.yaml"))
    assert not fix_one(str(warm), Config()).refused  # every module a fix needs, imported here
    draft = Path(shutil.copy(EXAMPLES / "defects.yaml", folder / "d.yaml"))
    before = draft.read_bytes()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other user: no exec, so no need to reach this checkout's Python
        try:
            os.setgid(65534)
            os.setuid(65534)
            outcome = fix_one(str(draft), Config())
            os.write(write, (outcome.refused or "written").encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        said = answer.read().decode("utf-8")
    os.waitpid(pid, 0)
    assert "没有写该文件的权限" in said, said
    try:
        assert draft.read_bytes() == before and draft.stat().st_uid == 0
        assert sorted(p.name for p in folder.iterdir()) == ["d.yaml"]
    finally:
        request_cleanup(folder)


def test_writes_fix_keeps_hard_links(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    os.link(draft, tmp_path / "link.yaml")
    out = kpilint("check", str(draft), "--fix")
    assert "已修复 5 处" in out.stderr
    assert os.stat(draft).st_ino == os.stat(tmp_path / "link.yaml").st_ino
    assert "value: ≥90%" in (tmp_path / "link.yaml").read_text("utf-8")


@pytest.mark.parametrize("bom, codec", [(b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")])
def test_writes_fix_keeps_the_utf16_byte_order(tmp_path, bom, codec) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_bytes(bom + (EXAMPLES / "defects.yaml").read_text("utf-8").encode(codec))
    out = kpilint("check", str(draft), "--fix")
    assert "已修复 5 处" in out.stderr
    data = draft.read_bytes()
    assert data.startswith(bom) and "value: ≥90%" in data[2:].decode(codec)


# --- config trust ---------------------------------------------------------------------------------
def test_config_trust_a_config_in_a_world_writable_folder_is_ignored_and_named(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    shutil.copy(EXAMPLES / "defects.yaml", shared / "d.yaml")
    (shared / ".kpilint.yaml").write_text("select: [KPI999]\n", "utf-8")  # would silence every rule
    out = kpilint("check", "d.yaml", cwd=shared)
    assert out.returncode == 1 and f"共 {example_findings()} 个问题" in out.stdout
    assert f"{shared / '.kpilint.yaml'}: 警告: 未使用此配置文件" in out.stderr and "1777" in out.stderr


def test_config_trust_the_config_in_use_is_named_in_verbose_output(tmp_path) -> None:
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    (tmp_path / ".kpilint.yaml").write_text("select: [KPI301]\n", "utf-8")
    out = kpilint("check", "d.yaml", "-v", cwd=tmp_path)
    assert f"使用配置文件 {tmp_path / '.kpilint.yaml'}" in out.stderr and "共 1 个问题" in out.stdout


# --- every user mistake is a user error -----------------------------------------------------------
def test_user_error_a_directory_where_a_file_is_expected(tmp_path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    draft = str(EXAMPLES / "defects.yaml")
    for args in (["check", draft, "--rules", "folder"], ["check", draft, "--config", "folder"],
                 ["check", draft, "--baseline", "folder"], ["convert", "folder"]):  # fmt: skip
        out = kpilint(*args, cwd=tmp_path)
        assert out.returncode == 2 and "内部错误" not in out.stderr and "folder: 错误:" in out.stderr, (args, out.stderr)
    from kpilint import lint
    from kpilint.errors import ReadError

    with pytest.raises(ReadError, match="目录"):
        lint(folder)


@pytest.mark.parametrize("rule, words", [
    ("docs: 7", ["docs 应为"]),
    ("examples: [1]", ["examples 应为"]),
    ("params: {n: .nan}\n    assert: value.number >= params.n", ["参数“n”"]),
    ("params: {n: 1.0e+400}\n    assert: value.number >= params.n", ["参数“n”"]),
])  # fmt: skip
def test_user_error_wrong_types_and_numbers_in_rule_fields(tmp_path, rule, words) -> None:
    body = rule if "assert" in rule else rule + "\n    assert: name != level2"
    (tmp_path / "r.yaml").write_text("rules:\n  - id: USR001\n    name: user-rule\n    severity: warning\n"
                                     f"    scope: indicator\n    message: {{zh: x, en: x}}\n    {body}\n", "utf-8")  # fmt: skip
    out = kpilint("check", str(EXAMPLES / "defects.yaml"), "--rules", "r.yaml", cwd=tmp_path)
    assert out.returncode == 2 and "内部错误" not in out.stderr and "r.yaml:" in out.stderr, out.stderr
    assert all(word in out.stderr for word in words), out.stderr


@pytest.mark.parametrize("text, words", [
    ("select: [KPI1]\nselect: [KPI999]\n", [".kpilint.yaml:2:", "select", "两次"]),
    ("params: {KPI311: {floor: .nan}}\n", [".kpilint.yaml", "KPI311", "有限"]),
    ("limits: {timeout_per_file: 1.0e+12}\n", [".kpilint.yaml:1:", "timeout_per_file", "过大"]),
])  # fmt: skip
def test_user_error_duplicate_keys_and_numbers_out_of_range_in_config(tmp_path, text, words) -> None:
    (tmp_path / ".kpilint.yaml").write_text(text, "utf-8")
    out = kpilint("check", str(EXAMPLES / "defects.yaml"), cwd=tmp_path)
    assert out.returncode == 2 and "内部错误" not in out.stderr
    assert all(word in out.stderr for word in words), out.stderr


@pytest.mark.parametrize("args", [["--jobs", "-1"], ["--jobs", "x"], ["--timeout-per-file", "1e12"],
                                  ["--timeout-per-file", "nan"]])  # fmt: skip
def test_user_error_numeric_options_out_of_their_range(args) -> None:
    out = kpilint("check", str(EXAMPLES / "defects.yaml"), *args)
    assert out.returncode == 2 and "用法错误" in out.stderr and "内部错误" not in out.stderr


def test_user_error_a_baseline_with_a_byte_order_mark_is_read(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    kpilint("check", str(draft), "--write-baseline", "b.json", cwd=tmp_path)
    baseline = tmp_path / "b.json"
    baseline.write_bytes(b"\xef\xbb\xbf" + baseline.read_bytes())
    out = kpilint("check", str(draft), "--baseline", "b.json", cwd=tmp_path)
    assert out.returncode == 0 and "共 0 个问题" in out.stdout, out.stderr


# --- a broken pipe ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_broken_pipe_keeps_the_lint_exit_status(tmp_path, fmt) -> None:
    for n in range(40):
        shutil.copy(EXAMPLES / "defects.yaml", tmp_path / f"d{n:02d}.yaml")
    proc = subprocess.Popen([sys.executable, "-m", "kpilint", "check", str(tmp_path), "--format", fmt],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # `| head -c 10`
    stderr = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


# --- SIGTERM -----------------------------------------------------------------------------------------
def test_sigterm_leaves_no_temporary_file(tmp_path) -> None:
    one = (EXAMPLES / "defects.yaml").read_text("utf-8")
    body = one.split("projects:\n", 1)[1]
    for n in range(3):
        (tmp_path / f"d{n}.yaml").write_text(one + body * 300, "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kpilint", "check", str(tmp_path), "--fix", "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(2.5)  # the fix is under way: drafts of 300 projects take seconds each
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) in (0, 1, 2, 143)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".kpilint-tmp")]


# --- bounds that hold ----------------------------------------------------------------------------
def _nested_lists(name_length: int) -> str:
    """Evaluate six levels of `[…] * len(name)` on a name of `name_length` characters."""
    from kpilint.engine.expression import ValueLimit, compile_expression

    levels = "[" * 6 + "name" + "".join("] * len(name)" for _ in range(6))
    try:
        return repr(compile_expression(f'contains({levels}, "x")')({"name": "x" * name_length}))
    except ValueLimit as exc:
        return f"refused: {exc}"


def test_bounds_nested_lists_in_an_expression_are_refused_before_they_are_built() -> None:
    """40⁶ = 4·10⁹ items, 10¹² characters once written out by str(): refused before it is
    built. Evaluated in a worker capped at 1 GB, so a regression fails instead of taking
    the machine's memory."""
    from kpilint.core import run_tasks
    from kpilint.limits import Limits

    limits = Limits(max_memory_bytes=1 << 30, timeout_per_file=60)
    answers = list(run_tasks(_nested_lists, [(40,), (2,)], limits, lambda task, why: f"stopped: {why.reason}"))
    assert answers[0].startswith("refused: ") and "嵌套的列表" in answers[0], answers[0]
    assert answers[1] == "True"  # small nested lists are still built and used


class _Counted(list):
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_bounds_html_report_walks_the_findings_a_fixed_number_of_times() -> None:
    """Linear in files and findings: the findings are indexed by file once, not scanned once
    per file (8,000 files took 46 s, 20,000 did not finish)."""
    from kpilint import load
    from kpilint.config import Config
    from kpilint.core import FileResult, findings_for
    from kpilint.reporters import Report
    from kpilint.reporters.html import render_html

    doc = load(EXAMPLES / "defects.yaml")
    found = findings_for(doc, Config())
    for files in (5, 50):
        results = [FileResult(f"{n}.yaml", document=doc) for n in range(files)]
        findings = _Counted(_at(f, f"{n}.yaml") for n in range(files) for f in found)
        _Counted.walks = 0
        render_html(Report(findings, results), {r.path: doc for r in results})
        assert _Counted.walks <= 6, (files, _Counted.walks)


def _at(finding, path: str):
    from dataclasses import replace

    return replace(finding, path=path)


# --- new cases of the same classes, not in the campaign -------------------------------------------
def test_writes_output_onto_a_hard_link_or_a_symlink_of_a_file_the_run_reads_is_refused(tmp_path) -> None:
    draft = shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    (tmp_path / "b.json").write_text('{"findings": []}\n', "utf-8")
    os.link(draft, tmp_path / "hard.txt")
    (tmp_path / "soft.json").symlink_to("b.json")
    for target in ("hard.txt", "soft.json"):
        out = kpilint("check", "d.yaml", "--baseline", "b.json", "-o", target, cwd=tmp_path)
        assert out.returncode == 2 and "拒绝覆盖" in out.stderr
    assert Path(draft).read_bytes() == (EXAMPLES / "defects.yaml").read_bytes()
    assert (tmp_path / "b.json").read_text("utf-8") == '{"findings": []}\n'


def test_config_trust_a_config_file_anyone_may_write_is_ignored(tmp_path) -> None:
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    config = tmp_path / ".kpilint.yaml"
    config.write_text("select: [KPI999]\n", "utf-8")
    config.chmod(0o666)
    out = kpilint("check", "d.yaml", cwd=tmp_path)
    assert out.returncode == 1 and "未使用此配置文件" in out.stderr and "文件本身" in out.stderr


@pytest.mark.parametrize("name", ["x\r::error file=pwned::cr.yaml", "x\n##vso[task.setvariable variable=a]b.yaml",
                                  "x\n  ::error file=pwned::indented.yaml"])  # fmt: skip
def test_text_safe_no_ci_command_from_a_config_path_or_a_file_name(tmp_path, name) -> None:
    (tmp_path / name).write_text("projects: [\n", "utf-8")  # unreadable: its name is in an error
    for args in (["check", name], ["check", str(EXAMPLES / "defects.yaml"), "--config", name],
                 ["show", name], ["check", name, "--format", "github"]):  # fmt: skip
        out = _run(*args, cwd=tmp_path)
        for line in (out.stdout + out.stderr).decode("utf-8").splitlines():
            assert not line.lstrip().startswith(("::error file=pwned", "##vso")), (args, line)


def test_user_error_a_config_that_is_a_fifo_is_refused_without_blocking(tmp_path) -> None:
    os.mkfifo(tmp_path / "c.yaml")
    out = kpilint("check", str(EXAMPLES / "defects.yaml"), "--config", "c.yaml", cwd=tmp_path, timeout=60)
    assert out.returncode == 2 and "不是普通文件" in out.stderr and "内部错误" not in out.stderr


def test_user_error_a_pdf_page_tree_thousands_deep_is_a_read_error(tmp_path) -> None:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    objects += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (3 + k) for k in range(5_000)]
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    (tmp_path / "deep.pdf").write_bytes(pdf_file(objects))
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    for command in (["check", "deep.pdf", "d.yaml"], ["show", "deep.pdf"]):
        out = kpilint(*command, cwd=tmp_path, timeout=120)
        assert out.returncode == 2 and "内部错误" not in out.stdout + out.stderr
        assert "deep.pdf: 错误:" in out.stdout + out.stderr
    assert "KPI301" in kpilint("check", "deep.pdf", "d.yaml", cwd=tmp_path, timeout=120).stdout
