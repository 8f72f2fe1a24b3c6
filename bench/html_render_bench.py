"""The HTML report's rendering time as the number of files grows (issue 25: it was quadratic).

    python bench/html_render_bench.py

Each file is examples/defects.yaml under another name (15 findings, 2 projects), its
document kept as `check --format html` keeps it; only `html.render` is timed, in this
process. Linear: doubling the files doubles the time.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from kpilint import load  # noqa: E402
from kpilint.config import Config  # noqa: E402
from kpilint.core import FileResult, findings_for  # noqa: E402
from kpilint.reporters import Report, html  # noqa: E402


def main() -> int:
    doc = load(ROOT / "examples" / "defects.yaml")
    found = findings_for(doc, Config())
    for files in (1000, 2000, 4000, 8000):
        results = [FileResult(f"d{n}.yaml", tuple(replace(f, path=f"d{n}.yaml") for f in found), projects=2,
                              document=replace(doc, path=f"d{n}.yaml")) for n in range(files)]  # fmt: skip
        report = Report.of(results, [], "zh")
        started = time.perf_counter()
        page = html.render(report)
        print(f"{files} files, {len(report.findings)} findings: {time.perf_counter() - started:.2f} s, "
              f"{len(page) // 1000} kB", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
