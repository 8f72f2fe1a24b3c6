"""`kpilint check --fix`: safe repairs, exactly where the findings are, and nothing else."""

from __future__ import annotations

import difflib
import os
import shutil
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import EXAMPLES, SEEDS, examples, kpilint, needs_seeds
from kpilint import load
from kpilint.config import Config
from kpilint.core.fix import fix_yaml_text, splice
from kpilint.findings import Edit
from kpilint.model import Location
from kpilint.readers.yaml_draft import read_draft
from kpilint.writers.xlsx import write_xlsx

SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    pairs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, before.splitlines(), after.splitlines()
    ).get_opcodes():
        if tag != "equal":
            assert tag == "replace" and i2 - i1 == j2 - j1, "a fix only changes lines in place"
            pairs += list(zip(before.splitlines()[i1:i2], after.splitlines()[j1:j2], strict=True))
    return pairs


def test_fix_repairs_the_safe_findings_of_the_example_and_only_their_scalars(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", draft)
    before = draft.read_text("utf-8")
    out = kpilint("check", str(draft), "--fix", "--format", "json")
    assert "已修复 5 处" in out.stderr
    after = draft.read_text("utf-8")
    changed = _changed_lines(before, after)
    assert len(changed) == 2
    assert any(
        "value: ≥90%, basis: 年度工作计划}" in new and "群众满意度" in new for _, new in changed
    )
    assert any(
        "{3月底: 25%, 6月底: 50%, 10月底: 75%, 12月底: 100%}   # 写成了金额" in new
        for _, new in changed
    )
    import json

    remaining = json.loads(out.stdout)["findings"]
    assert not [f for f in remaining if f["fix"] == "safe"]
    assert {"KPI301", "KPI103"}.isdisjoint({f["rule"] for f in remaining})
    again = kpilint("check", str(draft), "--fix")
    assert "已修复 0 处" in again.stderr and draft.read_text("utf-8") == after


def test_diff_writes_nothing_and_unsafe_fixes_are_opt_in(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", draft)
    before = draft.read_bytes()
    safe = kpilint("check", str(draft), "--diff")
    assert (
        safe.returncode == 1
        and "+      - {level1: 满意度指标" in safe.stdout
        and "≥10 年" not in safe.stdout
    )
    unsafe = kpilint("check", str(draft), "--diff", "--unsafe-fixes")
    assert "value: ≥10 年" in unsafe.stdout and "12月底: 100%}" in unsafe.stdout
    assert draft.read_bytes() == before


def test_fix_keeps_permissions_and_comments(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", draft)
    os.chmod(draft, 0o640)
    kpilint("check", str(draft), "--fix")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640
    text = draft.read_text("utf-8")
    assert "# 资金用途与预算数不符" in text and "# 止于 85%" in text
    assert not list(tmp_path.glob(".*kpilint-tmp"))  # no temporary file left behind


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_drafts_fixed_and_fixed_again(seed, tmp_path) -> None:
    draft = tmp_path / "seed.yaml"
    assert kpilint("convert", str(seed), "-o", str(draft)).returncode == 0
    before = draft.read_text("utf-8")
    first = kpilint("check", str(draft), "--fix", "--format", "json")
    assert first.returncode in (0, 1) and "Traceback" not in first.stderr
    import json

    assert not [f for f in json.loads(first.stdout)["findings"] if f["fix"] == "safe"]
    after = draft.read_text("utf-8")
    for old, new in _changed_lines(before, after):
        # each changed line is one scalar gaining a percent sign or the money unit, or written in standard form
        assert old.split(":")[0] == new.split(":")[0]
    assert "已修复 0 处" in kpilint("check", str(draft), "--fix").stderr


@needs_seeds
def test_seed_000_satisfaction_and_001_bare_cost_cap() -> None:
    text = (SEEDS / "000_4f4486fc3f23685e.txt").read_text("utf-8")
    from kpilint.writers.yaml_draft import write_draft

    _, edits = fix_yaml_text(
        write_draft(load(SEEDS / "000_4f4486fc3f23685e.txt")), "000.yaml", Config(), False
    )
    assert [(e.old, e.new) for e in edits] == [("≥90", "≥90%")]
    assert "≥90 年度工作计划" in text  # the published text itself is not touched
    d001 = write_draft(load(SEEDS / "001_af608ca57cb24a69.txt"))
    _, edits = fix_yaml_text(d001, "001.yaml", Config(), False)
    assert ("≤0.91", "≤0.91万元") in [(e.old, e.new) for e in edits]


def test_published_text_and_pdf_are_refused_but_diffed(tmp_path) -> None:
    from conftest import FIXTURES

    text = tmp_path / "published.txt"
    source = (FIXTURES / "text" / "wrapped_small.txt").read_text("utf-8")
    text.write_text(
        source.replace("观众满意度 观众对演出的满意度 ≥90%", "观众满意度 观众对演出的满意度 ≥90"),
        encoding="utf-8",
    )
    before = text.read_bytes()
    refused = kpilint("check", str(text), "--fix")
    assert (
        refused.returncode == 2 and "不会被改写" in refused.stderr and text.read_bytes() == before
    )
    diff = kpilint("check", str(text), "--diff")
    assert "由 published.txt 转换的草稿" in diff.stdout and "+    value: ≥90%" in diff.stdout
    assert text.read_bytes() == before


def test_xlsx_fixed_cell_by_cell_keeping_styles_and_sheets(tmp_path) -> None:
    book = tmp_path / "d.xlsx"
    write_xlsx(load(EXAMPLES / "defects.yaml"), book)
    wb = load_workbook(book)
    wb.create_sheet("备注").append(["这一页不是绩效目标表，必须原样保留"])
    wb.save(book)
    merged_before = {ws.title: sorted(map(str, ws.merged_cells.ranges)) for ws in wb.worksheets}
    out = kpilint("check", str(book), "--fix")
    assert "已修复 5 处" in out.stderr
    wb = load_workbook(book)
    assert {
        ws.title: sorted(map(str, ws.merged_cells.ranges)) for ws in wb.worksheets
    } == merged_before
    assert wb["备注"]["A1"].value == "这一页不是绩效目标表，必须原样保留"
    sheet = wb["老科协活动经费"]
    satisfaction = next(c for row in sheet.iter_rows() for c in row if c.value == "≥90%")
    assert satisfaction.font is not None
    plan = wb["科普宣传设备购置"]
    values = [c.value for c in plan[7][1:5]]
    assert values == [0.25, 0.5, 0.75, 1.0] and plan["B7"].number_format == "0%"
    assert load(book).projects[1].spend_plan.checkpoints[0].text == "25%"


def test_a_stale_edit_is_not_applied() -> None:
    text = "value: ≥95\n"
    edit = Edit(Location("x.yaml", 1, 8, offset=7, end=10), old="≥90", new="≥90%")
    assert splice(text, [edit]) == (text, [])


# --- idempotence on generated drafts --------------------------------------------------------
VALUES = ["≥90", "≥90%", "＞＝９０％", "≤0.5", "≤0.5 万元", ">=2 次", "100%", "长期", "≥95 %"]
rows = st.lists(
    st.tuples(st.sampled_from([("满意度指标", "服务对象满意度指标", "群众满意度"), ("产出指标", "成本指标", "项目成本"),
                               ("产出指标", "数量指标", "培训次数"), ("产出指标", "质量指标", "合格率")]),
              st.sampled_from(VALUES)),
    min_size=1, max_size=6,
)  # fmt: skip
plans = st.lists(
    st.sampled_from(["0.50", "1.00", "2.00", "25%", "100%", "85%"]), min_size=1, max_size=4
)


def _draft(rows_, plan, quoted: bool) -> str:
    def q(s: str) -> str:  # a plain scalar may not start with > or < in a flow mapping
        return f"'{s}'" if quoted or s[:1] in "<>" else s

    lines = ["department: {year: 2026}", "projects:", "  - code: A1", "    name: 甲  # 注释",
             "    budget: {total: 2.00, fiscal: 2.00}",
             "    spend_plan: {" + ", ".join(f"{m}月底: {q(v)}" for m, v in zip((3, 6, 10, 12), plan, strict=False)) + "}",
             "    spend_plan_percent: false", "    indicators:"]  # fmt: skip
    for (l1, l2, name), value in rows_:
        lines.append(
            f"      - {{level1: {l1}, level2: {l2}, name: {name}, value: {q(value)}, basis: 计划}}"
        )
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, plans, st.booleans(), st.booleans())
def test_fix_is_idempotent_and_keeps_the_draft_readable(rows_, plan, quoted, unsafe) -> None:
    text = _draft(rows_, plan, quoted)
    fixed, _ = fix_yaml_text(text, "gen.yaml", Config(), unsafe)
    read_draft(fixed, "gen.yaml")  # still a valid draft
    again, edits = fix_yaml_text(fixed, "gen.yaml", Config(), unsafe)
    assert again == fixed and edits == []
    assert fixed.count("\n") == text.count("\n") and "# 注释" in fixed
