"""What kpilint reads of each seed and corpus document: projects, rows, and what it lost.

For every input: projects, indicator rows, rows it could not place, rows without a name,
pages that looked like target tables and gave nothing, and pages of each kind. A change to
a reader is measured by this table before and after (figures in the notes of the change);
the exact expectations live in tests/test_corpus_coverage.py and tests/test_published_text.py.

    python bench/reading_accounts.py                  # the table
    python bench/reading_accounts.py --json out.json  # and the figures as JSON
    python bench/reading_accounts.py --compare before.json  # differences from a saved run
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def inputs() -> list[Path]:
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))


def account(path: Path) -> dict:
    from kpilint.core import load

    doc = load(path)
    coverage = doc.accounting()
    rows = [i for p in doc.projects for i in p.indicators if not i.is_empty]
    department = getattr(doc, "department_tables", ())
    return {
        "file": path.name,
        "projects": len(doc.projects),
        "rows": len(rows),
        "unplaced": sum(1 for d in doc.diagnostics if d.code == "unplaced-row"),
        "nameless_rows": sum(1 for i in rows if not i.name),
        "nameless_projects": sum(1 for p in doc.projects if not p.name),
        "unread_pages": list(coverage.unread_pages),
        "pages": coverage.by_class(),
        "department_tables": len(department),
        "diagnostics": sorted({d.code for d in doc.diagnostics}),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--compare", type=Path, help="a saved --json run: print what changed")
    args = ap.parse_args()
    found = [account(p) for p in inputs()]
    print(f"{'file':<28}{'proj':>5}{'rows':>6}{'unpl':>5}{'noname':>7}{'dept':>5}  unread  pages")
    for r in found:
        pages = " ".join(f"{k}={v}" for k, v in r["pages"].items())
        print(f"{r['file'][:27]:<28}{r['projects']:>5}{r['rows']:>6}{r['unplaced']:>5}"
              f"{r['nameless_rows']:>7}{r['department_tables']:>5}  {r['unread_pages'] or '-'!s:<6}  {pages}")  # fmt: skip
    totals = {k: sum(r[k] for r in found) for k in ("projects", "rows", "unplaced", "nameless_rows")}
    print("all", totals)
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), "utf-8")
    if args.compare:
        before = {r["file"]: r for r in json.loads(args.compare.read_text("utf-8"))}
        changed = 0
        for r in found:
            old = before.get(r["file"])
            diff = {k: (old.get(k), v) for k, v in r.items() if old is None or old.get(k) != v}
            if diff:
                changed += 1
                print("CHANGED", r["file"], diff)
        print(f"{changed} of {len(found)} documents changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
