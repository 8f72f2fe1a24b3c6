"""Lint every draft and published text under a folder; write one CSV row per finding.

    python docs/examples/lint_folder_to_csv.py drafts/ findings.csv

Uses only kpilint's public API (`load`, `lint`, `Config`). A file that cannot be
read gets a row of its own instead of stopping the run.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from kpilint import Config, lint, load
from kpilint.errors import KpilintError

COLUMNS = [
    "path",
    "line",
    "rule",
    "name",
    "severity",
    "project_code",
    "project_name",
    "indicator",
    "value",
    "message",
]


def main(folder: str, out: str) -> int:
    config = Config(packs=("core",))
    files = sorted(p for p in Path(folder).rglob("*") if p.suffix in (".yaml", ".yml", ".txt"))
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:  # utf-8-sig: Excel opens it right
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        for path in files:
            try:
                findings = lint(load(path), config)
            except KpilintError as exc:
                writer.writerow({"path": str(path), "rule": "READ", "message": str(exc)})
                continue
            for f in findings:
                writer.writerow({c: getattr(f, c) for c in COLUMNS})
    print(f"{len(files)} files → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
