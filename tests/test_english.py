"""Under `--lang en` (or `lang: en` in the configuration) kpilint says everything of its own
in English: notes, errors and hints, the summary, statistics, settings, progress. What it
quotes from the document — a project's name, an indicator, a value — is data and stays as
written, so the test allows a Chinese run of characters only where the input holds it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import EXAMPLES, kpilint

#: a run of Chinese characters or full-width punctuation
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


#: a name in quotes: the document's, or a table's own heading (“项目编码”), named as printed
QUOTED = re.compile(r"“[^”\n]*”")


def _own_chinese(output: str, *inputs: Path) -> list[str]:
    """The Chinese runs of `output` that no input holds and no quotes mark as a name:
    kpilint's own wording."""
    data = "".join(p.read_text("utf-8", errors="replace") for p in inputs if p.is_file())
    return [run for run in CJK.findall(QUOTED.sub("“”", output)) if run not in data]


def _project(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "defects.yaml", tmp_path / "d.yaml")
    shutil.copy(EXAMPLES / "clean.yaml", tmp_path / "c.yaml")
    clean = (EXAMPLES / "clean.yaml").read_text("utf-8").replace("basis: 历史标准}", "basis: 历史标准}  # kpilint: ignore[KPI301]")
    (tmp_path / "stale.yaml").write_text(clean, "utf-8")  # an inline ignore that silences nothing
    odd = (EXAMPLES / "clean.yaml").read_text("utf-8").replace("money_unit: 万元", "money_unit: 美元\n  colour: red")
    odd = odd.replace("  year: 2026\n", "  year: 二〇二六\n  year: 2026\n")
    (tmp_path / "odd.yaml").write_text(odd, "utf-8")  # reading notes: a unit, a key twice, a key unknown
    (tmp_path / "empty").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "build.yml").write_text("on: push\njobs: {}\n", "utf-8")
    (tmp_path / "blank.yaml").write_text("# to be written\n", "utf-8")
    (tmp_path / "broken.yaml").write_text("projects: [\n", "utf-8")
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04")
    (tmp_path / "b.json").write_text("{not json", "utf-8")
    return tmp_path


RUNS = [  # (arguments, expected exit code, English that must appear)
    (("check", "d.yaml"), 1, "findings ("),
    (("check", "d.yaml", "--statistics"), 1, "findings ("),
    (("check", "d.yaml", "--show-settings"), 0, "defaults used"),
    (("check", "d.yaml", "-v", "--format", "json"), 1, "no configuration file found"),
    (("check", "d.yaml", "--diff"), 1, "+++ b/d.yaml"),
    (("check", "d.yaml", "--write-baseline", "new.json"), 0, "wrote the baseline new.json"),
    (("check", "copy.yaml", "--fix"), 1, "fixed "),
    (("check", "missing.yaml"), 2, "no such file"),
    (("check", "empty"), 2, "the folder holds no file kpilint checks"),
    (("check", "ci"), 2, "1 YAML file in it are not drafts"),
    (("check", "blank.yaml"), 2, "the draft holds no project"),
    (("check", "broken.yaml"), 2, "YAML syntax error"),
    (("check", "notes.odt"), 2, "unsupported file type"),
    (("check", "d.yaml", "--select", "KPI3O1"), 2, "did you mean “KPI301”"),
    (("check", "d.yaml", "--baseline", "b.json"), 2, "the baseline is not valid JSON"),
    (("check", "d.yaml", "-o", "d.yaml"), 2, "the output is the input file this run reads"),
    (("check", "d.yaml", "--jobs", "many"), 2, "usage error"),
    (("check", "-", "--fix"), 2, "standard input cannot be fixed"),
    (("check", "stale.yaml"), 0, "KPI900 [warning] The suppression on line"),
    (("check", "odd.yaml"), 0, "the field “year” is written twice"),
    (("diff", "d.yaml", "c.yaml"), 0, "matched by code"),
    (("diff", "d.yaml", "c.yaml", "-o", "d.yaml"), 2, "the -o/--output file is LAST"),
]


def test_every_message_of_kpilint_own_is_english_under_lang_en(tmp_path) -> None:
    project = _project(tmp_path)
    for args, code, english in RUNS:
        if "copy.yaml" in args:
            shutil.copy(project / "d.yaml", project / "copy.yaml")
        out = kpilint(*args, "--lang", "en", cwd=project, stdin="")
        said = out.stdout + out.stderr
        assert out.returncode == code and english in said, (args, said)
        assert "Traceback" not in said
        assert _own_chinese(said, *project.glob("*.yaml")) == [], (args, said)


def test_the_configuration_language_is_used_for_the_run_messages_too(tmp_path) -> None:
    project = _project(tmp_path)
    (project / ".kpilint.yaml").write_text("lang: en\n", "utf-8")
    for args in (("check", "missing.yaml"), ("check", "empty"), ("check", "d.yaml", "--select", "KPI3O1")):
        out = kpilint(*args, cwd=project)
        assert out.returncode == 2 and _own_chinese(out.stdout + out.stderr, project / "d.yaml") == [], out.stderr
    (project / ".kpilint.yaml").write_text("lang: en\nselct: [KPI3]\n", "utf-8")
    out = kpilint("check", "d.yaml", cwd=project)
    assert out.returncode == 2 and "unknown setting “selct”" in out.stderr and "did you mean “select”" in out.stderr


def test_chinese_stays_the_default(tmp_path) -> None:
    project = _project(tmp_path)
    out = kpilint("check", "missing.yaml", "empty", "blank.yaml", cwd=project)
    assert "missing.yaml: 错误: 文件不存在" in out.stderr and "empty: 错误: 目录中没有" in out.stderr
    assert "blank.yaml: 错误: 草稿中没有项目" in out.stderr and "共 0 个问题" in out.stdout


def test_a_configuration_in_error_is_said_in_english_when_it_asks_for_english(tmp_path) -> None:
    project = _project(tmp_path)
    for text, english in (("lang: en\nfail_on: [error]\n", "fail_on is one of"),
                          ("lang: en\nseverity: {KPI301: loud}\n", "the level of KPI301 in severity"),
                          ("lang: en\nselect: KPI3\n", "select takes a list of rule ids"),
                          ("lang: en\npacks: [hebie]\n", "did you mean “hebei”")):  # fmt: skip
        (project / ".kpilint.yaml").write_text(text, "utf-8")
        out = kpilint("check", "d.yaml", cwd=project)
        assert out.returncode == 2 and english in out.stderr, out.stderr
        assert _own_chinese(out.stderr, project / "d.yaml") == [], out.stderr


def test_every_message_named_in_the_code_is_in_the_table_in_both_languages_with_the_same_fields() -> None:
    import string

    from conftest import ROOT
    from kpilint.texts import TEXTS

    named = set()
    for path in (ROOT / "src" / "kpilint").rglob("*.py"):
        text = path.read_text("utf-8")
        named |= set(re.findall(r"\b(?:say|say_in|counted)\((?:[a-z_.]+, )?[\"']([a-z0-9-]+)[\"']", text))
    assert named and named - set(TEXTS) == set()
    for key, (zh, en) in TEXTS.items():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
        # English may add plural endings (`{s}`, `{files_s}`) that Chinese has no use for
        assert fields[0] == {f for f in fields[1] if not f.endswith("s") or f in fields[0]}, key
