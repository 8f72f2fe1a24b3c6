"""kpilint's value parser next to what a user would otherwise reach for, on the same values.

    python -m venv /tmp/peers && /tmp/peers/bin/pip install -e . jionlp recognizers-text-suite "emoji<1"
    /tmp/peers/bin/python bench/peers_bench.py [--n 3000] [--json bench/results/peers.json]

The values are the forms of the seed documents in their proportions (bench/values_bench.py),
each generated with its answer: the number it sets, in base units (万元 → 元, 万人次 → 人次),
what it measures (percent, currency, time, another unit, a bare number, a date, or no quantity
at all for qualitative values like 显著提升) and its comparator. A tool "reads" a value when
it gets the number and what it measures right; "with comparator" also needs ≥ / ≤ / = right.
JioNLP's `parse_money` only claims money, so it is scored on the money values alone. The peers
are installed only in the bench environment; kpilint never depends on them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

# (weight, template, what it measures, comparator, factor to base units); weights as in values_bench
FORMS = [
    (20, "≥{x}%", "percent", ">=", 1), (6, "{x}%", "percent", "=", 1), (4, "≥{x} %", "percent", ">=", 1),
    (3, "{x}%以上", "percent", ">=", 1), (3, "≥{x} 百分比", "percent", ">=", 1),
    (8, "≥{x} 次", "unit", ">=", 1), (4, "≥{x}次", "unit", ">=", 1), (3, "≥{x} 人", "unit", ">=", 1),
    (3, "≥{x}人次", "unit", ">=", 1), (2, "{x}万人次", "unit", "=", 1e4),
    (6, "≤{x} 万元", "currency", "<=", 1e4), (3, "{x}.{d}万元", "currency", "=", 1e4),
    (2, "≤{x}.{d}", "none", "<=", 1), (6, "≥{x}", "none", ">=", 1),
    (3, "≥{x} 天", "time", ">=", 1), (2, "≤{x} 年", "time", "<=", 1), (2, "{x}个月", "time", "=", 1),
    (2, "≤{q}季度", "time", "<=", 1), (1, "{x}平方米", "unit", "=", 1), (1, "≥{x}台（套）", "unit", ">=", 1),
    (2, "{y}年{mo}月底之前", "date", "<=", None),
    (4, "长期", "qualitative", None, None), (3, "显著提升", "qualitative", None, None),
    (2, "有效促进", "qualitative", None, None), (2, "较大", "qualitative", None, None),
]  # fmt: skip

Answer = tuple[float | None, str, str | None]  # number in base units, what it measures, comparator


def labelled_values(count: int, seed: int = 2026) -> list[tuple[str, Answer]]:
    rng = random.Random(seed)
    weights = [f[0] for f in FORMS]
    out = []
    for _ in range(count):
        _, template, measures, op, factor = rng.choices(FORMS, weights)[0]
        x, d, q = rng.randint(1, 100_000), rng.randint(1, 99), rng.randint(1, 4)
        text = template.format(x=x, d=d, q=q, y=rng.randint(2020, 2027), mo=rng.randint(1, 12))
        number = None
        if factor is not None:
            number = (
                float(f"{x}.{d}" if "{d}" in template else (q if "{q}" in template else x)) * factor
            )
        out.append((text, (number, measures, op)))
    return out


SEED_VALUES = Path(__file__).resolve().parents[1] / "tests" / "values" / "seed_values.yaml"
_MEASURES = {"percent": "percent", "currency": "currency", "time": "time", "dimensionless": "none"}


def seed_values() -> list[tuple[str, Answer]]:
    """Every distinct value printed in the seeds, labelled by hand (tests/values/seed_values.yaml)."""
    import yaml

    out = []
    for text, label in yaml.safe_load(SEED_VALUES.read_text(encoding="utf-8")).items():
        if label["kind"] == "qualitative":
            out.append((text, (None, "qualitative", None)))
        elif label["kind"] == "deadline" and label.get("magnitude") is None:
            out.append((text, (None, "date", label.get("op", "="))))
        elif label["kind"] in ("quantity", "deadline"):
            measures = _MEASURES.get(label.get("dimension", ""), "unit")
            out.append((text, (float(label["magnitude"]), measures, label.get("op", "="))))
    return out  # ranges and invalid values are left out: the peers have no answer shape for them


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and abs(a - b) <= 1e-6 * max(1, abs(b))
    )


def kpilint_reader() -> Callable[[str], Answer]:
    from kpilint.values import parse_value

    parse_value("≥1 次")  # the grammar compiles once per process; not part of the figure
    parse_value.cache_clear()  # every value parsed, none served from the cache

    def read(text: str) -> Answer:
        v = parse_value(text)
        if v.kind == "qualitative":
            return None, "qualitative", None
        if v.kind == "deadline" and v.number is None:
            return None, "date", v.op or "="
        return v.number, _MEASURES.get(v.dimension or "", "unit"), v.op or "="

    return read


def recognizers_reader() -> Callable[[str], Answer]:
    from recognizers_number import Culture, recognize_number, recognize_percentage
    from recognizers_number_with_unit import recognize_currency, recognize_dimension

    def read(text: str) -> Answer:
        for recognize, measures in ((recognize_percentage, "percent"), (recognize_currency, "currency"),
                                    (recognize_dimension, "unit")):  # fmt: skip
            found = recognize(text, Culture.Chinese)
            if found:
                return float(found[0].resolution["value"].rstrip("%")), measures, None
        found = recognize_number(text, Culture.Chinese)
        if found:  # a number with no unit recognised: a bare number to this tool
            return float(found[0].resolution["value"]), "none", None
        return None, "qualitative", None

    return read


def jionlp_money_reader() -> Callable[[str], Answer]:
    import jionlp

    def read(text: str) -> Answer:
        try:
            return float(jionlp.parse_money(text)["num"]), "currency", None
        except Exception:  # it raises on what it cannot read
            return None, "unread", None

    return read


def score(read: Callable[[str], Answer], values: list[tuple[str, Answer]]) -> dict:
    t0 = time.perf_counter()
    answers = [read(text) for text, _ in values]
    seconds = time.perf_counter() - t0
    reads = sum(
        _close(a[0], t[0]) and a[1] == t[1] for a, (_, t) in zip(answers, values, strict=True)
    )
    full = sum(
        _close(a[0], t[0]) and a[1] == t[1] and a[2] == t[2]
        for a, (_, t) in zip(answers, values, strict=True)
    )
    misses = [
        (text, t, a)
        for a, (text, t) in zip(answers, values, strict=True)
        if not (_close(a[0], t[0]) and a[1] == t[1])
    ]
    return {"values": len(values), "reads": reads / len(values), "with_comparator": full / len(values),
            "values_per_s": len(values) / seconds, "examples_missed": [f"{t} → {a}" for t, _, a in misses[:5]]}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    values = labelled_values(args.n)
    money = [(text, answer) for text, answer in values if answer[1] == "currency"]
    seeds = seed_values()
    seed_money = [(text, answer) for text, answer in seeds if answer[1] == "currency"]
    readers = {"kpilint parse_value": kpilint_reader, "Recognizers-Text (zh)": recognizers_reader,
               "JioNLP parse_money": jionlp_money_reader}  # fmt: skip
    samples = [("generated, all forms", values, ("kpilint parse_value", "Recognizers-Text (zh)")),
               ("generated, money only", money, tuple(readers)),
               ("seeds hand-labelled, all", seeds, ("kpilint parse_value", "Recognizers-Text (zh)")),
               ("seeds hand-labelled, money", seed_money, tuple(readers))]  # fmt: skip
    results: dict[str, dict] = {}
    print(f"{'sample':<28}{'tool':<24}{'values':>7}{'reads':>9}{'+ op':>9}{'values/s':>11}")
    for sample_name, sample, tools in samples:
        for name in tools:
            try:
                read = readers[name]()
            except ImportError as exc:
                print(
                    f"{sample_name:<28}{name:<24}  not installed ({exc.name}); see this file's docstring"
                )
                continue
            r = results[f"{sample_name} / {name}"] = score(read, sample)
            print(f"{sample_name:<28}{name:<24}{r['values']:>7}{r['reads']:>9.1%}{r['with_comparator']:>9.1%}"
                  f"{r['values_per_s']:>11,.0f}")  # fmt: skip
    for name, r in results.items():
        if r["examples_missed"]:
            print(f"\n{name} misses, e.g.:\n  " + "\n  ".join(r["examples_missed"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
