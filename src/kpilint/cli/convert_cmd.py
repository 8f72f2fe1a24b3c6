"""`kpilint convert INPUT -o out.yaml`: any readable input as a YAML draft."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from kpilint.errors import ReadError
from kpilint.readers import load
from kpilint.writers.yaml_draft import write_draft


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "convert",
        help="转换为 YAML 草稿 / convert to a YAML draft",
        description="把可读取的任何输入写成 YAML 草稿。",
    )
    p.add_argument("input", metavar="INPUT", help="输入文件；- 表示标准输入")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="输出文件：.yaml 草稿或 .xlsx 河北模板工作簿；省略则把草稿写到标准输出",
    )
    p.set_defaults(run=run)


def write_atomic(path: str, text: str) -> None:
    """Write through a temporary file in the same directory and rename: never half a file."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_workbook(doc, output: str) -> int:
    from kpilint.writers.xlsx import write_xlsx

    target = Path(output)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".xlsx")
    os.close(fd)
    try:
        write_xlsx(doc, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        print(f"{output}: 错误: 无法写入：{exc.strerror}", file=sys.stderr)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    if (
        args.output
        and args.input != "-"
        and os.path.exists(args.output)
        and os.path.samefile(args.input, args.output)
    ):
        print(
            f"{args.output}: 错误: 输出文件就是输入文件，拒绝覆盖\n  提示: 请用 -o 指定另一个文件",
            file=sys.stderr,
        )
        return 2
    try:
        doc = load(args.input)
    except ReadError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.output and Path(args.output).suffix.lower() == ".xlsx":
        return _write_workbook(doc, args.output)
    text = write_draft(doc)
    if args.output:
        try:
            write_atomic(args.output, text)
        except OSError as exc:
            print(f"{args.output}: 错误: 无法写入：{exc.strerror}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    for d in doc.diagnostics:
        print(f"{d.location}: 注意: {d.message}", file=sys.stderr)
    return 0
