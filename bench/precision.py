"""Precision of kpilint's warnings and errors on the labelled corpus.

Every warning and error kpilint reports on the seeds, the corpus PDFs and the declaration
workbooks has been reviewed against the document and labelled `real` or `false` (tests/fixtures/findings/,
one file per document). This prints precision per rule and overall, and keeps the labels
in step with what kpilint reports:

    python bench/precision.py                  # precision per rule, from the labels
    python bench/precision.py --refresh        # add new findings as `unreviewed`, list vanished ones
    python bench/precision.py --labels DIR     # precision of another set of labels (a saved "before")
    python bench/precision.py --rates          # each rule's firing rate per 1,000 rows of approved tables
    python bench/precision.py --rates --write  # ...and record it in rules/firing-rates.yaml (docs/rules.md shows it)

tests/test_findings_reviewed.py fails while any finding is unreviewed or a labelled one has
vanished, so a change in what kpilint reports is always looked at.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from findings_labels import CORPUS_CONFIG, KEY, LABELS, key, load_labels  # noqa: E402


def approved() -> list[Path]:
    """The approved, published tables (seeds and corpus PDFs): what firing rates are measured on."""
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))


def inputs() -> list[Path]:
    return (sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "pdf").glob("*.pdf"))
            + sorted((SHARED / "corpus" / "xlsx").glob("*.xlsx")))  # fmt: skip


def reported(paths: list[Path]) -> dict[str, list[dict]]:
    """Warnings and errors kpilint reports now, by document name."""
    with tempfile.TemporaryDirectory() as cwd:
        Path(cwd, ".kpilint.yaml").write_text(CORPUS_CONFIG, "utf-8")
        out = subprocess.run(
            [sys.executable, "-m", "kpilint", "check", *map(str, paths), "--format", "json",
             "--jobs", "2"],
            capture_output=True, text=True, encoding="utf-8", check=False, cwd=cwd,
        )  # fmt: skip
    if out.returncode not in (0, 1):
        sys.exit(f"kpilint check failed:\n{out.stderr}")
    found: dict[str, list[dict]] = defaultdict(list)
    for f in json.loads(out.stdout)["findings"]:
        if f["severity"] in ("warning", "error"):
            found[Path(f["path"]).name].append(f)
    return found


def _cell_order(finding: dict) -> tuple[int, str, int]:
    """Sheets in their numbered order (`2.某项目!E6`), then rows, then columns."""
    sheet, _, ref = (finding.get("cell") or "").rpartition("!")
    number = int(sheet.split(".")[0]) if sheet.split(".")[0].isdigit() else 0
    row = "".join(ch for ch in ref if ch.isdigit())
    return number, sheet, int(row or 0) * 100 + sum(ord(ch) for ch in ref if ch.isalpha())


def refresh(directory: Path = LABELS) -> None:
    """Bring the label files in step with what kpilint reports, keeping every review."""
    directory.mkdir(parents=True, exist_ok=True)
    labels = load_labels(directory)
    now = reported(inputs())
    for path in inputs():
        name = path.name
        old = {}
        for entry in labels.get(name, []):
            old.setdefault(key(entry), []).append(entry)
        entries, kept = [], Counter()
        for f in sorted(now.get(name, []), key=lambda f: (f.get("page") or 0, f.get("line") or 0, _cell_order(f))):
            k = key(f)
            previous = old.get(k, [])
            if kept[k] < len(previous):
                entry = previous[kept[k]]
            else:
                entry = {field: f.get(field) for field in KEY} | {"severity": f["severity"]}
                entry |= {"message": f["message"], "label": "unreviewed", "reason": ""}
            kept[k] += 1
            entries.append(entry)
        vanished = [e for k, es in old.items() for e in es[kept[k]:]]
        for e in vanished:
            print(f"vanished: {name} {e['rule']} p{e.get('page')} {e.get('indicator')} ({e['label']})")
        text = yaml.safe_dump({"document": name, "findings": entries}, allow_unicode=True,
                              sort_keys=False, width=1000)  # fmt: skip
        header = f"# Warnings and errors kpilint reports on {name}, each reviewed against the document.\n"
        (directory / f"{Path(name).stem}.yaml").write_text(header + text, "utf-8")


def precision(labels: dict[str, list[dict]]) -> None:
    per_rule: dict[str, Counter] = defaultdict(Counter)
    for entries in labels.values():
        for e in entries:
            per_rule[e["rule"]][e["label"]] += 1
    total = Counter()
    print(f"{'rule':<8}{'real':>6}{'false':>7}{'unrev.':>8}{'precision':>11}")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        total.update(c)
        judged = c["real"] + c["false"]
        share = f"{c['real'] / judged:.1%}" if judged else "—"
        print(f"{rule:<8}{c['real']:>6}{c['false']:>7}{c['unreviewed']:>8}{share:>11}")
    judged = total["real"] + total["false"]
    print(f"{'all':<8}{total['real']:>6}{total['false']:>7}{total['unreviewed']:>8}"
          f"{(total['real'] / judged if judged else 0):>11.1%}")  # fmt: skip


RATES = ROOT / "rules" / "firing-rates.yaml"


def rates(write: bool = False) -> None:
    """How often each rule fires on tables a finance bureau approved and published (the seeds
    and the corpus PDFs), per 1,000 indicator rows read. A rule that fires on more than 2 % of
    approved rows must say in its docs why the guidance requires it (`required:`), or be info."""
    import kpilint
    from kpilint.engine.rules import PACKS, all_rules

    config = kpilint.Config(packs=PACKS)
    fired: Counter = Counter()
    rows = 0
    for path in approved():
        doc = kpilint.load(path)
        rows += doc.accounting().rows
        fired.update(f.rule for f in kpilint.lint(doc, config))
    table = {}
    print(f"{'rule':<8}{'severity':>9}{'findings':>10}{'per 1000 rows':>15}")
    for rule in all_rules(PACKS):
        per = round(1000 * fired[rule.id] / rows, 1) if rows else 0.0
        table[rule.id] = {"findings": fired[rule.id], "per_1000_rows": per}
        flag = "  > 2 %" if per > 20 else ""
        print(f"{rule.id:<8}{rule.severity:>9}{fired[rule.id]:>10}{per:>15}{flag}")
    print(f"rows read: {rows}")
    if write:
        names = sorted(p.name for p in approved())
        head = ("# How often each rule fires on approved, published tables: written by\n"
                "# `python bench/precision.py --rates --write`; docs/rules.md shows it beside each rule.\n")  # fmt: skip
        data = {"corpus": names, "rows": rows, "rules": table}
        RATES.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        print(f"written to {RATES.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--rates", action="store_true", help="firing rate per 1,000 approved rows")
    ap.add_argument("--write", action="store_true", help="with --rates: record them in rules/")
    args = ap.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"../shared/ not found at {SHARED}")
        return 2
    if args.rates:
        rates(args.write)
        return 0
    if args.refresh:
        refresh(args.labels)
    precision(load_labels(args.labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
