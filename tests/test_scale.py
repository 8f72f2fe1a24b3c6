"""Past one machine: `lint` maps over files on any engine, with the findings `check` reports.

The Dask test runs the recipe in docs/recipes/dask_audit.py on a real LocalCluster (two
worker processes) and compares with the single-process command line, file by file."""

from __future__ import annotations

import importlib.util
import json
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, EXAMPLES, FIXTURES, ROOT, kpilint
from kpilint import Config, lint, load
from kpilint.writers.xlsx import write_xlsx

SUPPRESSED = """department: {name: 某局, year: 2026}
projects:
  - name: 宣传经费
    budget: 2.00
    spend_plan: {3月底: 10%, 6月底: 60%, 9月底: 90%, 12月底: 100%}
    indicators:
      - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ≥90, basis: 计划}  # kpilint: ignore[KPI301]
      - {level1: 产出指标, level2: 数量指标, name: 培训次数, value: ≥4 次, basis: 计划}
"""


def _folder(tmp_path: Path) -> Path:
    """One of each input kind kpilint reads, a draft with an inline ignore, and a broken file."""
    folder = tmp_path / "budgets"
    folder.mkdir()
    for name in ("defects.yaml", "clean.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    write_xlsx(load(EXAMPLES / "defects.yaml"), folder / "defects.xlsx")
    shutil.copy(FIXTURES / "text" / "wrapped_small.txt", folder / "published.txt")
    (folder / "suppressed.yaml").write_text(SUPPRESSED, encoding="utf-8")
    (folder / "broken.yaml").write_text("projects:\n  - name: [未闭合\n", encoding="utf-8")
    pdfs = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    if pdfs:  # the smallest real budget, when ../shared/ is beside the project
        shutil.copy(min(pdfs, key=lambda p: p.stat().st_size), folder / "published.pdf")
    return folder


def _cli_findings(folder: Path) -> dict[str, list[dict]]:
    run = kpilint("check", str(folder), "--format", "json", "--jobs", "1")
    assert run.returncode == 2, run.stderr  # the broken file makes it 2
    by_path: dict[str, list[dict]] = {}
    for f in json.loads(run.stdout)["findings"]:
        fixable = {k: f.pop(k) for k in ("fixable", "fix")}  # the report's own additions
        assert fixable["fixable"] == (fixable["fix"] is not None)
        by_path.setdefault(f["path"], []).append(f)
    return by_path


def test_documents_and_findings_pickle_both_ways(tmp_path) -> None:
    folder = _folder(tmp_path)
    for path in sorted(folder.iterdir()):
        if path.name == "broken.yaml":
            continue
        doc = load(path)
        again = pickle.loads(pickle.dumps(doc))
        assert again == doc, path.name
        assert [i.where("value") for p in again.projects for i in p.indicators] == [
            i.where("value") for p in doc.projects for i in p.indicators
        ], path.name
        found = lint(doc)
        assert pickle.loads(pickle.dumps(found)) == found
        assert lint(again) == found, path.name


def test_lint_of_a_path_is_what_check_reports_for_that_file(tmp_path) -> None:
    folder = _folder(tmp_path)
    cli = _cli_findings(folder)
    suppressed = [f.rule for f in lint(folder / "suppressed.yaml")]
    assert "KPI301" not in suppressed, "an inline ignore must hold for the library too"
    for path in sorted(folder.iterdir()):
        if path.name == "broken.yaml":
            continue
        assert [f.to_json() for f in lint(str(path))] == cli.get(str(path), []), path.name


def _recipe():
    spec = importlib.util.spec_from_file_location(
        "dask_audit", ROOT / "docs" / "recipes" / "dask_audit.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_dask_recipe_on_a_two_worker_cluster_equals_the_single_process_run(tmp_path) -> None:
    pytest.importorskip(
        "dask.distributed", reason="dask[distributed] is a test extra: pip install -e '.[test]'"
    )
    from dask.distributed import Client, LocalCluster

    recipe = _recipe()
    folder = _folder(tmp_path)
    paths = sorted(str(p) for p in folder.iterdir())
    cli = _cli_findings(folder)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        results = list(recipe.audit(paths, client, Config()))
        workers = {w["host"] + str(w["id"]) for w in client.scheduler_info()["workers"].values()}
    assert len(workers) == 2
    assert sorted(path for path, _, _ in results) == paths
    errors = {path: error for path, _, error in results if error}
    assert list(errors) == [str(folder / "broken.yaml")]
    assert "YAML" in errors[str(folder / "broken.yaml")]
    for path, findings, _ in results:
        assert [f.to_json() for f in findings] == cli.get(path, []), Path(path).name
    assert sum(len(f) for _, f, _ in results) == sum(len(v) for v in cli.values()) > 10
