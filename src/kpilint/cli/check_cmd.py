"""`kpilint check PATH...`: lint drafts and published tables; report for people or CI.

This module parses the options and renders; the checking is `kpilint.core`'s.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kpilint.errors import KpilintError
from kpilint.findings import Finding
from kpilint.reporters import FORMATS, Report, Tally, Writer, renderer, writer_for
from kpilint.reporters.terminal import printable

if TYPE_CHECKING:  # the core is imported when the command runs (the parser is built for any)
    from kpilint.config import Config
    from kpilint.core import FileResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="检查绩效目标表 / lint tables",
        description="检查草稿（YAML）或公开文本中的绩效目标表，报告问题。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录；- 表示标准输入")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式（默认 text）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出")
    p.add_argument("--lang", choices=("zh", "en"), help="消息语言（默认 zh）")
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="达到此级别即以 1 退出（默认 error）",
    )
    p.add_argument(
        "--config", metavar="FILE", help="配置文件（默认向上查找 .kpilint.yaml 或 pyproject.toml）"
    )
    p.add_argument(
        "--select", action="append", metavar="RULE", help="只检查这些规则（id、前缀或名称，可重复）"
    )
    p.add_argument("--ignore", action="append", metavar="RULE", help="不检查这些规则（可重复）")
    p.add_argument("--pack", action="append", metavar="PACK", help="规则包（core、hebei；可重复）")
    p.add_argument("--rules", action="append", metavar="FILE", help="附加的规则文件（可重复）")
    p.add_argument("--baseline", metavar="FILE", help="忽略基线文件中记录的已知问题")
    p.add_argument("--write-baseline", metavar="FILE", help="把当前所有问题写为基线文件")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="并行检查的进程数（0 表示全部 CPU）；输出顺序与 1 相同",
    )
    p.add_argument(
        "--annotate",
        metavar="OUT.xlsx",
        help="把标出问题单元格的工作簿副本写到 OUT.xlsx（输入须为一个 .xlsx 文件；不改原文件）",
    )
    p.add_argument(
        "--timeout-per-file",
        type=_seconds,
        metavar="SECONDS",
        help="每个文件的时间上限（默认 60 秒），超时的文件报告并跳过；0 表示不限",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="自动修复草稿（.yaml）和工作簿（.xlsx）中可安全修复的问题",
    )
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="同时应用需要判断的修复（与 --fix 或 --diff 一起用）",
    )
    p.add_argument(
        "--diff", action="store_true", help="只显示修复会做的改动（统一 diff），不写任何文件"
    )
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="遍历目录时也检查指向目录之外的符号链接（默认跳过并说明）",
    )
    p.add_argument(
        "--skip-non-drafts",
        action="store_true",
        help="跳过不是草稿的 YAML 文件（供 pre-commit 使用：CI 配置等文件不检查）",
    )
    p.set_defaults(run=run)


def _seconds(text: str) -> float:
    """A time limit: a finite number of seconds, not negative."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"应为非负的秒数（0 表示不限），实际为 {text!r}")
    return value


def _split(values: list[str] | None) -> tuple[str, ...]:
    """`--select KPI301,KPI203 --select KPI1` → (KPI301, KPI203, KPI1)."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _config(args: argparse.Namespace) -> Config:
    from kpilint.config import discover, load_config_file

    base = load_config_file(args.config) if args.config else discover(Path.cwd())
    return base.merged(
        packs=_split(args.pack) or None,
        select=_split(args.select),
        ignore=tuple(base.ignore) + _split(args.ignore),
        rules=tuple(base.rules) + tuple(args.rules or ()),
        limits={
            **base.limits,
            **(
                {"timeout_per_file": args.timeout_per_file}
                if args.timeout_per_file is not None
                else {}
            ),
        },
        fail_on=args.fail_on,
        lang=args.lang,
    )


class Progress:
    """`检查中 12/40` on a terminal's stderr; nothing in CI or when stderr is not a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.active = total > 1 and sys.stderr.isatty() and not os.environ.get("CI")
        self.stream = getattr(sys.stderr, "raw", sys.stderr)  # its own \r and erase, not escaped

    def step(self) -> None:
        self.done += 1
        if self.active:
            print(f"\r检查中 {self.done}/{self.total} …", end="", file=self.stream, flush=True)

    def clear(self) -> None:
        if self.active:
            print("\r\033[K", end="", file=self.stream, flush=True)


def _fix(paths: list[str], config: Config, args: argparse.Namespace) -> int:
    """--fix / --diff, each file in a worker within the limits. Returns 2 if an input could
    not be fixed (the others are fixed all the same), else 1 if --diff has changes."""
    from kpilint.core.runner import fix_each

    status, changed, applied = 0, 0, 0
    if "-" in paths:
        print("kpilint: 错误: 标准输入不能 --fix；请给出文件路径", file=sys.stderr)
        status = 2
        paths = [p for p in paths if p != "-"]
    outcomes = fix_each(paths, config, unsafe=args.unsafe_fixes, write=not args.diff, jobs=args.jobs)
    for outcome in outcomes:
        if args.diff:
            sys.stdout.write(printable(outcome.diff))
        if outcome.refused:
            print(outcome.refused, file=sys.stderr)
            status = 2
            continue
        if outcome.applied:
            changed += 1
            applied += len(outcome.applied)
    if args.diff:
        return status or (1 if applied else 0)
    print(f"已修复 {applied} 处，改动 {changed} 个文件", file=sys.stderr)
    return status


def _annotate(target: str, source: str, results: list[FileResult], config: Config) -> int:
    """A marked-up copy of the one workbook checked; the original is never written."""
    from kpilint.core.runner import annotate

    findings = [f for r in results for f in r.findings]
    try:
        marked = annotate(source, findings, target, config)
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已写出标注工作簿 {target}：标出 {marked} 个单元格、{len(findings)} 个问题", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    from kpilint.core import Baseline, check, iter_inputs, ruleset_for
    from kpilint.core.formats import annotation_refused, is_draft_path
    from kpilint.core.suppressions import write_baseline
    from kpilint.readers import is_draft_file

    try:
        config = _config(args)
        ruleset = ruleset_for(config)
        baseline = Baseline.read(args.baseline) if args.baseline else None
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    skipped: list[str] = []
    paths = list(iter_inputs(args.paths, follow_symlinks=args.follow_symlinks, skipped=skipped))
    for note in skipped:
        print(note, file=sys.stderr)
    if args.skip_non_drafts:
        paths = [p for p in paths if not is_draft_path(p) or is_draft_file(p)]
    if args.annotate and (refused := annotation_refused(paths, args.annotate)):
        print(refused, file=sys.stderr)
        return 2
    if refused := _writes_over_an_input(paths, args):
        print(refused, file=sys.stderr)
        return 2
    fix_status = 0
    if args.fix or args.diff:
        fix_status = _fix(paths, config, args)
        if args.diff:
            return fix_status
    stream_is_tty = not args.output and sys.stdout.isatty()
    color = args.color == "always" or (
        args.color == "auto" and stream_is_tty and not os.environ.get("NO_COLOR")
    )
    rules = list(ruleset.rules)
    tally = Tally()
    progress = Progress(len(paths))
    everything: list[Finding] = []  # --write-baseline: every finding, the baseline's included
    # html lays out every table and --annotate marks one workbook: both need every result
    # at once. Every other format is written file by file, so memory holds one file's, and
    # each file's findings are written out by the worker that checked it (unless the
    # run needs the findings themselves: a baseline to match or to write).
    streamed = args.format != "html" and not args.annotate
    writer = writer_for(args.format)(sys.stdout, rules, config.lang, color) if streamed else None
    compact = writer is not None and not (args.baseline or args.write_baseline)
    results = check(paths, config, jobs=args.jobs, baseline=baseline,
                    keep_documents=args.format == "html",
                    render=writer.findings_text if compact and writer else None)  # fmt: skip

    def each() -> Iterator[FileResult]:
        for result in results:
            progress.step()
            if result.error and (args.format != "text" or args.output):  # text lists them itself
                progress.clear()
                print(result.error, file=sys.stderr)
            if args.write_baseline:
                everything.extend((*result.findings, *result.baselined))
            tally.add(result)
            yield result
        progress.clear()

    if writer is None:
        collected = list(each())
        if args.annotate and (status := _annotate(args.annotate, paths[0], collected, config)):
            return status
        with _destination(args.output) as out:
            out.write(renderer(args.format)(Report.of(collected, rules, config.lang, color)))
    else:
        with _destination(args.output) as out:
            writer.out = out
            _stream(writer, each(), tally)
    if args.write_baseline:
        count = write_baseline(everything, args.write_baseline)
        print(f"已写入基线 {args.write_baseline}：{count} 个问题", file=sys.stderr)
    if tally.unreadable or fix_status == 2:  # every file is still checked after a fix that failed
        return 2
    return 1 if tally.at_or_above(config.fail_on) else 0


def _writes_over_an_input(paths: list[str], args: argparse.Namespace) -> str | None:
    """Why a file the run writes (the report, the baseline) would replace one it checks."""
    for option, target in (("-o/--output", args.output), ("--write-baseline", args.write_baseline)):
        if target and os.path.exists(target):
            for path in paths:
                if path != "-" and os.path.exists(path) and os.path.samefile(path, target):
                    return (f"{target}: 错误: {option} 的文件就是要检查的输入文件，拒绝覆盖\n"
                            f"  提示: 换一个输出文件名")  # fmt: skip
    return None


def _stream(writer: Writer, results: Iterable[FileResult], tally: Tally) -> None:
    writer.start()
    for result in results:
        writer.file(result)
    writer.finish(tally)


@contextmanager
def _destination(target: str | None) -> Iterator[TextIO]:
    """Standard output, or a file written beside the target and moved over it at the end,
    so an interrupted run never leaves half a report where the last good one was."""
    from kpilint.core.atomic import replacing

    if target is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        with replacing(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as exc:
        raise KpilintError(f"{target}: 错误: 无法写出报告：{exc.strerror}") from None


#: what `kpilint diff` shares with `check`: the configuration its options make, and where a
#: report is written
config_from_args = _config
destination = _destination
