"""`kpilint check PATH...`: lint drafts and published tables; report for people or CI."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kpilint.config import Config, discover, load_config_file
from kpilint.errors import KpilintError, ReadError
from kpilint.findings import Finding
from kpilint.lint import findings_for, ruleset_for
from kpilint.readers import YAML_EXTENSIONS, is_draft_file, iter_inputs, load
from kpilint.reporters import FORMATS, FileResult, Report, Tally, renderer, writer_for
from kpilint.suppressions import drop_baselined, read_baseline, write_baseline


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
        type=float,
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
        "--skip-non-drafts",
        action="store_true",
        help="跳过不是草稿的 YAML 文件（供 pre-commit 使用：CI 配置等文件不检查）",
    )
    p.set_defaults(run=run)


def _split(values: list[str] | None) -> tuple[str, ...]:
    """`--select KPI301,KPI203 --select KPI1` → (KPI301, KPI203, KPI1)."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _config(args: argparse.Namespace) -> Config:
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


class FileTimeout(Exception):
    pass


def check_file(path: str, config: Config) -> tuple[list[Finding], FileResult]:
    """Findings of one file; whatever happens inside, an answer — never an exception.

    A read error or a timeout is reported in the FileResult; an error of kpilint's own
    becomes a KPI999 internal-error finding plus an error result (exit code 2)."""
    from kpilint.engine.run import internal_error
    from kpilint.limits import configure

    limits = configure(dict(config.limits))
    try:
        return _within(limits.timeout_per_file, lambda: _check_file(path, config))
    except FileTimeout:
        return [], FileResult(path, error=f"{path}: 错误: 超过每个文件 {limits.timeout_per_file:g} 秒的时间限制，已跳过\n"
                                          f"  提示: 用 --timeout-per-file 放宽，或把文件拆小")  # fmt: skip
    except RecursionError as exc:
        return [internal_error(path, "嵌套过深", exc)], FileResult(
            path, error=f"{path}: 错误: 文件结构嵌套过深，无法检查"
        )
    except Exception as exc:
        finding = internal_error(path, "检查文件", exc)
        return [finding], FileResult(path, error=f"{path}: 错误: {finding.message}")


def _within(seconds: float, work):
    """Run `work` with a time budget (SIGALRM, so only in a main thread on Unix)."""
    import signal
    import threading

    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return work()

    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_file(path: str, config: Config) -> tuple[list[Finding], FileResult]:
    try:
        doc = load(path)
    except ReadError as exc:
        return [], FileResult(path, error=str(exc))
    findings = findings_for(doc, config)
    return findings, FileResult(
        path, projects=len(doc.projects), template=doc.template, stats=dict(doc.stats)
    )


def check_files(
    paths: list[str], config: Config, jobs: int
) -> Iterator[tuple[list[Finding], FileResult]]:
    """Results in input order, whatever the number of processes."""
    jobs = (os.cpu_count() or 1) if jobs == 0 else max(1, jobs)
    if jobs == 1 or len(paths) < 2 or "-" in paths:
        for path in paths:
            yield check_file(path, config)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(8, len(paths) // (jobs * 8)))  # small: no worker idles at the end
        yield from pool.map(check_file, paths, [config] * len(paths), chunksize=chunk)


class Progress:
    """`检查中 12/40` on a terminal's stderr; nothing in CI or when stderr is not a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.active = total > 1 and sys.stderr.isatty() and not os.environ.get("CI")

    def step(self) -> None:
        self.done += 1
        if self.active:
            print(f"\r检查中 {self.done}/{self.total} …", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.active:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _fix(paths: list[str], config: Config, args: argparse.Namespace) -> int:
    """--fix / --diff. Returns 2 on an input that cannot be fixed, else 1 if --diff has changes."""
    from kpilint.fixer import FixError, fix_file

    status, changed, applied = 0, 0, 0
    for path in paths:
        if path == "-":
            print("kpilint: 错误: 标准输入不能 --fix；请给出文件路径", file=sys.stderr)
            status = 2
            continue
        try:
            outcome = fix_file(path, config, unsafe=args.unsafe_fixes, write=not args.diff)
        except (FixError, KpilintError) as exc:
            print(exc, file=sys.stderr)
            status = 2
            continue
        if args.diff:
            sys.stdout.write(outcome.diff)
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


def _annotate(target: str, paths: list[str], findings: list[Finding], lang: str) -> int:
    """A marked-up copy of the one workbook checked; the original is never written."""
    import tempfile

    from kpilint.writers.xlsx import annotate_xlsx

    books = [p for p in paths if Path(p).suffix.lower() in (".xlsx", ".xlsm")]
    if len(books) != 1 or len(paths) != 1:
        print("kpilint: 用法错误: --annotate 需要且只接受一个 .xlsx 输入文件", file=sys.stderr)
        return 2
    if Path(target).exists() and Path(target).resolve() == Path(books[0]).resolve():
        print(
            f"{target}: 错误: --annotate 的输出就是输入文件，拒绝覆盖\n  提示: 换一个文件名",
            file=sys.stderr,
        )
        return 2
    out = Path(target)
    fd, tmp = tempfile.mkstemp(dir=out.parent or ".", prefix=f".{out.name}.", suffix=".xlsx")
    os.close(fd)
    try:
        marked = annotate_xlsx(books[0], findings, tmp, lang)
        os.replace(tmp, out)
    except Exception as exc:  # openpyxl raises many kinds on odd workbooks
        Path(tmp).unlink(missing_ok=True)
        print(f"{target}: 错误: 无法写出标注工作簿：{exc}", file=sys.stderr)
        return 2
    print(
        f"已写出标注工作簿 {target}：标出 {marked} 个单元格、{len(findings)} 个问题",
        file=sys.stderr,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        config = _config(args)
        ruleset = ruleset_for(config)
        baseline = read_baseline(args.baseline) if args.baseline else None
    except KpilintError as exc:
        print(exc, file=sys.stderr)
        return 2
    paths = list(iter_inputs(args.paths))
    if args.skip_non_drafts:
        paths = [
            p for p in paths if Path(p).suffix.lower() not in YAML_EXTENSIONS or is_draft_file(p)
        ]
    if args.fix or args.diff:
        status = _fix(paths, config, args)
        if args.diff:
            return status
        if status == 2:
            return 2
    stream_is_tty = not args.output and sys.stdout.isatty()
    color = args.color == "always" or (
        args.color == "auto" and stream_is_tty and not os.environ.get("NO_COLOR")
    )
    # html lays out every table and --annotate marks one workbook: both need all findings
    # at once. Every other format is written file by file, so memory holds one file's.
    keep_all = args.format == "html" or bool(args.annotate)
    kept: list[Finding] = []
    files: list[FileResult] = []
    baseline_records: list[Finding] = []
    remaining = Counter(baseline) if baseline is not None else None
    tally = Tally()
    progress = Progress(len(paths))
    with _destination(args.output) as out:
        writer = (
            None
            if keep_all
            else writer_for(args.format)(out, list(ruleset.rules), config.lang, color)
        )
        if writer is not None:
            writer.start()
        for found, result in check_files(paths, config, args.jobs):
            progress.step()
            if result.error and (
                args.format != "text" or args.output
            ):  # text reports list them itself
                progress.clear()
                print(result.error, file=sys.stderr)
            if args.write_baseline:
                baseline_records.extend(found)
            if remaining is not None:
                found = drop_baselined(found, remaining)
            tally.add(result, found)
            files.append(result)
            if writer is not None:
                writer.file(result, found)
            else:
                kept.extend(found)
        progress.clear()
        if args.annotate:
            status = _annotate(args.annotate, paths, kept, config.lang)
            if status:
                out.abandon()
                return status
        if writer is not None:
            writer.finish(tally)
        else:
            report = Report(kept, files, list(ruleset.rules), config.lang, color)
            out.write(
                _render_html(report) if args.format == "html" else renderer(args.format)(report)
            )
    if args.write_baseline:
        write_baseline(baseline_records, args.write_baseline)
        print(f"已写入基线 {args.write_baseline}：{len(baseline_records)} 个问题", file=sys.stderr)
    if any(f.error for f in files):
        return 2
    return 1 if tally.at_or_above(config.fail_on) else 0


def _render_html(report: Report) -> str:
    from kpilint.reporters.html import render_html

    documents = {}
    for fr in report.files:
        if not fr.error:
            try:
                documents[fr.path] = load(fr.path)
            except KpilintError:
                continue
    return render_html(report, documents)


class _Output:
    """Standard output, or a file written beside the target and moved over it at the end,
    so an interrupted run never leaves half a report where the last good one was."""

    def __init__(self, target: str | None) -> None:
        self.target, self.tmp = target, None
        if target is None:
            self.stream = sys.stdout
            return
        import tempfile

        folder = os.path.dirname(os.path.abspath(target))
        fd, self.tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def abandon(self) -> None:
        if self.tmp is not None:
            self.stream.close()
            Path(self.tmp).unlink(missing_ok=True)
            self.tmp = None

    def close(self, ok: bool) -> None:
        if self.tmp is None:
            self.stream.flush()
            return
        self.stream.close()
        if ok:
            os.replace(self.tmp, self.target)
        else:
            Path(self.tmp).unlink(missing_ok=True)


@contextmanager
def _destination(target: str | None) -> Iterator[_Output]:
    try:
        out = _Output(target)
    except OSError as exc:
        raise KpilintError(f"{target}: 错误: 无法写出报告：{exc.strerror}") from None
    ok = False
    try:
        yield out
        ok = True
    finally:
        out.close(ok)
