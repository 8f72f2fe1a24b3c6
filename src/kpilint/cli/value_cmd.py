"""`kpilint value TEXT...`: show how kpilint reads indicator values."""

from __future__ import annotations

import argparse
import sys

from kpilint.reporters.terminal import json_text, printable


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "value",
        help="解析指标值 / parse indicator values",
        description="解析并显示指标值的结构（比较符、数值、单位、量纲）。",
    )
    p.add_argument("texts", nargs="+", metavar="TEXT", help="指标值，如 “≥90%%” “≤0.5 万元”")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kpilint.values import parse_value

    values = [parse_value(text) for text in args.texts]
    if args.format == "json":
        sys.stdout.write(json_text([v.to_json() for v in values]) + "\n")
    else:
        for v in values:
            print(printable(describe(v)))
    return 1 if any(v.kind == "invalid" for v in values) else 0


def describe(v) -> str:
    head = f"{v.text!r}: {v.kind}"
    if v.kind == "invalid":
        return f"{head}  错误: {v.error}"
    parts = []
    if v.op:
        parts.append(f"op={v.op}")
    if v.kind == "quantity":
        parts.append(f"magnitude={v.magnitude:g}")
    if v.kind == "range":
        parts.append(f"low={v.low:g} high={v.high:g}")
    if v.unit or v.dimension:
        parts.append(f"unit={v.unit or '∅'} dimension={v.dimension}")
    if v.date:
        parts.append(f"date={v.date}")
    if v.grade:
        parts.append(f"grade={v.grade} direction={v.direction}")
    if v.approximate:
        parts.append("approximate")
    return f"{head}  " + " ".join(parts)
