"""Shared test helpers: where ../shared/ is, and running kpilint as a user would."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from findings_labels import CORPUS_CONFIG

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "pdf"
XLSX = SHARED / "corpus" / "xlsx"  # real declaration workbooks (申报表)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"

# Hypothesis: the main run is derandomised (the same examples every run, on every machine, so
# a red run is reproducible and a green one means the same thing twice); no example database,
# so a failure found once on a laptop does not make that laptop's runs differ from CI's.
# `--hypothesis-profile=fuzz` explores: random examples, FUZZ_FACTOR times as many, the
# database on (README: "Tests"). Each test's count is written `examples(n)`.
FUZZ_FACTOR = 20
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(n: int) -> int:
    """A property test's number of examples: n in the main run, more under the fuzz profile
    (the pytest plugin loads `--hypothesis-profile` before test modules are imported)."""
    return n * FUZZ_FACTOR if settings.get_current_profile_name() == "fuzz" else n


needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds/ is absent (it sits beside the project in CI)"
)


def kpilint(
    *args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (a hang past `timeout` fails the test)."""
    return subprocess.run(
        [sys.executable, "-m", "kpilint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        input=stdin,
        check=False,
        timeout=timeout,
    )


@functools.cache
def example_findings() -> int:
    """How many findings kpilint reports on examples/defects.yaml (JSON, the default rules):
    tests about where a report goes or what surrounds it compare with this, not a fixed count
    that every new rule would change."""
    out = kpilint("check", str(EXAMPLES / "defects.yaml"), "--format", "json")
    return len(json.loads(out.stdout)["findings"])


@pytest.fixture(scope="session")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """One `check` of every seed, corpus PDF and declaration workbook, shared by the tests that read its report. The
    per-file budget is generous: a loaded test machine must not turn the slow read of the
    140-page Guangzhou table into a failure."""
    if not (SEEDS.is_dir() and CORPUS.is_dir()):
        pytest.skip("../shared/seeds/ and ../shared/corpus/ are absent (they sit beside the project in CI)")
    cwd = tmp_path_factory.mktemp("corpus-check")
    (cwd / ".kpilint.yaml").write_text(CORPUS_CONFIG, "utf-8")
    workbooks = [str(XLSX)] if XLSX.is_dir() else []
    return kpilint("check", str(SEEDS), str(CORPUS), *workbooks, "--format", "json", "--jobs", "2", cwd=cwd)
