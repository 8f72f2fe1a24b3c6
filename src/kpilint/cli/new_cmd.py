"""`kpilint new -o 申报表.xlsx`: an empty declaration workbook to fill in."""

from __future__ import annotations

import argparse
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="生成待填写的申报表 / write an empty declaration workbook",
        description="生成一份待填写的绩效目标申报表（河北模板布局）：一级、二级指标下拉选择（二级随一级变化），"
        "指标值的填写提示，满意度未写 % 时标色。填好后可直接 kpilint check。",
    )
    p.add_argument("-o", "--output", metavar="OUT.xlsx", required=True, help="输出的 .xlsx 文件（不覆盖已有文件）")
    p.add_argument("--projects", type=int, default=1, metavar="N", help="项目数（每个项目一张工作表，默认 1）")
    p.add_argument("--year", type=int, metavar="YYYY", help="预算年度")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kpilint.core.atomic import replacing
    from kpilint.writers.form import write_form

    if not args.output.lower().endswith(".xlsx"):
        print(f"{args.output}: 错误: 申报表须写成 .xlsx 文件\n  提示: 例如 -o 申报表.xlsx", file=sys.stderr)
        return 2
    if os.path.exists(args.output):
        print(f"{args.output}: 错误: 文件已存在，不覆盖\n  提示: 换一个文件名，或先移走原文件", file=sys.stderr)
        return 2
    if not 1 <= args.projects <= 500:
        print(f"kpilint: 用法错误: --projects 应在 1 到 500 之间（收到 {args.projects}）", file=sys.stderr)
        return 2
    try:
        with replacing(args.output) as tmp:
            write_form(tmp, args.projects, args.year)
    except OSError as exc:
        print(f"{args.output}: 错误: 无法写入：{exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"已生成 {args.output}：{args.projects} 个项目工作表；填好后运行 kpilint check {args.output}")
    return 0
