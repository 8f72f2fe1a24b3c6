"""Reading speed of the table readers: PDF pages/s (split by stage) and xlsx rows/s.

PDF: each backend in turn over the whole corpus, in one run — `pdfplumber` (pdfminer parses
every candidate page, the reading before issue 18) and `pdfium` (characters and rulings
from pdfium, fed to pdfplumber's table finder) — and the peak memory of reading the
largest file with each.

Run: python bench/readers_bench.py [--corpus ../shared/corpus/pdf] [--backends pdfplumber pdfium]
     [--json bench/results/readers.json]
Figures go in bench/README.md; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def bench_pdf(corpus: Path, backend: str = "pdfium") -> list[dict]:
    from kpilint.readers.page_classes import page_hint
    from kpilint.readers.pdf import candidate_pages, extract_tables, page_texts
    from kpilint.readers.tables import read_tables

    rows = []
    for pdf in sorted(corpus.glob("*.pdf")):
        t0 = time.perf_counter()
        texts = page_texts(str(pdf))
        t1 = time.perf_counter()
        pages = candidate_pages([page_hint(t) for t in texts])
        tables = extract_tables(str(pdf), pages, backend)
        t2 = time.perf_counter()
        reading = read_tables(tables, str(pdf))
        t3 = time.perf_counter()
        rows.append({"file": pdf.name, "pages": len(texts), "table_pages": len(pages),
                     "projects": len(reading.projects), "text_s": t1 - t0, "tables_s": t2 - t1,
                     "interpret_s": t3 - t2, "total_s": t3 - t0})  # fmt: skip
    return rows


def peak_rss(path: Path, backend: str) -> float:
    """MB at the peak of reading one PDF (`read_pdf`, all stages) in a fresh process (its
    own high-water mark: `ru_maxrss` would report the bench's, which a child inherits)."""
    code = (
        "import sys; from kpilint.limits import DEFAULT_LIMITS; "
        "from kpilint.readers.pdf import read_pdf; read_pdf(sys.argv[1], DEFAULT_LIMITS, sys.argv[2]); "
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), backend], capture_output=True,
                         text=True, check=True)  # fmt: skip
    return int(out.stdout.split()[-1]) / 1024


def _print_pdf(name: str, pdf: list[dict]) -> float:
    print(f"{name}")
    print(
        f"{'file':<28}{'pages':>6}{'table':>6}{'proj':>6}{'text s':>9}{'tables s':>10}{'interp s':>10}{'pages/s':>9}"
    )
    for r in pdf:
        print(f"{r['file']:<28}{r['pages']:>6}{r['table_pages']:>6}{r['projects']:>6}{r['text_s']:>9.2f}"
              f"{r['tables_s']:>10.2f}{r['interpret_s']:>10.2f}{r['pages'] / r['total_s']:>9.1f}")  # fmt: skip
    pages = sum(r["pages"] for r in pdf)
    total = sum(r["total_s"] for r in pdf)
    split = {k: sum(r[k] for r in pdf) for k in ("text_s", "tables_s", "interpret_s")}
    print(f"{'all':<28}{pages:>6}{sum(r['table_pages'] for r in pdf):>6}{sum(r['projects'] for r in pdf):>6}"
          f"{split['text_s']:>9.2f}{split['tables_s']:>10.2f}{split['interpret_s']:>10.2f}{pages / total:>9.1f}")  # fmt: skip
    return pages / total


def bench_xlsx(projects: int) -> dict:
    from kpilint import load
    from kpilint.model import Budget, Document, Indicator, Project
    from kpilint.writers.xlsx import write_xlsx

    inds = tuple(
        Indicator("产出指标", "数量指标", f"指标{k}", "描述", "≥90%", "计划标准") for k in range(10)
    )
    doc = Document("b.xlsx", "307001", "示例", 2026, "万元", "", tuple(
        Project(f"13082626P00208810{n:04d}", f"项目{n}", Budget(10.0, 10.0, 0.0), "用途", None, ("1.目标",), inds)
        for n in range(projects)))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlsx"
        write_xlsx(doc, path)
        t0 = time.perf_counter()
        back = load(path)
        dt = time.perf_counter() - t0
    rows = sum(len(p.indicators) + 8 for p in back.projects)
    return {"projects": projects, "rows": rows, "seconds": dt, "rows_per_s": rows / dt}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf",
    )
    ap.add_argument("--xlsx-projects", type=int, default=500)
    ap.add_argument("--backends", nargs="+", default=["pdfplumber", "pdfium"],
                    help="PDF readings to time, side by side in one run")  # fmt: skip
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    result: dict = {}
    if args.corpus.is_dir():
        for backend in args.backends:
            pdf = bench_pdf(args.corpus, backend)
            result[f"pdf_{backend}"] = pdf
            result[f"pdf_{backend}_pages_per_s"] = _print_pdf(f"PDF, {backend}", pdf)
        longest = max(pdf, key=lambda r: r["pages"])["file"]
        biggest = args.corpus / longest
        for backend in args.backends:
            rss = peak_rss(biggest, backend)
            result[f"peak_rss_mb_{backend}"] = rss
            print(f"peak RSS reading {biggest.name}, {backend}: {rss:.0f} MB")
    else:
        print(f"corpus not found at {args.corpus}: PDF figures skipped")
    xlsx = bench_xlsx(args.xlsx_projects)
    result["xlsx"] = xlsx
    print(
        f"xlsx: {xlsx['projects']} projects, {xlsx['rows']} rows read in {xlsx['seconds']:.2f} s = {xlsx['rows_per_s']:,.0f} rows/s"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
