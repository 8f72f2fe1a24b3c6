"""The reviewed findings of the corpus: how a finding is identified and how the labels load.

Shared by tests/test_findings_reviewed.py (reported == reviewed, the precision floor) and
bench/precision.py (precision per rule, `--refresh`), so the two can never disagree on
whether a finding is new or vanished.
"""

from __future__ import annotations

from pathlib import Path

import yaml

LABELS = Path(__file__).resolve().parent / "fixtures" / "findings"
#: a finding's identity: what and where, not the wording of its message
KEY = ("rule", "page", "line", "cell", "project_name", "indicator", "value")
#: the configuration of a corpus check: a per-file budget a loaded machine cannot run out of
#: (a timed-out file would look like vanished findings)
CORPUS_CONFIG = "limits: {timeout_per_file: 600}\n"


def key(finding: dict) -> tuple:
    return tuple(finding.get(k) for k in KEY)


def load_labels(directory: Path = LABELS) -> dict[str, list[dict]]:
    """Each document's reviewed findings, `label` as the text `real` or `false`."""
    labels = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        entries = data["findings"] or []
        for e in entries:  # `label: false` reads as a YAML boolean
            e["label"] = {False: "false", True: "real"}.get(e["label"], e["label"])
        labels[data["document"]] = entries
    return labels
