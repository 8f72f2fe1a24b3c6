"""Hostile and broken input never crashes kpilint, never runs anything it reads, never loses data.

CASES records how many inputs each class tries; docs/robustness.md reports the same figures
(a test below keeps the two in step). Longer fuzzing runs: bench/fuzz_atheris.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, EXAMPLES, FIXTURES, ROOT, examples, kpilint
from kpilint import load
from kpilint.config import Config
from kpilint.core import check_one
from kpilint.core.atomic import remove_leftovers
from kpilint.engine.rules import Rule, all_rules
from kpilint.engine.run import RuleSet, lint_document
from kpilint.findings import Finding
from kpilint.reporters import FORMATS, FileResult, Report, renderer
from kpilint.writers.xlsx import write_xlsx
from table_builders import docx_tables

CASES = {
    "wild drafts (Hypothesis)": 150,
    "mutated xlsx bytes": 40,
    "mutated docx bytes": 40,
    "mutated text bytes": 60,
    "mutated pdf bytes": 12,
    "hostile strings through every reporter": 6 * 40,
    "text encodings": 6,
    "zip bombs": 2,
    "XML entity expansion": 2,
    "code in drafts and rule files": 3,
    "adversarial 100k-character inputs": 4,
    "writer killed mid-way (large draft)": 50,
    "writer killed mid-way (large workbook)": 50,
}


def check_file(path: str, config: Config) -> tuple[list[Finding], FileResult]:
    """What `kpilint check` does with one file: its findings and its result."""
    result = check_one(path, config)
    return list(result.findings), result


def _no_internal_error(findings: list[Finding], result: FileResult) -> None:
    assert not [f for f in findings if f.rule == "KPI999"], [
        f.message for f in findings if f.rule == "KPI999"
    ]
    assert result.error is None or "内部错误" not in result.error, result.error


# --- 1. wild drafts -------------------------------------------------------------------------
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.just(""), st.sampled_from(["≥90", "-1e308", "NaN", "≤-5万元", "第9季度", "0.0.0", "∞"]),
)  # fmt: skip
wild = st.recursive(scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["projects", "name", "budget", "total", "indicators", "value", "level1", "level2", "spend_plan",
                     "goals", "department", "year", "money_unit", "项目", "指标值", "x"]), inner, max_size=5),
    max_leaves=40)  # fmt: skip


@settings(
    max_examples=examples(CASES["wild drafts (Hypothesis)"]),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(wild)
def test_wild_drafts_never_crash(tmp_path_factory, data) -> None:
    path = tmp_path_factory.mktemp("wild") / "d.yaml"
    path.write_text(yaml.safe_dump({"projects": [data]} if not isinstance(data, dict) else data, allow_unicode=True),
                    encoding="utf-8")  # fmt: skip
    findings, result = check_file(str(path), Config(packs=("core", "hebei")))
    _no_internal_error(findings, result)


def test_ten_thousand_indicators_and_deep_nesting(tmp_path) -> None:
    rows = "\n".join(f"      - {{level1: 产出指标, level2: 数量指标, name: 指标{i}, value: '≥{i} 次', basis: 计划}}"
                     for i in range(10_000))  # fmt: skip
    big = tmp_path / "big.yaml"
    big.write_text(
        f"projects:\n  - name: 大项目\n    budget: 1\n    indicators:\n{rows}\n", encoding="utf-8"
    )
    findings, result = check_file(str(big), Config())
    _no_internal_error(findings, result)
    assert result.projects == 1
    deep = tmp_path / "deep.yaml"
    deep.write_text("projects: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    findings, result = check_file(str(deep), Config())
    _no_internal_error(findings, result)


# --- 2. mutated bytes of real inputs ----------------------------------------------------------
def _mutants(data: bytes, count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        buf = bytearray(data)
        kind = rng.choice(["flip", "truncate", "splice"])
        if kind == "flip":
            for _ in range(rng.randint(1, 30)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif kind == "truncate":
            buf = buf[: rng.randrange(1, len(buf))]
        else:
            at = rng.randrange(len(buf))
            buf[at:at] = rng.randbytes(rng.randint(1, 200))
        yield bytes(buf)


def _fuzz_file(tmp_path: Path, name: str, data: bytes, count: int) -> None:
    for n, mutant in enumerate(_mutants(data, count, seed=len(name) * 7919)):
        path = tmp_path / f"{n}{name}"
        path.write_bytes(mutant)
        findings, result = check_file(str(path), Config())
        _no_internal_error(findings, result)


def test_mutated_xlsx(tmp_path) -> None:
    book = tmp_path / "src.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    _fuzz_file(tmp_path, ".xlsx", book.read_bytes(), CASES["mutated xlsx bytes"])


def test_a_zip_asking_for_an_unknown_version_is_a_read_error_not_an_internal_error(tmp_path) -> None:
    """The mutated-xlsx fuzz found it: a central directory whose members need zip version 23.5
    made the content sniffing raise NotImplementedError (KPI999). Every member, every format."""
    import struct

    book = tmp_path / "src.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    data = book.read_bytes()
    entry = data.find(b"PK\x01\x02")
    damaged = bytearray(data)
    struct.pack_into("<H", damaged, entry + 6, 235)  # version needed to extract: 23.5
    for suffix in (".xlsx", ".docx", ".txt"):
        target = tmp_path / f"damaged{suffix}"
        target.write_bytes(bytes(damaged))
        findings, result = check_file(str(target), Config())
        assert not [f for f in findings if f.rule == "KPI999"], result
        assert result.error and "zip" in str(result.error), result


def test_mutated_docx(tmp_path) -> None:
    doc = tmp_path / "src.docx"
    docx_tables(load(EXAMPLES / "defects.yaml"), doc)
    _fuzz_file(tmp_path, ".docx", doc.read_bytes(), CASES["mutated docx bytes"])


def test_mutated_text(tmp_path) -> None:
    data = (FIXTURES / "text" / "wrapped_small.txt").read_bytes()
    _fuzz_file(tmp_path, ".txt", data, CASES["mutated text bytes"])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/pdf/ is absent")
def test_mutated_pdf(tmp_path) -> None:
    data = (CORPUS / "guojia-xinfang-2026.pdf").read_bytes()
    _fuzz_file(tmp_path, ".pdf", data, CASES["mutated pdf bytes"])


# --- 3. reporters --------------------------------------------------------------------------
HOSTILE = [
    "<script>alert(1)</script>",
    "::error file=x::owned",
    "%0A%0D\n\r\x00\x1b[31m",
    "'\"&<>",
    "\u202e反向",
    "x" * 5000,
]


def test_every_reporter_renders_hostile_strings() -> None:
    rules = all_rules(("core",))
    rng = random.Random(1)
    for n in range(CASES["hostile strings through every reporter"] // len(FORMATS)):
        text = rng.choice(HOSTILE) + str(n)
        findings = [Finding(rule="KPI301", name="satisfaction-not-percent", severity=rng.choice(["error", "warning", "info"]),
                            message=text, path=f"dir/{text[:20]}.yaml", line=rng.choice([None, 1, 10**9]),
                            project_name=text, indicator=text, value=text)]  # fmt: skip
        report = Report(
            findings, [FileResult(findings[0].path, error=rng.choice([None, text]))], rules
        )
        for fmt in FORMATS:
            out = renderer(fmt)(report)
            if fmt in ("json", "sarif", "gitlab"):
                json.loads(out)
            elif fmt == "junit":
                ET.fromstring(out.encode("utf-8").replace(b"\x00", b"").replace(b"\x1b", b""))
            elif fmt == "github":
                assert all(line.startswith("::") for line in out.splitlines()), (
                    "a message must not start a new command"
                )


# --- 4. encodings -------------------------------------------------------------------------------
def test_text_in_every_encoding_reads_the_same(tmp_path) -> None:
    text = (FIXTURES / "text" / "wrapped_small.txt").read_text("utf-8")
    want = load(FIXTURES / "text" / "wrapped_small.txt")
    for encoding, data in (("utf-8", text.encode()), ("utf-8-sig", text.encode("utf-8-sig")),
                           ("gb18030", text.encode("gbk")), ("gb18030", text.encode("gb18030")),
                           ("utf-16", text.encode("utf-16"))):  # fmt: skip
        path = tmp_path / f"t-{encoding}.txt"
        path.write_bytes(data)
        doc = load(path)
        assert doc.projects == want.projects and doc.encoding == encoding
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x80\x81\xff" + "项目编码".encode() + b"\xff\xfe\x00\xd8")
    out = kpilint("show", str(bad))
    assert out.returncode == 2 and "字节处" in out.stderr and "Traceback" not in out.stderr


# --- 5. safe parsing ----------------------------------------------------------------------------
def test_zip_bombs_are_refused(tmp_path) -> None:
    config = tmp_path / ".kpilint.yaml"
    config.write_text(
        "limits: {max_unzipped_bytes: 5000000, max_zip_members: 100}\n", encoding="utf-8"
    )
    inflating = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(inflating, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000_000)
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(150):
            z.writestr(f"word/part{i}.xml", b"<a/>")
    for path, words in ((inflating, "解压后过大"), (many, "文件过多")):
        out = kpilint("check", path.name, cwd=tmp_path)
        assert (
            out.returncode == 2
            and words in out.stdout + out.stderr
            and "Traceback" not in out.stderr
        )


_LAUGHS = (
    '<!DOCTYPE x [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
        for i in range(10)
    )
    + "]>"
)


def _with_entities(source: Path, target: Path, part: str) -> None:
    """Copy a zip container, putting a "billion laughs" DTD into `part` and using it in a text."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part:
                text = re.sub(
                    r"^(<\?xml[^>]*\?>)",
                    lambda m: m.group(1) + _LAUGHS,
                    data.decode("utf-8"),
                    count=1,
                )
                data = re.sub(r"<w:t>[^<]*</w:t>|<t>[^<]*</t>", lambda m: m.group().split(">")[0] + ">&lol9;</"
                              + m.group().rsplit("</", 1)[1], text, count=1).encode("utf-8")  # fmt: skip
            dst.writestr(item, data)


def test_xml_entity_expansion_is_refused(tmp_path) -> None:
    book = tmp_path / "src.xlsx"
    write_xlsx(load(EXAMPLES / "clean.yaml"), book)
    _with_entities(book, tmp_path / "laughs.xlsx", "xl/worksheets/sheet2.xml")
    out = kpilint("check", str(tmp_path / "laughs.xlsx"))
    assert (
        out.returncode == 2
        and "无法读取" in out.stdout + out.stderr
        and "Traceback" not in out.stderr
    )
    word = tmp_path / "src.docx"
    docx_tables(load(EXAMPLES / "clean.yaml"), word)
    _with_entities(word, tmp_path / "laughs.docx", "word/document.xml")
    out = kpilint("show", str(tmp_path / "laughs.docx"), "--format", "json")
    assert (
        "Traceback" not in out.stderr and "lollollol" not in out.stdout
    )  # entities are never expanded


def test_nothing_in_a_draft_or_rule_file_runs(tmp_path) -> None:
    marker = tmp_path / "pwned"
    draft = tmp_path / "d.yaml"
    draft.write_text(
        f"projects:\n  - name: !!python/object/apply:os.system ['touch {marker}']\n    budget: 1\n",
        encoding="utf-8",
    )
    kpilint("check", str(draft))
    rules = tmp_path / "r.yaml"
    rules.write_text(
        f"rules: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    out = kpilint("check", str(draft), "--rules", str(rules))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    expr = tmp_path / "e.yaml"
    expr.write_text("rules:\n  - {id: BAD001, name: bad-one, scope: indicator, assert: '__import__(\"os\").system(\"x\")',"
                    " message: {zh: a, en: a}}\n", encoding="utf-8")  # fmt: skip
    out = kpilint("check", str(draft), "--rules", str(expr))
    assert (out.returncode == 2 and "未知函数" in out.stderr) or "表达式无法解析" in out.stderr
    assert not marker.exists()


# --- 6. no hangs ---------------------------------------------------------------------------------
def test_adversarial_long_inputs_finish(tmp_path) -> None:
    inputs = {
        "values.txt": "项目编码\n" + "≥" * 100_000 + "\n",
        "wrapped.txt": "项目编码 " + "产出指标 " * 20_000 + "\n一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据\n" + "数量指标\n" * 20_000,
        "tabs.txt": "项目编码\t" + "\t" * 100_000 + "\n",
        "draft.yaml": "projects:\n  - name: x\n    indicators:\n      - {level1: 产出指标, level2: 数量指标, name: a, value: '" + "9" * 100_000 + "'}\n",
    }  # fmt: skip
    for name, text in inputs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out = kpilint("check", str(tmp_path / name), "--timeout-per-file", "120")
        assert "时间限制" not in out.stdout + out.stderr and "Traceback" not in out.stderr, name


# --- 7. no lost data -----------------------------------------------------------------------------
def _large_draft(projects: int) -> str:
    one = (EXAMPLES / "defects.yaml").read_text("utf-8")
    body = one.split("projects:\n", 1)[1]
    return one + "".join(body.replace("13082626P0020", f"13082626P{n:04d}") for n in range(projects))


def _fix_run(path: Path) -> subprocess.Popen[str]:
    """`kpilint check --fix` on `path`, in a session of its own, its temporary folder beside it."""
    scratch = path.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "kpilint", "check", str(path), "--fix", "--format", "json",
                             "-o", os.devnull], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "TMPDIR": str(scratch)})  # fmt: skip


def _fix_time(target: Path, original: bytes) -> tuple[bytes, float]:
    """The fully fixed bytes of `original`, and how long `kpilint check --fix` takes to fix it."""
    target.write_bytes(original)
    started = time.monotonic()
    run = _fix_run(target)
    assert run.stderr is not None
    fixing = next((time.monotonic() - started for line in run.stderr if "已修复" in line), None)
    run.wait()
    assert fixing is not None and target.read_bytes() != original
    return target.read_bytes(), fixing


def _killed_fixes(target: Path, original: bytes, trials: int, seed: int) -> set[bool]:
    """`trials` runs of `--fix` on `target` from the original, each killed with SIGKILL at a
    random moment of the time fixing takes (measured first, here, under the same load; the
    run alone is killed every other trial, its whole process group the others). Each time
    the file must be the original or the fully fixed file; temporary files may be left,
    named after the target and the dead writer only."""
    fixed, fixing = _fix_time(target, original)
    rng = random.Random(seed)
    outcomes = set()
    for trial in range(trials):
        target.write_bytes(original)
        run = _fix_run(target)
        time.sleep(rng.uniform(0, fixing * 1.3))
        with contextlib.suppress(ProcessLookupError):
            if trial % 2:
                os.killpg(run.pid, signal.SIGKILL)
            else:
                run.kill()
        run.wait()
        _wait_for_group(run.pid)  # a worker dies with its run (PR_SET_PDEATHSIG)
        after = target.read_bytes()
        assert after in (original, fixed), f"trial {trial}: a torn file"
        outcomes.add(after == fixed)
        left = [p.name for p in target.parent.iterdir() if p.name not in (target.name, "scratch")]
        assert all(re.fullmatch(rf"\.{re.escape(target.name)}\.\d+\.\w+\.kpilint-tmp", n) for n in left), left
        assert not list((target.parent / "scratch").iterdir())  # no copies in a temporary folder
    remove_leftovers(target)  # what the next write to the file does first
    assert sorted(p.name for p in target.parent.iterdir()) == sorted([target.name, "scratch"])  # all dead writers'
    return outcomes


def _wait_for_group(pgid: int) -> None:
    """Until no process of the group is running (a killed one is a zombie until it is reaped,
    by whoever adopts it, which may take a while: a zombie does nothing)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not any(_running_in(pgid, stat) for stat in Path("/proc").glob("[0-9]*/stat")):
            return
        time.sleep(0.01)
    raise AssertionError("a worker outlived its killed run")


def _running_in(pgid: int, stat: Path) -> bool:
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] != "Z" and int(fields[2]) == pgid


@pytest.mark.slow
def test_a_killed_fix_leaves_the_original_or_the_fixed_file(tmp_path) -> None:
    """50 kills during `--fix` of a large draft and 50 of a large workbook, in two lanes
    each (a lane: one file, fixed and killed again and again), two lanes at once."""
    book = tmp_path / "book.xlsx"
    write_xlsx(load_from_text(_large_draft(20)), book)  # 42 project sheets
    kinds = {"draft": ("d.yaml", _large_draft(120).encode("utf-8")),  # 350 kB, 242 projects
             "workbook": ("d.xlsx", book.read_bytes())}  # fmt: skip
    lanes = []
    for kind, (name, original) in kinds.items():
        trials = CASES[f"writer killed mid-way (large {kind})"]
        for lane in range(2):
            folder = tmp_path / f"{kind}{lane}"
            folder.mkdir()
            lanes.append((folder / name, original, trials // 2, lane))
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda lane: _killed_fixes(*lane), lanes))
    assert set().union(*outcomes) == {True, False}  # both whole states were seen, and only they


def load_from_text(text: str):
    from kpilint.readers.yaml_draft import read_draft

    return read_draft(text, "large.yaml")


# --- 8. a plug-in that raises -------------------------------------------------------------------
def test_a_failing_rule_is_an_internal_error_finding_and_the_others_still_run() -> None:
    def explode(element, ctx, params, doc):
        raise ZeroDivisionError("plug-in bug")

    base = next(r for r in all_rules(("core",)) if r.id == "KPI301")
    broken = Rule(id="PLG001", name="broken-plugin", severity="error", scope="indicator",
                  message={"zh": "x", "en": "x"}, function=explode, check={"function": "explode"})  # fmt: skip
    findings = lint_document(load(EXAMPLES / "defects.yaml"), RuleSet([broken, base]))
    rules = [f.rule for f in findings]
    assert "KPI999" in rules and "KPI301" in rules
    assert "plug-in bug" in next(f.message for f in findings if f.rule == "KPI999")


def test_robustness_doc_reports_these_figures() -> None:
    doc = (ROOT / "docs" / "robustness.md").read_text("utf-8")
    for name, count in CASES.items():
        assert re.search(rf"\| {re.escape(name)} \| {count} \|", doc), (
            f"docs/robustness.md lacks: | {name} | {count} |"
        )


def test_a_file_over_its_time_budget_is_reported_and_skipped(tmp_path) -> None:
    slow = tmp_path / "a.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", slow)
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "b.yaml")
    out = kpilint("check", str(tmp_path), "--timeout-per-file", "0.000001", "--format", "json")
    data = json.loads(out.stdout)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert all("时间限制" in (f["error"] or "") for f in data["files"])
