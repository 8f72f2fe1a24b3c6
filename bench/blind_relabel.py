"""A blind relabel: a stranger judges a random sample of kpilint's warnings and errors.

The labelled corpus (tests/fixtures/findings) grew up with the rules, so it agrees with
them. This measures precision as a reviewer who never saw the rules would: each sampled
finding becomes a packet holding only what a reviewer at the bureau would have — the
page (rendered, with its text), the lines or the sheet — and the message. Never the rule
code, its name or an earlier label; those stay in a key file the reviewer does not see.

    python bench/blind_relabel.py sample --n 150 --seed 7 --out /tmp/blind --key /tmp/key.json
    # a reviewer fills /tmp/blind/judgments.yaml: verdict real | false | unsure, and a reason
    python bench/blind_relabel.py score /tmp/blind/judgments.yaml --key /tmp/key.json

`score` prints precision per rule and overall (unsure verdicts are counted apart), and with
`--labels` the own-label precision of the same sample beside it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from findings_labels import load_labels  # noqa: E402


def inputs() -> list[Path]:
    corpus = SHARED / "corpus"
    return [
        *sorted((SHARED / "seeds").glob("*.txt")),
        *sorted((corpus / "pdf").glob("*.pdf")),
        *sorted((corpus / "xlsx").glob("*.xlsx")),
    ]


def _findings(path: Path, rules: tuple[str, ...] = (), select: tuple[str, ...] = ()) -> tuple[object, list]:
    """The document as read and its warnings and errors, with the corpus configuration (or a
    bureau's rule file, `--rules`, and a selection of rules, `--select`)."""
    import kpilint

    config = kpilint.Config(rules=rules, select=select)
    doc = kpilint.load(path)
    found = [f for f in kpilint.lint(doc, config) if f.severity in ("warning", "error")]
    return doc, found


def _project_pages(doc, name: str | None, page: int | None) -> list[int]:
    """The pages of the one project a finding names: same name, starting on its page (a
    document may hold many projects of one name)."""
    for p in doc.projects:
        if p.name != name or (p.location is not None and p.location.page != page):
            continue
        locations = [p.location, *(i.location for i in p.indicators)]
        return sorted({loc.page for loc in locations if loc is not None and loc.page})
    return [page] if page else []


def _project_lines(doc, name: str | None) -> tuple[int, int] | None:
    starts = sorted(p.location.line for p in doc.projects if p.location and p.location.line)
    for p in doc.projects:
        if p.name == name and p.location and p.location.line:
            later = [s for s in starts if s > p.location.line]
            return p.location.line, (later[0] - 1 if later else p.location.line + 120)
    return None


def _render(pdf: Path, pages: list[int], into: Path) -> list[str]:
    import pypdfium2 as pdfium

    written = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for n in pages:
            page = document[n - 1]
            image = page.render(scale=1.8).to_pil()
            name = f"page-{n:03d}.png"
            image.save(into / name)
            text = page.get_textpage().get_text_range()
            (into / f"page-{n:03d}.txt").write_text(text, "utf-8")
            written.append(name)
    finally:
        document.close()
    return written


def _sheet_dump(xlsx: Path, sheet: str) -> str:
    import openpyxl

    book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    try:
        rows = []
        for row in book[sheet].iter_rows():
            cells = [f"{c.coordinate}: {c.value}" for c in row if getattr(c, "value", None) not in (None, "")]
            if cells:
                rows.append(" | ".join(str(c).replace("\n", " ") for c in cells))
        return "\n".join(rows)
    finally:
        book.close()


def sample(n: int, seed: int, out: Path, key_file: Path, per_rule: int = 0, suffixes: tuple[str, ...] = (),
           rules: tuple[str, ...] = (), select: tuple[str, ...] = ()) -> None:  # fmt: skip
    everything = []
    docs = {}
    for path in inputs():
        if suffixes and path.suffix not in suffixes:
            continue
        doc, found = _findings(path, rules, select)
        docs[path] = doc
        everything += [(path, f) for f in found]
    rng = random.Random(seed)
    if per_rule:  # stratified: at most `per_rule` of each rule, so rare rules are judged too
        by_rule: dict[str, list] = defaultdict(list)
        for item in everything:
            by_rule[item[1].rule].append(item)
        chosen = [x for items in by_rule.values() for x in rng.sample(items, min(per_rule, len(items)))]
        rng.shuffle(chosen)
    else:
        chosen = rng.sample(everything, min(n, len(everything)))
    out.mkdir(parents=True, exist_ok=True)
    key, judgments = {}, []
    for number, (path, f) in enumerate(chosen, 1):
        item = f"{number:03d}"
        folder = out / "items" / item
        folder.mkdir(parents=True, exist_ok=True)
        doc = docs[path]
        where, shown = "", []
        if path.suffix == ".pdf":
            pages = [f.page] if f.indicator or not f.project_name else _project_pages(doc, f.project_name, f.page)
            pages = sorted(set(pages or ([f.page] if f.page else [])))
            shown = _render(path, pages, folder)
            where = f"第 {', '.join(map(str, pages))} 页"
        elif path.suffix == ".txt":
            lines = path.read_text("utf-8").splitlines()
            span = _project_lines(doc, f.project_name) if not f.indicator else None
            line = f.line or 1
            lo, hi = span if span else (max(1, line - 15), line + 15)
            excerpt = "\n".join(f"{i:5d}  {lines[i - 1]}" for i in range(lo, min(hi, len(lines)) + 1))
            (folder / "lines.txt").write_text(excerpt, "utf-8")
            shown = ["lines.txt"]
            where = f"第 {f.line} 行" if f.line else f"第 {lo}–{hi} 行"
        elif path.suffix == ".xlsx":
            sheet = (f.cell or "").split("!")[0] or None
            if sheet:
                (folder / "sheet.txt").write_text(_sheet_dump(path, sheet), "utf-8")
                shown = ["sheet.txt"]
            where = f"单元格 {f.cell}" if f.cell else "工作簿"
        card = [
            f"# 条目 {item}",
            f"文件：{path.name}（{where}）",
            f"项目：{f.project_name or '（整个文件）'}",
            f"消息（{ {'error': '错误', 'warning': '警告'}[f.severity] }）：{f.message}",
            "",
            "附件：" + "、".join(shown),
        ]
        (folder / "item.md").write_text("\n".join(card) + "\n", "utf-8")
        key[item] = {"rule": f.rule, "name": f.name, "severity": f.severity, "document": path.name,
                     "page": f.page, "line": f.line, "cell": f.cell, "project_name": f.project_name,
                     "indicator": f.indicator, "value": f.value, "message": f.message}  # fmt: skip
        judgments.append({"item": item, "verdict": "", "reason": ""})
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(json.dumps(key, ensure_ascii=False, indent=1), "utf-8")
    (out / "judgments.yaml").write_text(
        yaml.safe_dump(judgments, allow_unicode=True, sort_keys=False), "utf-8"
    )
    print(f"{len(chosen)} of {len(everything)} warnings and errors sampled into {out}")


def score(judgments_file: Path, key_file: Path, labels_dir: Path | None) -> None:
    key = json.loads(key_file.read_text("utf-8"))
    verdicts = {str(j["item"]).zfill(3): j for j in yaml.safe_load(judgments_file.read_text("utf-8"))}
    own = _own_labels(labels_dir) if labels_dir else {}
    per_rule: dict[str, Counter] = defaultdict(Counter)
    for item, entry in key.items():
        verdict = str(verdicts.get(item, {}).get("verdict") or "missing").strip().lower()
        per_rule[entry["rule"]][verdict] += 1
        if own:
            label = own.get(_own_key(entry))
            per_rule[entry["rule"]][f"own-{label or 'none'}"] += 1
    total: Counter = Counter()
    print("| rule | real | false | unsure | blind precision | own labels |")
    print("|---|---:|---:|---:|---:|---:|")
    for rule in sorted(per_rule):
        c = per_rule[rule]
        total.update(c)
        print(f"| {rule} | {c['real']} | {c['false']} | {c['unsure']} | {_share(c)} | {_own_share(c)} |")
    print(f"| **all** | {total['real']} | {total['false']} | {total['unsure']} | {_share(total)} | {_own_share(total)} |")
    if total["missing"]:
        print(f"\n{total['missing']} items have no verdict yet")


def _share(c: Counter) -> str:
    judged = c["real"] + c["false"]
    return f"{c['real'] / judged:.1%} ({c['real']}/{judged})" if judged else "—"


def _own_share(c: Counter) -> str:
    judged = c["own-real"] + c["own-false"]
    return f"{c['own-real'] / judged:.1%}" if judged else "—"


def _own_key(entry: dict) -> tuple:
    return (entry["document"], entry["rule"], entry["page"], entry["line"], entry["project_name"],
            entry["indicator"], entry["value"])  # fmt: skip


def _own_labels(directory: Path) -> dict[tuple, str]:
    labels = {}
    for document, entries in load_labels(directory).items():
        for e in entries:
            k = (document, e["rule"], e.get("page"), e.get("line"), e.get("project_name"),
                 e.get("indicator"), e.get("value"))  # fmt: skip
            labels[k] = e["label"]
    return labels


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--n", type=int, default=150)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--key", type=Path, required=True)
    s.add_argument("--per-rule", type=int, default=0, help="stratify: at most N findings of each rule")
    s.add_argument("--only", nargs="*", default=(), help="suffixes to sample from, e.g. .pdf .txt")
    s.add_argument("--rules", nargs="*", default=(), help="a bureau's rule files (examples/packs/...)")
    s.add_argument("--select", nargs="*", default=(), help="only these rules (ids, prefixes, names)")
    c = sub.add_parser("score")
    c.add_argument("judgments", type=Path)
    c.add_argument("--key", type=Path, required=True)
    c.add_argument("--labels", type=Path, default=None)
    args = ap.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"../shared/ not found at {SHARED}")
        return 2
    if args.command == "sample":
        sample(args.n, args.seed, args.out, args.key, args.per_rule, tuple(args.only),
               tuple(str(Path(r).resolve()) for r in args.rules), tuple(args.select))  # fmt: skip
    else:
        score(args.judgments, args.key, args.labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
