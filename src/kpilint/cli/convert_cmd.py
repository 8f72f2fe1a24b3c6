"""`kpilint convert INPUT -o out.yaml`: any readable input as a YAML draft."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kpilint.errors import KpilintError
from kpilint.reporters.terminal import printable

if TYPE_CHECKING:  # the core and the writers are imported when the command runs
    from kpilint.model import Document


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


def _write(doc: Document, output: str) -> int:
    """The draft or the workbook, all or nothing."""
    from kpilint.core.atomic import replacing, write_atomic
    from kpilint.writers.yaml_draft import write_draft

    try:
        if Path(output).suffix.lower() == ".xlsx":
            from kpilint.writers.xlsx import write_xlsx

            with replacing(output) as tmp:
                write_xlsx(doc, tmp)
        else:
            write_atomic(output, write_draft(doc))
    except OSError as exc:
        print(f"{output}: 错误: 无法写入：{exc.strerror}", file=sys.stderr)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    from kpilint.config import load_config
    from kpilint.core import load_each
    from kpilint.writers.yaml_draft import write_draft

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
    if os.path.isdir(args.input):
        print(f"{printable(args.input, newlines=False)}: 错误: 这是一个目录；convert 一次转换一个文件\n"
              f"  提示: 给出一个文件，如 kpilint convert 表.pdf -o 草稿.yaml", file=sys.stderr)  # fmt: skip
        return 2
    try:
        config = load_config()
        for note in config.ignored:
            print(note, file=sys.stderr)
        (read,) = load_each([args.input], config)
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    if read.document is None:
        print(read.error, file=sys.stderr)
        return 2
    doc = read.document
    if args.output:
        if status := _write(doc, args.output):
            return status
    else:
        sys.stdout.write(write_draft(doc))
    for d in doc.diagnostics:
        print(f"{d.location}: 注意: {d.message}", file=sys.stderr)
    return 0
