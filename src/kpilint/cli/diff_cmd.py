"""`kpilint diff LAST THIS`: this year's table against last year's, in any report format.

This module parses the options and renders; the comparing is `kpilint.core.diff`'s.
"""

from __future__ import annotations

import argparse
import os
import sys

from kpilint.cli.check_cmd import config_from_args, destination, write_review
from kpilint.errors import KpilintError
from kpilint.reporters import FORMATS, Report, renderer
from kpilint.texts import counted, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff",
        help="与上年对比 / compare with last year",
        description="把本年的绩效目标表与上年的对比：按项目编码或名称对应项目、按类别和名称对应指标，"
        "报告目标降低、指标删去、预算大变而指标值照抄，并按上年数值解析“不低于上年”等指标值。"
        "问题定位在本年的文件，并注明上年的单元格。",
    )
    p.add_argument("last", metavar="LAST", help="上年的文件（草稿、xlsx、docx、pdf、文本）")
    p.add_argument("this", metavar="THIS", help="本年的文件")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出")
    p.add_argument("--lang", choices=("zh", "en"), help="消息语言（默认 zh）")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), help="达到此级别即以 1 退出（默认 error）")
    p.add_argument("--config", metavar="FILE", help="配置文件（默认向上查找 .kpilint.yaml 或 pyproject.toml）")
    p.add_argument("--select", action="append", metavar="RULE", help="只用这些规则（id、前缀或名称，可重复）")
    p.add_argument("--ignore", action="append", metavar="RULE", help="不用这些规则（可重复）")
    p.add_argument("--rules", action="append", metavar="FILE", help="附加的规则文件（其中范围为对比的规则）")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.set_defaults(run=run, pack=None, timeout_per_file=None, verbose=False)


def run(args: argparse.Namespace) -> int:
    from kpilint.core.diff import diff

    for option, target in (("LAST", args.last), ("THIS", args.this)):
        if args.output and os.path.exists(args.output) and os.path.exists(target) \
                and os.path.samefile(args.output, target):  # fmt: skip
            print(say("diff-output-is-input", target=args.output, option=option), file=sys.stderr)
            return 2
    try:
        config = config_from_args(args)
        outcome = diff(args.last, args.this, config)
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    m = outcome.matching.summary()
    print(say("diff-matched", last=args.last, this=args.this, this_n=counted("n-projects", len(outcome.this.projects)),
              last_n=len(outcome.last.projects), **m), file=sys.stderr)  # fmt: skip
    for note in outcome.notes():
        print(f"kpilint: {say('hint')}: {note}", file=sys.stderr)
    color = args.color == "always" or (args.color == "auto" and not args.output and sys.stdout.isatty()
                                       and not os.environ.get("NO_COLOR"))  # fmt: skip
    report = Report.of([outcome.result], list(outcome.rules), config.lang, color)
    if args.format == "review":  # the review workbook (-o .xlsx), page (.html) or Markdown, as `check` writes it
        write_review(report, args.output)
    else:
        with destination(args.output) as out:
            out.write(renderer(args.format)(report))
    return 1 if report.tally().at_or_above(config.fail_on) else 0
