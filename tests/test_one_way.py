"""`check`, `lint()`, `--fix`, `--annotate`, the HTML report and the Dask recipe give the
same findings for the same inputs and configuration: the seeds (as published text, as
drafts, one as a workbook) and two corpus PDFs, under a configuration that selects,
ignores, overrides a severity and switches a rule off for one folder."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import CORPUS, ROOT, SEEDS, kpilint
from kpilint import Finding, lint, load
from kpilint.config import load_config_file
from kpilint.writers.xlsx import write_xlsx
from kpilint.writers.yaml_draft import write_draft

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir() or not CORPUS.is_dir(),
    reason="../shared/seeds and ../shared/corpus/pdf are absent (they sit beside the project in CI)",
)
PDFS = ("guojia-xinfang-2026.pdf", "changsha-xinfang-2026.pdf")  # small, and a wide-table city
CONFIG = """packs: [core, hebei]
ignore: [KPI311]
severity: {KPI105: info}
per_path_ignores: {"drafts/*": [KPI012, KPI301]}
"""


def _inputs(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "budgets"
    (folder / "drafts").mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
        doc = load(seed)
        (folder / "drafts" / f"{seed.stem}.yaml").write_text(write_draft(doc), encoding="utf-8")
        (folder / f"{seed.stem}.yaml").write_text(write_draft(doc), encoding="utf-8")
    write_xlsx(load(sorted(SEEDS.glob("*.txt"))[0]), folder / "seed.xlsx")
    for name in PDFS:
        shutil.copy(CORPUS / name, folder / name)
    (folder / ".kpilint.yaml").write_text(CONFIG, encoding="utf-8")
    paths = sorted(str(p) for p in folder.rglob("*") if p.is_file() and p.name != ".kpilint.yaml")
    return folder, paths


def _by_path(findings: list[dict], folder: Path) -> dict[str, list[dict]]:
    """check's findings by file, each named by its absolute path as the library was given it
    (check names a file from the project's folder, where its configuration is)."""
    out: dict[str, list[dict]] = {}
    for f in findings:
        path = str(folder / f["path"])
        out.setdefault(path, []).append({k: v for k, v in f.items() if k not in ("fixable", "fix")} | {"path": path})
    return out


def _where(f: dict) -> str:
    return Finding(**{k: f[k] for k in ("rule", "name", "severity", "message", "path", "line",
                                        "column", "cell", "page")}).where  # fmt: skip


class _Sections(HTMLParser):
    """The HTML report's listed findings per file: (rule, severity, text of the item)."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.heading: list[str] | None = None
        self.item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "h2":
            self.heading = []
        elif tag == "span" and self.heading is not None:
            self._close_heading()
        elif tag == "li" and "data-rule" in a and self.current is not None:
            self.item = [a["data-rule"], a["data-severity"], ""]
            self.files[self.current].append(self.item)

    def _close_heading(self) -> None:
        if self.heading is not None:
            self.current = "".join(self.heading).strip()
            self.files.setdefault(self.current, [])
            self.heading = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._close_heading()
        elif tag == "li":
            self.item = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)
        if self.item is not None:
            self.item[2] += data


def _recipe():
    spec = importlib.util.spec_from_file_location("dask_audit", ROOT / "docs" / "recipes" / "dask_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_way_in_gives_the_findings_check_reports(tmp_path) -> None:
    folder, paths = _inputs(tmp_path)
    config = load_config_file(folder / ".kpilint.yaml")
    out = kpilint("check", *paths, "--format", "json", "--jobs", "2", cwd=folder)
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert not [f for f in report["files"] if f["error"]]
    cli = _by_path(report["findings"], folder)
    rules = {f["rule"] for fs in cli.values() for f in fs}
    assert "KPI311" not in rules and {"KPI301", "KPI012"} & rules, rules  # the configuration holds
    drafts = [p for p in paths if "/drafts/" in p]
    assert not [f for p in drafts for f in cli.get(p, []) if f["rule"] in ("KPI012", "KPI301")]

    # lint(): the library, one path at a time, same Config
    linted = {path: lint(path, config) for path in paths}
    for path in paths:
        assert [f.to_json() for f in linted[path]] == cli.get(path, []), Path(path).name

    # html: every finding listed once, under its file, with its message
    page = tmp_path / "report.html"
    assert kpilint("check", *paths, "--format", "html", "-o", str(page), cwd=folder).returncode == 1
    sections = _Sections()
    sections.feed(page.read_text("utf-8"))
    for path in paths:
        listed = sections.files.get(os.path.relpath(path, folder), [])  # named from the project's folder
        expected = cli.get(path, [])
        assert Counter((r, s) for r, s, _ in listed) == Counter((f["rule"], f["severity"]) for f in expected), path
        texts = " ".join(t for _, _, t in listed)
        assert all(f["message"] in texts for f in expected), path

    # --annotate: the workbook's kpilint sheet lists exactly check's findings for it
    book = next(p for p in paths if p.endswith(".xlsx"))
    marked = tmp_path / "marked.xlsx"
    assert kpilint("check", book, "--annotate", str(marked), cwd=folder).returncode == 1
    rows = list(load_workbook(marked)["kpilint"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[6]) for r in rows] == [(f["rule"], f["message"], f["cell"]) for f in cli[book]]

    # --fix: --diff changes exactly the lines and cells of the safe fixes check reports
    for path in [p for p in paths if p.endswith((".yaml", ".xlsx"))]:
        safe = {e.location.line or f"{e.location.sheet}!{e.location.cell}"
                for f in linted[path] if f.fixable and f.fix_safe for e in f.edits}  # fmt: skip
        assert len(safe) >= sum(f["fix"] == "safe" for f in report["findings"] if str(folder / f["path"]) == path)
        diff = kpilint("check", path, "--diff", cwd=folder).stdout
        changed = _changed_places(diff)
        assert changed == safe, (Path(path).name, changed, safe)
    assert any(_changed_places(kpilint("check", p, "--diff", cwd=folder).stdout) for p in paths
               if p.endswith(".yaml") and "/drafts/" not in p)  # fmt: skip


@pytest.mark.slow
def test_the_dask_recipe_on_a_two_worker_cluster_gives_the_findings_check_reports(tmp_path) -> None:
    pytest.importorskip("dask.distributed", reason="dask[distributed] is a test extra")
    from dask.distributed import Client, LocalCluster

    folder, paths = _inputs(tmp_path)
    config = load_config_file(folder / ".kpilint.yaml")
    out = kpilint("check", *paths, "--format", "json", "--jobs", "2", cwd=folder)
    cli = _by_path(json.loads(out.stdout)["findings"], folder)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        results = list(_recipe().audit(paths, client, config))
    assert sorted(path for path, _, _ in results) == paths
    for path, findings, error in results:
        assert error is None and [f.to_json() for f in findings] == cli.get(path, []), Path(path).name


def _changed_places(diff: str) -> set:
    """Lines of a draft (from the hunks' `-` lines) or cells of a workbook a diff changes."""
    places: set = set()
    line = 0
    for text in diff.splitlines():
        if m := re.match(r"^@@ -(\d+)", text):
            line = int(m.group(1))
        elif m := re.match(r"^-(\S+![A-Z]+\d+): ", text):
            places.add(m.group(1))
        elif text.startswith("-") and not text.startswith("---"):
            places.add(line)
            line += 1
        elif not text.startswith("+"):
            line += 1
    return places
