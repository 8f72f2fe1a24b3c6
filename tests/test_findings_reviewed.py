"""Every warning and error kpilint reports on the seeds and the corpus has been reviewed.

tests/fixtures/findings/ holds one file per document: each finding kpilint reports there,
labelled `real` or `false` by a reviewer who checked it against the document, with the
reason. A new finding, or one that vanished, fails here until it is reviewed
(`python bench/precision.py --refresh`, then label the `unreviewed` ones). Precision per
rule is printed by `python bench/precision.py`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from findings_labels import key, load_labels


def test_reported_findings_are_exactly_the_reviewed_ones(corpus_report) -> None:
    reported: dict[str, Counter] = defaultdict(Counter)
    for f in json.loads(corpus_report.stdout)["findings"]:
        if f["severity"] in ("warning", "error"):
            reported[Path(f["path"]).name][key(f)] += 1
    labels = load_labels()
    assert set(labels) >= set(reported), "a document has findings and no review file"
    for document, entries in labels.items():
        reviewed = Counter(key(e) for e in entries)
        new = reported[document] - reviewed
        vanished = reviewed - reported[document]
        assert not new and not vanished, (document, "new:", list(new), "vanished:", list(vanished))


def test_every_finding_is_labelled_with_a_reason() -> None:
    for document, entries in load_labels().items():
        for e in entries:
            assert e["label"] in ("real", "false"), (document, e)
            assert e.get("reason"), (document, e)


def test_precision_holds_overall_and_per_rule() -> None:
    """At least 95% of warnings and errors are real, overall and for each rule with five or
    more findings on the corpus (issue 15's bar)."""
    per_rule: dict[str, Counter] = defaultdict(Counter)
    for entries in load_labels().values():
        for e in entries:
            per_rule[e["rule"]][e["label"]] += 1
    total = sum(per_rule.values(), Counter())
    assert total["real"] / (total["real"] + total["false"]) >= 0.95
    weak = {
        rule: f"{c['real']}/{c['real'] + c['false']}"
        for rule, c in per_rule.items()
        if c["real"] + c["false"] >= 5 and c["real"] / (c["real"] + c["false"]) < 0.95
    }
    assert not weak, weak
