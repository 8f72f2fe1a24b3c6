"""`kpilint check PATH...`: lint drafts and published tables; report for people or CI.

This module parses the options and renders; the checking is `kpilint.core`'s.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kpilint import texts
from kpilint.errors import KpilintError
from kpilint.findings import Finding
from kpilint.limits import MAX_SECONDS
from kpilint.reporters import FORMATS, WHOLE, Report, Tally, Writer, renderer, writer_for
from kpilint.reporters.terminal import printable

if TYPE_CHECKING:  # the core is imported when the command runs (the parser is built for any)
    from kpilint.config import Config
    from kpilint.core import CheckRun, FileResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="检查绩效目标表 / lint tables",
        description="检查草稿（YAML）或公开文本中的绩效目标表，报告问题。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录；- 表示标准输入")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="输出格式（默认 text）；review 为按项目的初审意见表（-o 后缀 .xlsx/.md/.html）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出")
    p.add_argument(
        "--report",
        action="append",
        type=_report,
        metavar="FORMAT:FILE",
        help="同时把另一种格式的报告写到文件（可重复），如 --report sarif:kpilint.sarif --report html:报告.html",
    )
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
        type=_jobs,
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
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="目录中没有可检查的文件、草稿中没有项目时不报错（默认报错并以 2 退出）",
    )
    p.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="标准输入（-）所代表的文件名：按它的后缀读取（如 .xlsx 工作簿），报告、per_path_ignores 和基线都按这个名字",
    )
    p.add_argument(
        "--statistics",
        action="store_true",
        help="只列出每条规则的问题数（从多到少），不逐条列出（文本输出）",
    )
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="发现问题也以 0 退出（文件无法读取等错误仍以 2 退出）",
    )
    p.add_argument(
        "--show-settings",
        action="store_true",
        help="显示最终生效的设置（配置文件、规则、级别、参数、上限）后退出，不检查",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="在标准错误上说明所用的配置文件")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度（终端上超过约 2 秒的检查会显示）")
    p.set_defaults(run=run)


def _report(text: str) -> tuple[str, str]:
    """`sarif:kpilint.sarif` → (sarif, kpilint.sarif): a further report and its file."""
    fmt, _, target = text.partition(":")
    if fmt not in FORMATS or not target:
        raise argparse.ArgumentTypeError(texts.say("report-arg", formats=texts.listing(FORMATS), given=repr(text)))
    return fmt, target


def _seconds(text: str) -> float:
    """A time limit: a finite number of seconds, not negative."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(texts.say("seconds-arg", most=MAX_SECONDS, given=repr(text)))
    return value


def _jobs(text: str) -> int:
    """A number of worker processes: a whole number, 0 for one per CPU."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(texts.say("jobs-arg", given=repr(text)))
    return value


def _split(values: list[str] | None) -> tuple[str, ...]:
    """`--select KPI301,KPI203 --select KPI1` → (KPI301, KPI203, KPI1)."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _config(args: argparse.Namespace) -> Config:
    from kpilint.config import load_config, origin_key

    base = load_config(Path.cwd(), file=args.config)
    texts.use(args.lang or base.lang)
    for note in base.ignored:
        print(note, file=sys.stderr)
    if args.verbose:
        print(texts.say("config-used", source=base.source) if base.source else texts.say("no-config"), file=sys.stderr)
    select, ignore = _split(args.select), _split(args.ignore)
    return base.merged(
        origins={**base.origins, **{origin_key(key, name): f"--{key}"
                                    for key, names in (("select", select), ("ignore", ignore)) for name in names}},
        packs=_split(args.pack) or None,
        select=select,
        ignore=tuple(base.ignore) + ignore,
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
    """`检查中 12/40 |███▌   | 00:05<00:12` on a terminal's stderr (tqdm) while a run goes
    on, once it has gone ~2 s (KPILINT_PROGRESS_AFTER seconds); erased before anything else
    is written, so a finding on the same terminal never lands after it. Nothing for one
    file, under -q, in CI, or when stderr is not a terminal (a log, a pipe)."""

    #: seconds a run goes before its progress is shown (a quick run stays quiet)
    AFTER = 2.0

    def __init__(self, total: int, quiet: bool = False) -> None:
        from tqdm import tqdm

        stream = getattr(sys.stderr, "raw", sys.stderr)  # its own \r and erase, not escaped
        active = total > 1 and not quiet and stream.isatty() and not os.environ.get("CI")
        tqdm.monitor_interval = 0  # no watcher thread: workers are forked while it runs
        width = _columns(stream) if active else 0  # a terminal that says no width: 80
        self.bar = tqdm(total=total, desc=texts.say("progress"), file=stream, leave=False, disable=not active,
                        delay=float(os.environ.get("KPILINT_PROGRESS_AFTER", self.AFTER)),
                        bar_format="{desc} {n_fmt}/{total_fmt} |{bar}| {elapsed}<{remaining}",
                        dynamic_ncols=bool(width), ncols=width or 80)  # fmt: skip

    def step(self) -> None:
        with suppress(OSError):  # the report's reader gone (`| head`): the guard says so
            sys.stdout.flush()  # the findings first, then the line under them
        self.bar.update()

    def clear(self) -> None:
        self.bar.clear()

    def close(self) -> None:
        self.bar.close()


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        return 0


def _fixes(checking: CheckRun, diff: bool) -> None:
    """Each fix's diff (--diff) or refusal as it is made, then what --fix did."""
    for outcome in checking.fixes():
        if diff:
            sys.stdout.write(printable(outcome.diff))
        if outcome.refused:
            print(outcome.refused, file=sys.stderr)
    if not diff:
        print(texts.say("fixed", applied=texts.counted("n-places", checking.applied), changed=texts.counted("n-files", checking.changed)),
              file=sys.stderr)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from kpilint.core import EXIT_CLEAN, EXIT_FINDINGS
    from kpilint.core import run as run_check

    if args.statistics and args.format != "text":
        print(texts.say("statistics-text-only", fmt=args.format), file=sys.stderr)
        return 2
    if args.show_settings:
        return _show_settings(args)
    reports: list[tuple[str, str]] = args.report or []
    targets = [t for t in (args.output, *(file for _, file in reports)) if t]
    if len(set(map(os.path.abspath, targets))) < len(targets):
        print(texts.say("same-report-file"), file=sys.stderr)
        return 2

    # html lays out every table and --annotate marks one workbook: both need every result
    # at once. Every other format is written file by file, so memory holds one file's, and
    # each file's findings are written out by the worker that checked it (when the run
    # does not need the findings themselves).
    # Further reports (--report) are made from every result at once, like html.
    streamed = args.format not in WHOLE and not args.annotate and not reports
    writer_class = writer_for(args.format) if streamed else None
    if args.statistics and streamed:
        from kpilint.reporters.statistics import StatisticsWriter

        writer_class = StatisticsWriter
    color = args.color == "always" or (
        args.color == "auto" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    try:
        config = _config(args)
        writer = writer_class(sys.stdout, [], config.lang, color) if writer_class else None
        checking = run_check(
            args.paths, config, jobs=args.jobs, fix=args.fix, diff=args.diff,
            unsafe_fixes=args.unsafe_fixes, baseline=args.baseline,
            write_baseline=args.write_baseline, annotate=args.annotate,
            outputs=targets, follow_symlinks=args.follow_symlinks, skip_non_drafts=args.skip_non_drafts,
            keep_documents=any(fmt in WHOLE for fmt in (args.format, *(fmt for fmt, _ in reports))),
            render=writer.findings_text if writer else None, allow_empty=args.allow_empty,
            stdin_filename=args.stdin_filename,
        )  # fmt: skip
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    for note in (*checking.skipped, *checking.empty):
        print(note, file=sys.stderr)
    if checking.fix:
        _fixes(checking, args.diff)
        if args.diff:
            return checking.exit_code
    progress = Progress(len(checking.inputs), args.quiet)
    marked: list[Finding] = []

    def each() -> Iterator[FileResult]:
        for result in checking:
            progress.clear()
            if result.error:  # every format's report counts it; what it was, on standard error
                print(result.error, file=sys.stderr)
            marked.extend(result.findings if args.annotate else ())
            yield result  # written out
            progress.step()
        progress.close()

    if writer is None:
        collected = list(each())
        report = Report.of(collected, checking.rules, config.lang, color)
        if args.format == "review":
            write_review(report, args.output)
        else:
            with _destination(args.output) as out:
                out.write(_statistics(report) if args.statistics else renderer(args.format)(report))
        for fmt, target in reports:
            if fmt == "review":
                write_review(Report.of(collected, checking.rules, config.lang), target)
                continue
            with _destination(target) as out:
                out.write(renderer(fmt)(Report.of(collected, checking.rules, config.lang)))
    else:
        with _destination(args.output) as out:
            writer.out, writer.rules = out, checking.rules
            _stream(writer, each(), checking.tally)
    for problem in checking.problems:
        print(problem, file=sys.stderr)
    if checking.annotated is not None:
        print(texts.say("annotated", target=args.annotate, cells=texts.counted("n-cells", checking.annotated),
                        findings=texts.counted("n-findings", len(marked))), file=sys.stderr)  # fmt: skip
    if checking.baseline_written is not None:
        print(texts.say("baseline-written", target=args.write_baseline,
                        findings=texts.counted("n-findings", checking.baseline_written)), file=sys.stderr)  # fmt: skip
    if args.exit_zero and checking.exit_code == EXIT_FINDINGS:
        return EXIT_CLEAN
    return checking.exit_code


def write_review(report: Report, target: str | None) -> None:
    """The review workbook (-o NAME.xlsx), page (.html) or Markdown (.md, or standard output)."""
    from kpilint.core.atomic import replacing
    from kpilint.reporters import review

    suffix = Path(target).suffix.lower() if target else ""
    if target is not None and suffix == ".xlsx":
        try:
            with replacing(target) as tmp:
                Path(tmp).write_bytes(review.workbook_bytes(report))
        except OSError as exc:
            raise KpilintError(texts.say("cannot-write-review", target=target, why=exc.strerror)) from None
        return
    with _destination(target) as out:
        out.write(review.RENDERERS.get(suffix, review.render)(report))


def _statistics(report: Report) -> str:
    from kpilint.reporters import render_with
    from kpilint.reporters.statistics import StatisticsWriter

    return render_with(StatisticsWriter, report)


def _show_settings(args: argparse.Namespace) -> int:
    """The settings a check would use, as YAML, and the rules they choose: where a
    surprising result comes from (a config file found upward, a pack, a per-path ignore)."""
    import yaml

    from kpilint.core import settings_of

    try:
        settings = settings_of(_config(args))
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=100)
    sys.stdout.write(printable(text))
    return 0


def _stream(writer: Writer, results: Iterable[FileResult], tally: Tally) -> None:
    writer.start()
    for result in results:
        writer.file(result)
    writer.finish(tally)


class _PipeGuard:
    """Standard output that outlives a reader who stopped reading (`kpilint check | head`):
    from the broken pipe on, output goes nowhere, the run goes on, and its exit status is
    still the lint's — a pipeline that fails on findings must not pass because `head`
    closed early."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            _discard_stdout()
            return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            _discard_stdout()


def _discard_stdout() -> None:
    """Point standard output at the null device (what is buffered is dropped with it)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@contextmanager
def _destination(target: str | None) -> Iterator[TextIO]:
    """Standard output, or a file written beside the target and moved over it at the end,
    so an interrupted run never leaves half a report where the last good one was."""
    from kpilint.core.atomic import replacing

    if target is None:
        guarded = _PipeGuard(sys.stdout)
        yield guarded  # type: ignore[misc]
        guarded.flush()
        return
    try:
        with replacing(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as exc:
        raise KpilintError(texts.say("cannot-write-report", target=target, why=exc.strerror)) from None


#: what `kpilint diff` shares with `check`: the configuration its options make, and where a
#: report is written
config_from_args = _config
destination = _destination
