"""How long `kpilint diff` takes once both files are read: pairing and the year-over-year rules.

Two pairs: the largest real table (Guangzhou's 300 projects) against itself, and a synthetic
province — N projects of 8 rows each, last year's and this year's differing as years do (a
fifth of the values changed, a tenth of the rows dropped, a tenth of the projects renamed with
the year, a twentieth new) — so the cost grows where it should (the pairing is by dictionaries,
linear in projects; rows pair inside a project).

Run: python bench/diff_bench.py [--projects N]   Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from pathlib import Path

from kpilint.core.diff import diff
from kpilint.core.formats import load
from kpilint.engine.examples import BASE_PROJECT
from kpilint.readers.yaml_draft import read_draft

SHARED = Path(__file__).resolve().parents[2] / "shared"
ROWS = [("产出指标", "数量指标", "培训人次", "≥{}人次"), ("产出指标", "质量指标", "验收合格率", "≥{}%"),
        ("产出指标", "时效指标", "完成时间", "2026年{}月底前"), ("产出指标", "成本指标", "培训成本", "≤{}万元"),
        ("效益指标", "社会效益指标", "群众知晓率", "≥{}%"), ("效益指标", "可持续影响指标", "设备故障率", "≤{}%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥{}%"), ("产出指标", "数量指标", "举办讲座场次", "不低于上年")]  # fmt: skip


def _province(projects: int, seed: int) -> tuple[str, str]:
    """Last year's and this year's drafts, as YAML text."""
    import yaml

    rng = random.Random(seed)
    years: list[list[dict]] = [[], []]
    for n in range(projects):
        rows = [{"level1": a, "level2": b, "name": c, "value": form.format(rng.randint(1, 12 if "月" in form else 99))}
                for a, b, c, form in ROWS]  # fmt: skip
        name = f"专项经费{n:05d}"
        last = {**BASE_PROJECT, "code": f"P{n:08d}", "name": name, "indicators": rows}
        this_rows = [dict(r) for r in rows if rng.random() > 0.1]
        for r in this_rows:
            if rng.random() < 0.2 and "上年" not in r["value"]:
                r["value"] = r["value"].replace("9", "8")
        renamed = rng.random() < 0.1
        this = {**last, "indicators": this_rows, "code": f"Q{n:08d}" if renamed else last["code"],
                "name": f"2026年{name}" if renamed else name}  # fmt: skip
        years[0].append(last)
        if rng.random() > 0.05:
            years[1].append(this)
    dept = {"code": "307001", "name": "某省", "year": 2026, "money_unit": "万元"}
    return tuple(yaml.safe_dump({"department": dept, "projects": y}, allow_unicode=True) for y in years)  # type: ignore[return-value]


def _time(label: str, last, this) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    outcome = diff(last, this)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    projects = len(outcome.this.projects)
    print(f"{label}: {projects} projects, {len(outcome.result.findings)} findings, {took:.2f} s "
          f"({projects / took:,.0f} projects/s), peak {peak / 2**20:.0f} MiB, pairing {outcome.matching.summary()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=2000)
    args = parser.parse_args()
    guangzhou = SHARED / "corpus" / "pdf" / "guangzhou-shengtai-2026.pdf"
    if guangzhou.exists():
        doc = load(guangzhou)
        _time("guangzhou-shengtai-2026.pdf against itself", doc, doc)
    last, this = _province(args.projects, seed=26)
    _time("synthetic province", read_draft(last, "2025.yaml"), read_draft(this, "2026.yaml"))


if __name__ == "__main__":
    main()
