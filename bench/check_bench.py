"""End-to-end `kpilint check` against the floor of just loading the same files.

    python bench/check_bench.py --projects 1000 10000 [--json bench/results/check.json]
    python bench/check_bench.py --before ../main/src     # and an older tree, side by side

Generates realistic drafts (one department of 20 projects per file; the value forms,
category mix, defect rates and text lengths of the seeds), then measures, side by side:
the floor (PyYAML's C loader on every file, nothing else), `kpilint check --jobs 1` and
`--jobs 2` (same output required), peak RSS, and start-up (`kpilint --version` and a
one-file check, best of several). With `--before SRC` the same runs of the kpilint whose
package is in SRC follow each of this tree's, on the same files. Nothing here is asserted
in tests.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"
PLANS = ["{3月底: 10%, 6月底: 60%, 10月底: 90%, 12月底: 100%}"] * 6 + [
    "{3月底: 10%, 6月底: 60%, 10月底: 90%, 12月底: 85%}",  # stops short (KPI102)
    "{3月底: 25%, 6月底: 50%, 9月底: 75%, 12月底: 100%}",
    "{3月底: 10%, 6月底: 60%, 10月底: 90%, 12月底: }",  # a blank checkpoint (KPI104)
    "{3月底: 2, 6月底: 6, 10月底: 9, 12月底: 12}",  # amounts, not percentages (KPI103)
]


def seed_pool() -> tuple[list[list[str]], list[dict]]:
    """Indicator rows and projects as the seeds print them (our fixtures, read row by row)."""
    import yaml

    rows, projects = [], []
    for path in sorted(SEEDS.glob("0*.yaml")):
        for project in yaml.safe_load(path.read_text(encoding="utf-8"))["projects"]:
            projects.append(project)
            rows += [[str(c) for c in row] for row in project["indicators"]]
    return rows, projects


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _redraw(value: str, rng: random.Random) -> str:
    """Counts and amounts scaled by 0.5–2× half the time; percentages and years kept."""

    def scale(m: re.Match[str]) -> str:
        if rng.random() < 0.5 or len(m.group()) == 4:
            return m.group()
        decimals = len(m.group(2) or "") - 1 if m.group(2) else 0
        return f"{float(m.group()) * rng.uniform(0.5, 2):.{max(decimals, 0)}f}"

    return re.sub(r"(\d+)(\.\d+)?(?![\d.]*\s*[%％])", scale, value)


def generate(root: Path, projects: int, seed: int = 2026) -> int:
    """One department of 20 projects per file; every indicator row is a seed row, its numbers
    redrawn (so values are as varied as a province's), its form and wording kept (so the
    category mix, defect rates and text lengths are the seeds')."""
    rng = random.Random(seed)
    rows, seeds = seed_pool()
    order = {"产出指标": 0, "效益指标": 1, "满意度指标": 2}
    per_file, n = 20, 0
    for dept in range((projects + per_file - 1) // per_file):
        lines = [f"department: {{code: '{dept:06d}', name: 部门{dept}, year: 2025}}", "projects:"]
        for _ in range(min(per_file, projects - n)):
            n += 1
            model = rng.choice(seeds)
            budget = rng.choice([2.0, 5.0, 12.0, 26.0, 100.0, 0.91, 380.5])
            goals = model.get("goals") or ["1.完成年度工作任务"]
            lines += [f"  - code: 13082626P{n:012d}", f"    name: {_q(str(model['name']) + str(n))}",
                      f"    budget: {{total: {budget:.2f}, fiscal: {budget:.2f}}}",
                      f"    purpose: {_q(str(goals[0]))}",
                      f"    spend_plan: {rng.choice(PLANS)}",
                      f"    goals: [{', '.join(_q(str(g)) for g in goals)}]", "    indicators:"]  # fmt: skip
            for l1, l2, name, desc, value, basis in sorted(
                rng.sample(rows, 12), key=lambda r: order.get(r[0], 3)
            ):
                value = _redraw(value, rng)
                lines.append(f"      - {{level1: {_q(l1)}, level2: {_q(l2)}, name: {_q(name)}, "
                             f"description: {_q(desc)}, value: {_q(value)}, basis: {_q(basis)}}}")  # fmt: skip
        (root / f"dept{dept:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def floor(root: Path) -> float:
    """PyYAML's C loader on every file, nothing else — in a child process, so the memory it
    takes is not counted against the kpilint runs started after it (Linux keeps a process's
    peak RSS across fork and exec)."""
    code = (
        "import sys, time, yaml\n"
        "from pathlib import Path\n"
        "t0 = time.perf_counter()\n"
        "for path in sorted(Path(sys.argv[1]).glob('*.yaml')):\n"
        "    with path.open(encoding='utf-8') as fh:\n"
        "        yaml.load(fh, Loader=yaml.CSafeLoader)\n"
        "print(time.perf_counter() - t0)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True
    )
    return float(run.stdout)


def _env(src: str | None) -> dict[str, str] | None:
    """The environment that runs the kpilint in `src` (None: this environment's)."""
    return None if src is None else {**os.environ, "PYTHONPATH": str(Path(src).resolve())}


def startup(src: str | None = None, runs: int = 15) -> dict[str, float]:
    """Best and median wall milliseconds of `python -c pass`, `kpilint --version` and a
    check of examples/clean.yaml (each in a new process)."""
    clean = str(Path(__file__).resolve().parents[1] / "examples" / "clean.yaml")
    commands = {"python": ["-c", "pass"], "version": ["-m", "kpilint", "--version"],
                "one_file": ["-m", "kpilint", "check", clean]}  # fmt: skip
    out = {}
    for name, args in commands.items():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, *args], env=_env(src), stdout=subprocess.DEVNULL, check=False)
            times.append((time.perf_counter() - t0) * 1000)
        out[f"{name}_ms_best"], out[f"{name}_ms_median"] = min(times), sorted(times)[len(times) // 2]
    return out


def check(root: Path, jobs: int, out: Path, src: str | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (MB) of one `kpilint check` run, its worker processes included.

    Linux hands a parent's peak RSS down to the processes it starts (it survives fork and
    exec), so this process must stay small: the floor and the reports are never read here."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kpilint", "check", str(root), "--jobs", str(jobs),
                             "--format", "json", "--output", str(out)], env=_env(src))  # fmt: skip
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = 0  # reaped above
    return seconds, usage.ru_maxrss // 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--before", metavar="SRC", help="also run the kpilint package found in SRC")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    trees = {"this": None} | ({"before": args.before} if args.before else {})
    results: list[dict] = []
    for name, src in trees.items():
        up = startup(src)
        results.append({"tree": name, **up})
        print(f"start-up ({name}): python {up['python_ms_best']:.0f} ms, --version {up['version_ms_best']:.0f} ms,"
              f" one-file check {up['one_file_ms_best']:.0f} ms (best of 15)")  # fmt: skip
    print(
        f"{'tree':>7}{'projects':>9}{'files':>7}{'floor s':>9}{'jobs1 s':>9}{'×floor':>8}{'jobs2 s':>9}{'speedup':>9}{'same':>6}{'MB j1':>7}{'MB j2':>7}"
    )
    for projects in args.projects:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "drafts"
            root.mkdir()
            generate(root, projects)
            files = len(list(root.glob("*.yaml")))
            for name, src in trees.items():
                base = floor(root)
                one, rss1 = check(root, 1, Path(tmp) / f"{name}1.json", src)
                two, rss2 = check(root, 2, Path(tmp) / f"{name}2.json", src)
                # compared in chunks: a process's peak RSS passes to the children it starts later
                same = filecmp.cmp(Path(tmp) / f"{name}1.json", Path(tmp) / f"{name}2.json", shallow=False)
                if name != "this":
                    same = same and filecmp.cmp(Path(tmp) / "this1.json", Path(tmp) / f"{name}1.json", shallow=False)
                row = {"tree": name, "projects": projects, "files": files, "floor_s": base, "jobs1_s": one,
                       "jobs2_s": two, "ratio_to_floor": one / base, "speedup_2_jobs": one / two,
                       "same_output": same, "peak_rss_mb_jobs1": rss1,
                       "peak_rss_mb_jobs2_largest_process": rss2}  # fmt: skip
                results.append(row)
                print(
                    f"{name:>7}{projects:>9}{files:>7}{base:>9.1f}{one:>9.1f}{one / base:>8.2f}{two:>9.1f}{one / two:>9.2f}{same!s:>6}{rss1:>7}{rss2:>7}",
                    flush=True,
                )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
