"""Issue 26, part 2: the review workbook. `kpilint check --format review -o 初审意见.xlsx`
writes one row per project with numbered opinions under 完整性/可测性/可行性 and a
conclusion, 审核通过 where nothing was found, the findings behind each opinion in a second
sheet; a bureau can reword an opinion in its configuration; every rule says which review
point and standard opinion it serves. The workbook is read back with openpyxl, cell by cell.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, XLSX, kpilint
from kpilint.engine.examples import example_document
from kpilint.engine.rules import PACKS, RuleError, all_rules, load_rule_text
from kpilint.engine.run import RuleSet, lint_document
from kpilint.framework.review import OPINIONS, OTHER, POINTS
from kpilint.reporters.review import COLUMNS, PASSED, opinion_of

DRAFT = FIXTURES / "review" / "申报草稿.yaml"
CLEAN = ("13082626P002088100011", "科学技术普及经费", PASSED, PASSED, PASSED, PASSED)
FAULTY = (
    "13082626P002090100033",
    "科普宣传设备购置",
    "1. 本项目没有效益指标；请增加社会效益、经济效益、生态效益或可持续影响指标。",
    "1. 指标“使用者满意度”（≥90）是满意度指标，指标值却不是百分比；建议写成“≥90%”这样的比例。\n"
    "2. 【提示】指标“观众满意度”（≥75%）的满意度目标偏低；建议参照历史满意度调查结果设定目标。",
    "1. 指标“购置完成时间”（2027年6月底前）的完成期限不在预算年度内；请改为本年度的期限，跨年项目请在指标解释中说明。",
    "1. 共 3 条须修改的意见（完整性 1 条、可测性 1 条、可行性 1 条），请按意见修改后重新报送。\n"
    "2. 另有 1 条提示（标“【提示】”）供参考，不要求修改。",
)


def _review(tmp_path: Path, *args: str, name: str = "初审意见.xlsx") -> Path:
    out = tmp_path / name
    run = kpilint("check", *args, "--format", "review", "-o", str(out), cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert out.exists(), run.stderr
    return out


def _rows(book: Path, sheet: str) -> list[tuple]:
    return [tuple("" if v is None else v for v in row) for row in load_workbook(book)[sheet].iter_rows(values_only=True)]


def test_the_workbook_has_a_row_per_project_and_each_cell_says_what_was_found(tmp_path) -> None:
    book = _review(tmp_path, str(DRAFT))
    assert load_workbook(book).sheetnames == ["初审意见", "问题明细"]
    assert _rows(book, "初审意见") == [COLUMNS, CLEAN, FAULTY]


def test_every_finding_is_behind_the_opinion_it_names(tmp_path) -> None:
    book = _review(tmp_path, str(DRAFT))
    found = json.loads(kpilint("check", str(DRAFT), "--format", "json", cwd=tmp_path).stdout)["findings"]  # named alike
    head, *details = _rows(book, "问题明细")
    rows = [dict(zip(head, row, strict=True)) for row in details]
    assert sorted((r["规则"], r["位置"]) for r in rows) == sorted(
        (f["rule"], f"{f['path']}:{f['line']}:{f['column']}") for f in found
    )
    opinions = {row[1]: dict(zip(COLUMNS, row, strict=True)) for row in _rows(book, "初审意见")[1:]}
    for r in rows:
        column, number = re.fullmatch(r"(\S+) 第 (\d+) 条", r["意见"]).groups()
        cell = opinions[r["项目名称"]][column]
        item = next(line for line in cell.split("\n") if line.startswith(f"{number}. "))
        assert r["指标"] in item  # the opinion names the indicator its finding is about
        assert r["审核要点"] in POINTS and r["标准意见"] in OPINIONS


def test_a_bureau_rewords_an_opinion_in_its_configuration(tmp_path) -> None:
    (tmp_path / ".kpilint.yaml").write_text(
        'opinions:\n  satisfaction-not-percent: "满意度指标值须带百分号：{indicators}。"\n', "utf-8"
    )
    row = _rows(_review(tmp_path, str(DRAFT)), "初审意见")[2]
    assert row[3].split("\n")[0] == "1. 满意度指标值须带百分号：指标“使用者满意度”（≥90）。"
    assert row[2] == FAULTY[2] and row[4] == FAULTY[4]  # the other opinions keep kpilint's wording


@pytest.mark.parametrize("text, says", [("{indicator}不是百分比", "{indicator} 不可用"),
                                        ("{indicators.__class__}", "只能写字段名"), ("", "非空")])  # fmt: skip
def test_a_wrong_opinion_text_is_refused_naming_the_configuration(tmp_path, text, says) -> None:
    (tmp_path / ".kpilint.yaml").write_text(f"opinions:\n  KPI301: {json.dumps(text)}\n", "utf-8")
    run = kpilint("check", str(DRAFT), "--format", "review", cwd=tmp_path)
    assert run.returncode == 2 and ".kpilint.yaml" in run.stderr and says in run.stderr
    assert "Traceback" not in run.stderr


def test_cells_from_the_input_stay_data_in_the_workbook_markdown_and_page(tmp_path) -> None:
    text = DRAFT.read_text("utf-8")
    hostile = '=HYPERLINK("http://example.invalid","点我")'
    draft = tmp_path / "d.yaml"
    draft.write_text(text.replace("name: 使用者满意度", f"name: {json.dumps(hostile)}")
                     .replace("name: 科普宣传设备购置", "name: '@SUM(A1:A9)|<script>x</script>'"), "utf-8")  # fmt: skip
    book = _review(tmp_path, str(draft))
    with zipfile.ZipFile(book) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/"):
                assert not re.search(rb"<(?:\w+:)?f[\s>/]", z.read(part)), part
    for ws in load_workbook(book).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
    assert any(hostile in str(c) for row in _rows(book, "问题明细") for c in row)
    md = kpilint("check", str(draft), "--format", "review").stdout
    row = next(line for line in md.splitlines() if "SUM" in line and line.startswith("| 1308"))
    assert row.count(" | ") == len(COLUMNS) - 1  # the | in the name is no new cell
    assert "<script>" not in md and "&lt;script&gt;" in md
    page = _review(tmp_path, str(draft), name="初审意见.html").read_text("utf-8")
    found = json.loads(kpilint("check", str(draft), "--format", "json").stdout)["findings"]
    assert "<script>" not in page and page.count("<tr>") == 1 + 2 + 1 + len(found)  # two tables


def test_one_row_per_project_of_real_declaration_workbooks(tmp_path) -> None:
    if not XLSX.is_dir():
        pytest.skip("../shared/corpus/xlsx is absent (it sits beside the project in CI)")
    for workbook in sorted(XLSX.glob("*.xlsx")):
        shown = json.loads(kpilint("show", str(workbook), "--format", "json").stdout)
        projects = [(p["code"] or "", p["name"]) for d in shown["documents"] for p in d["projects"]]
        book = _review(tmp_path, str(workbook), name=f"{workbook.stem}-review.xlsx")
        head, *rows = _rows(book, "初审意见")
        assert head == COLUMNS
        found = json.loads(kpilint("check", str(workbook), "--format", "json").stdout)["findings"]
        # a finding about the file as a whole (a code stored as a number) has a row of its own
        whole = [("", f"（文件 {workbook.name} 整体）")] if any(not f["project_name"] for f in found) else []
        assert [(r[0], r[1]) for r in rows] == projects + whole, workbook.name
        for row in rows:
            for cell in row[2:]:
                assert cell == PASSED or re.match(r"^1\. ", cell), (workbook.name, row[1], cell)
        assert len(_rows(book, "问题明细")) - 1 == len(found), workbook.name


# --- the mapping --------------------------------------------------------------------------------
RULES = all_rules((*PACKS, "diff"))


def test_every_built_in_rule_names_its_review_point_and_standard_opinion() -> None:
    unmapped = [f"{r.id} {r.name}" for r in RULES if not r.review]
    assert unmapped == [], (
        "these rules lack `review: {point, aspect, opinion, text}` (docs/writing-rules.md): "
        + ", ".join(unmapped)
    )
    for rule in RULES:
        assert rule.review["point"] in POINTS and rule.review["opinion"] in OPINIONS
        assert rule.review.get("text"), f"{rule.id}: the opinion's text is kpilint's own wording"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rules_opinion_reads_whole_on_its_failing_examples(rule) -> None:
    for example in rule.examples.get("fail", ()):
        found = [f for f in lint_document(example_document(example), RuleSet([rule])) if f.rule == rule.id]
        if not found:
            continue
        opinion = opinion_of(rule, found, "甲")
        assert "{" not in opinion.text and "}" not in opinion.text, opinion.text
        named = [f.indicator for f in found if f.indicator]
        if named and "{indicators}" in rule.review["text"]:
            assert f"“{named[0]}”" in opinion.text


def test_a_rule_without_a_mapping_is_an_opinion_under_other_in_its_own_words() -> None:
    [rule] = load_rule_text(
        "rules:\n  - {id: BUR001, name: bureau-floor, scope: indicator, where: {level2: 服务对象满意度指标},\n"
        "     assert: 'value.number >= 95', params: {}, message: {zh: '满意度目标 {value} 低于本局要求的 95%', en: x},\n"
        "     docs: {fix: 改为不低于 95%。}}\n", "bureau.yaml")
    doc = example_document({"indicator": {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度", "value": "≥90%"}})
    opinion = opinion_of(rule, lint_document(doc, RuleSet([rule])), "甲")
    assert (opinion.point, opinion.opinion) == (OTHER, OTHER)
    assert opinion.text == "【提示】满意度目标 ≥90% 低于本局要求的 95%。建议：改为不低于 95%。" or \
        opinion.text == "满意度目标 ≥90% 低于本局要求的 95%。建议：改为不低于 95%。"


@pytest.mark.parametrize("review, says", [
    ("{point: 合规性, opinion: 其他}", "review.point"),
    ("{point: 可测性, aspect: 时限合理性, opinion: 其他}", "review.aspect"),
    ("{point: 可测性, opinion: 指标太差}", "review.opinion"),
    ("{point: 可测性, opinion: 其他, text: '{value}'}", "{value} 不可用"),
    ("{point: 可测性, opinion: 其他, wording: x}", "未知字段"),
])  # fmt: skip
def test_a_wrong_mapping_is_refused_naming_the_file_and_line(review, says) -> None:
    text = ("rules:\n  - id: BUR002\n    name: x-y\n    where: {level2: 时效指标}\n"
            f"    message: {{zh: 甲, en: a}}\n    review: {review}\n")  # fmt: skip
    with pytest.raises(RuleError) as caught:
        load_rule_text(text, "bureau.yaml")
    assert "bureau.yaml:6" in str(caught.value) and says in str(caught.value)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)")
def test_the_review_page_shows_the_same_rows_in_a_real_browser(tmp_path) -> None:
    page = _review(tmp_path, str(DRAFT), name="初审意见.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=False).stdout  # fmt: skip
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", dom, re.S)]
    assert cells[: 2 * len(COLUMNS)] == [*CLEAN, *FAULTY]  # docs/img/review.png is taken the same way
    shot = tmp_path / "review.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1500,1000", page.as_uri()],
                   capture_output=True, timeout=120, check=False)  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 20_000
