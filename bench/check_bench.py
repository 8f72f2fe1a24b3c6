"""End-to-end `kpilint check` against the floor of just loading the same files.

    python bench/check_bench.py --projects 1000 10000 [--json bench/results/check.json]

Generates realistic drafts (one department of 20 projects per file; the value forms,
category mix, defect rates and text lengths of the seeds), then measures, side by side:
the floor (PyYAML's C loader on every file, nothing else), `kpilint check --jobs 1` and
`--jobs 2` (same output required), and peak RSS. Nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VALUES = [(20, "≥90%"), (8, "≥{n} 次"), (6, "≤{m} 万元"), (6, "100%"), (4, "≥95 %"), (4, "长期"), (3, "显著提升"),
          (3, "≥{n} 人"), (3, "≤1 年"), (3, "≥90"), (2, "2026年12月底之前"), (2, "≥{n} 天"), (1, "≥{n}"),
          (1, "＞＝９０％")]  # fmt: skip
LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
          ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标")]  # fmt: skip


def generate(root: Path, projects: int, seed: int = 2026) -> int:
    rng = random.Random(seed)
    weights = [w for w, _ in VALUES]
    per_file, n = 20, 0
    for dept in range((projects + per_file - 1) // per_file):
        lines = [f"department: {{code: '{dept:06d}', name: 部门{dept}, year: 2026}}", "projects:"]
        for _ in range(min(per_file, projects - n)):
            n += 1
            budget = rng.choice([2.0, 5.0, 12.0, 26.0, 100.0])
            lines += [f"  - code: 13082626P{n:012d}", f"    name: 项目{n}", f"    budget: {{total: {budget:.2f}, fiscal: {budget:.2f}}}",
                      "    purpose: 用于开展丰富多彩的科普活动，印制宣传资料，组织培训，提升群众科学素质。",
                      "    spend_plan: {3月底: 10%, 6月底: 60%, 10月底: 90%, 12月底: " + rng.choice(["100%", "100%", "85%"]) + "}",
                      "    goals: [1.开展科普活动，提升群众科学素质]", "    indicators:"]  # fmt: skip
            for k in range(12):
                l1, l2 = LEVELS[k % len(LEVELS)]
                value = rng.choices(VALUES, weights)[0][1].format(n=rng.randint(1, 500), m=budget)
                lines.append(f"      - {{level1: {l1}, level2: {l2}, name: 指标{k}, description: 反映指标{k}的完成情况, "
                             f"value: '{value}', basis: 年度工作计划}}")  # fmt: skip
        (root / f"dept{dept:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def floor(root: Path) -> float:
    import yaml

    t0 = time.perf_counter()
    for path in sorted(root.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            yaml.load(fh, Loader=yaml.CSafeLoader)
    return time.perf_counter() - t0


def check(root: Path, jobs: int, out: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kpilint", "check", str(root), "--jobs", str(jobs), "--format", "json",
                    "--output", str(out)], check=False)  # fmt: skip
    seconds = time.perf_counter() - t0
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    results = []
    print(
        f"{'projects':>9}{'files':>7}{'floor s':>9}{'jobs1 s':>9}{'×floor':>8}{'jobs2 s':>9}{'speedup':>9}{'same':>6}{'peak MB':>9}"
    )
    for projects in args.projects:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "drafts"
            root.mkdir()
            generate(root, projects)
            base = floor(root)
            one, rss1 = check(root, 1, Path(tmp) / "one.json")
            two, rss2 = check(root, 2, Path(tmp) / "two.json")
            same = (Path(tmp) / "one.json").read_bytes() == (Path(tmp) / "two.json").read_bytes()
            files = len(list(root.glob("*.yaml")))
        row = {"projects": projects, "files": files, "floor_s": base, "jobs1_s": one, "jobs2_s": two,
               "ratio_to_floor": one / base, "speedup_2_jobs": one / two, "same_output": same, "peak_rss_mb": max(rss1, rss2)}  # fmt: skip
        results.append(row)
        print(
            f"{projects:>9}{files:>7}{base:>9.1f}{one:>9.1f}{one / base:>8.1f}{two:>9.1f}{one / two:>9.2f}{same!s:>6}{row['peak_rss_mb']:>9}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
