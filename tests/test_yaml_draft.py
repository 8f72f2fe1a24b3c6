"""YAML drafts: aliases, line numbers, errors a user can act on, and lossless round-trips."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, examples, kpilint
from kpilint import load
from kpilint.draft_format import json_schema
from kpilint.model import Budget, Checkpoint, Document, Indicator, Project, SpendPlan
from kpilint.readers.yaml_draft import read_draft
from kpilint.writers.yaml_draft import write_draft


def test_examples_load_with_line_numbers() -> None:
    doc = load(EXAMPLES / "defects.yaml")
    first = doc.projects[0]
    assert (doc.unit_code, doc.year, len(doc.projects)) == ("307001", 2026, 2)
    satisfaction = first.indicators[-1]
    assert satisfaction.name == "群众满意度" and satisfaction.value_text == "≥90"
    text = (EXAMPLES / "defects.yaml").read_text("utf-8").splitlines()
    line = satisfaction.where("value").line
    assert "群众满意度" in text[line - 1] and "≥90" in text[line - 1]
    assert "10%" in text[first.spend_plan.checkpoints[0].location.line - 1]
    assert not doc.diagnostics


def test_examples_validate_against_the_shipped_schema() -> None:
    schema = json.loads(files("kpilint").joinpath("schemas/draft.schema.json").read_text("utf-8"))
    for name in ("clean.yaml", "defects.yaml"):
        jsonschema.validate(yaml.safe_load((EXAMPLES / name).read_text("utf-8")), schema)


def test_shipped_schema_is_current() -> None:
    shipped = json.loads(files("kpilint").joinpath("schemas/draft.schema.json").read_text("utf-8"))
    assert shipped == json_schema(), (
        "run: python -m kpilint.draft_format > src/kpilint/schemas/draft.schema.json"
    )


def test_chinese_aliases_equal_english_keys() -> None:
    zh = read_draft(
        "部门: {单位编码: '1', 年度: 2026}\n项目:\n  - 项目编码: A1\n    项目名称: 甲\n"
        "    预算: {预算数: 2.00, 财政资金: 2.00}\n    资金支出计划: {3月底: 25%}\n"
        "    绩效指标:\n      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 次数, 指标值: ≥2 次, 指标值确定依据: 计划}\n",
        "zh.yaml",
    )
    en = read_draft(
        "department: {code: '1', year: 2026}\nprojects:\n  - code: A1\n    name: 甲\n"
        "    budget: {total: 2.00, fiscal: 2.00}\n    spend_plan: {3月底: 25%}\n"
        "    indicators:\n      - {level1: 产出指标, level2: 数量指标, name: 次数, value: ≥2 次, basis: 计划}\n",
        "en.yaml",
    )
    assert zh == en and zh.projects[0].spend_plan.checkpoints[0].month == 3


def test_one_project_per_file() -> None:
    doc = read_draft(
        "项目编码: X\n项目名称: 单个项目\n预算: 3\n部门: {年度: 2025}\n绩效指标: []\n", "p.yaml"
    )
    (project,) = doc.projects
    assert (project.code, project.name, project.budget.total, doc.year) == (
        "X",
        "单个项目",
        3.0,
        2025,
    )


def test_unknown_key_and_wrong_type_are_diagnostics_with_lines() -> None:
    doc = read_draft("projects:\n  - name: 甲\n    bogus: 1\n    indicators: 不是列表\n", "d.yaml")
    codes = {(d.code, d.location.line) for d in doc.diagnostics}
    assert codes == {("unknown-key", 3), ("bad-type", 4)}
    assert "bogus" in doc.diagnostics[0].message


def test_malformed_yaml_is_a_chinese_error_with_file_and_line(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("projects:\n  - name: 甲\n    value: [未闭合\n  - name: 乙\n", encoding="utf-8")
    out = kpilint("show", str(bad))
    assert out.returncode == 2
    assert f"{bad}:" in out.stderr and "YAML 格式错误" in out.stderr and "提示" in out.stderr
    assert "Traceback" not in out.stderr
    line = int(out.stderr.split(f"{bad}:")[1].split(":")[0])
    assert line in (3, 4)


def test_missing_file_is_exit_2_without_traceback() -> None:
    out = kpilint("show", "no/such/file.yaml")
    assert out.returncode == 2 and "文件不存在" in out.stderr and "Traceback" not in out.stderr


def test_directory_walk_skips_non_draft_yaml(tmp_path) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    (tmp_path / "ci.yml").write_text("jobs: {}\n")
    (tmp_path / "draft.yaml").write_text(
        (EXAMPLES / "clean.yaml").read_text("utf-8"), encoding="utf-8"
    )
    out = kpilint("show", str(tmp_path), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert [d["path"].split("/")[-1] for d in json.loads(out.stdout)["documents"]] == ["draft.yaml"]


def test_stdin_is_read_with_dash() -> None:
    out = kpilint(
        "show", "-", "--format", "json", stdin=(EXAMPLES / "clean.yaml").read_text("utf-8")
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"][0]["projects"][0]["name"] == "科学技术普及经费"


def test_convert_refuses_to_overwrite_its_input(tmp_path) -> None:
    draft = tmp_path / "d.yaml"
    original = (EXAMPLES / "clean.yaml").read_text("utf-8")
    draft.write_text(original, encoding="utf-8")
    out = kpilint("convert", str(draft), "-o", str(draft))
    assert out.returncode == 2 and "拒绝覆盖" in out.stderr
    assert draft.read_text("utf-8") == original


# --- round-trip property ---------------------------------------------------------------------
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)
line_text = text.map(str.strip)
number = st.one_of(
    st.none(), st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2))
)

indicators = st.builds(
    Indicator,
    level1=st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标"]),
    level2=st.sampled_from(["数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"]),
    name=line_text,
    description=line_text,
    value_text=st.one_of(
        line_text, st.sampled_from(["≥90%", "1", "4.86", "≤0.5 万元", "长期", "12.00"])
    ),
    basis=line_text,
    unit=st.one_of(st.none(), line_text),
)
checkpoints = st.lists(
    st.builds(
        Checkpoint,
        label=st.sampled_from(["3月底", "6月底", "10月底", "12月底", "第一季度"]),
        month=st.none(),
        text=st.sampled_from(["10%", "", "100.00", "0.5"]),
    ),
    max_size=4,
    unique_by=lambda c: c.label,
)
projects = st.builds(
    Project,
    code=st.one_of(st.none(), st.from_regex(r"[0-9A-Z]{5,21}", fullmatch=True)),
    name=st.one_of(st.none(), line_text.filter(bool)),
    budget=st.builds(Budget, number, number, number),
    purpose=text,
    spend_plan=st.one_of(st.none(), st.builds(SpendPlan, checkpoints.map(tuple), st.booleans())),
    goals=st.lists(line_text.filter(bool), max_size=3).map(tuple),
    indicators=st.lists(indicators, max_size=4).map(tuple),
)
documents = st.builds(
    Document,
    path=st.just("gen.yaml"),
    unit_code=st.one_of(st.none(), st.from_regex(r"[0-9]{6}", fullmatch=True)),
    unit_name=st.one_of(st.none(), line_text.filter(bool)),
    year=st.one_of(st.none(), st.integers(2000, 2100)),
    money_unit=st.sampled_from(["万元", "元"]),
    overall_goals=text,
    projects=st.lists(projects, max_size=3).map(tuple),
)


def _fix_months(doc: Document) -> Document:
    from dataclasses import replace

    from kpilint.readers.spend_plan import month_of_label

    def plan(p: SpendPlan | None) -> SpendPlan | None:
        if p is None:
            return None
        return replace(
            p, checkpoints=tuple(replace(c, month=month_of_label(c.label)) for c in p.checkpoints)
        )

    return replace(
        doc, projects=tuple(replace(p, spend_plan=plan(p.spend_plan)) for p in doc.projects)
    )


@settings(max_examples=examples(150), deadline=None)
@given(documents.map(_fix_months))
def test_any_document_round_trips_through_a_draft(doc: Document) -> None:
    again = read_draft(write_draft(doc), "gen.yaml")
    assert again == doc
    assert not again.diagnostics
