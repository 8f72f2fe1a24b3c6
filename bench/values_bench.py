"""Throughput of `parse_value` on realistic values, uncached and cached.

Run: python bench/values_bench.py [--n 100000] [--json bench/results/values.json]
Figures go in bench/README.md; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

# Forms in the proportions the seed documents show (percent-heavy, then counts, money, time).
FORMS = [
    (20, "≥{n}%"),
    (6, "{n}%"),
    (4, "≥{n} %"),
    (3, "{n}%以上"),
    (3, "≥{n} 百分比"),
    (8, "≥{n} 次"),
    (4, "≥{n}次"),
    (3, "≥{n} 人"),
    (3, "≥{n}人次"),
    (2, "{n}万人次"),
    (6, "≤{n} 万元"),
    (3, "{n}.{d}万元"),
    (2, "≤{n}.{d}"),
    (6, "≥{n}"),
    (3, "≥{n} 天"),
    (2, "≤{n} 年"),
    (2, "{n}个月"),
    (2, "≤{q}季度"),
    (1, "{n}平方米"),
    (1, "≥{n}台（套）"),
    (1, "{n}-{m} 项"),
    (2, "{y}年{mo}月底之前"),
    (4, "长期"),
    (3, "显著提升"),
    (2, "有效促进"),
    (2, "较大"),
]


def realistic_values(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    weights = [w for w, _ in FORMS]
    out = []
    for _ in range(count):
        form = rng.choices(FORMS, weights)[0][1]
        n = rng.randint(1, 100_000)
        out.append(
            form.format(
                n=n,
                m=n + rng.randint(1, 9),
                d=rng.randint(1, 99),
                q=rng.randint(1, 4),
                y=rng.randint(2020, 2027),
                mo=rng.randint(1, 12),
            )
        )
    return out


def _worst_case_prose() -> list[str]:
    """The cells the prose readers try the most readings of (tests/values/test_prose.py)."""
    from kpilint.values.parser import MAX_PROSE_LENGTH

    return [
        "、".join(f"第{i}项目{i}号" for i in range(40))[:MAX_PROSE_LENGTH],
        "1" + "年2" * (MAX_PROSE_LENGTH // 2),
        "，".join(["≥"] * 140),
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from kpilint.values import units

    units.registry()
    registry_ms = (time.perf_counter() - t0) * 1000
    units.registry.cache_clear()
    import pint  # noqa: F401  (already imported: now time the build alone)

    t0 = time.perf_counter()
    units.registry()
    build_ms = (time.perf_counter() - t0) * 1000

    from kpilint.values.parser import _parser, parse_value

    t0 = time.perf_counter()
    _parser()
    grammar_ms = (time.perf_counter() - t0) * 1000

    values = realistic_values(args.n)
    distinct = list(dict.fromkeys(values))
    parse_value.cache_clear()
    t0 = time.perf_counter()
    for text in distinct:
        parse_value(text)
    uncached = len(distinct) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for text in values:
        parse_value(text)
    cached = len(values) / (time.perf_counter() - t0)

    worst = _worst_case_prose()
    t0 = time.perf_counter()
    for text in worst:
        parse_value(text)
    worst_ms = (time.perf_counter() - t0) * 1000

    result = {
        "values": len(values),
        "distinct": len(distinct),
        "uncached_distinct_per_s": round(uncached),
        "cached_per_s": round(cached),
        "pint_import_and_build_ms": round(registry_ms, 1),
        "pint_registry_build_ms": round(build_ms, 1),
        "grammar_compile_ms": round(grammar_ms, 1),
        "worst_case_prose_ms": round(worst_ms, 1),  # three cells; was a test's 2 s bound
    }
    width = max(map(len, result))
    for key, val in result.items():
        print(f"{key:<{width}}  {val:>12,}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
