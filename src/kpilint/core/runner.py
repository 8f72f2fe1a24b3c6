"""Check files: read each within the limits and its time budget, find what the rules say,
drop what the baseline accepts — in this process or a pool, results in input order.

`check_one` is the unit of work: a module-level function of a path and a Config with a
plain, picklable `FileResult`, so a process pool here, a Dask cluster elsewhere, or a
worker with its own deadline and memory limit can run it for each file.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from kpilint.config import Config, matches
from kpilint.core.atomic import remove_leftovers
from kpilint.core.formats import (
    PathArg,
    annotate_file,
    fix_file,
    fixes_in_place,
    input_paths,
    iter_inputs,
    load,
)
from kpilint.core.isolation import Stopped
from kpilint.core.pipeline import findings_for, ruleset_for
from kpilint.core.suppressions import Baseline
from kpilint.core.tasks import run_tasks
from kpilint.engine.run import INTERNAL, internal_error, limit_exceeded
from kpilint.errors import KpilintError, ReadError
from kpilint.escapes import one_line
from kpilint.files import STDIN
from kpilint.findings import Finding, counts_of
from kpilint.limits import Limits, size_text
from kpilint.model import Document
from kpilint.safe_yaml import no_cycle_collection

if TYPE_CHECKING:  # --fix is imported when a run fixes
    from kpilint.core.fix import FixOutcome

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileResult:
    """What checking one file gave: its findings, what was read, or why it could not be."""

    path: str
    findings: tuple[Finding, ...] = ()
    projects: int = 0
    error: str | None = None
    template: str | None = None
    stats: Mapping[str, int] = field(default_factory=dict)
    #: the document read, when the run keeps documents (the HTML report lays them out)
    document: Document | None = field(default=None, compare=False, repr=False)
    #: findings the baseline accepted: not reported, but still what the file holds
    baselined: tuple[Finding, ...] = field(default=(), compare=False, repr=False)
    #: a compact result (`check(render=...)`): the findings as the report writes them, made
    #: where the file was checked, and `counts` of them, in place of `findings`
    rendered: str | None = field(default=None, compare=False, repr=False)
    counts: Mapping[str, int] | None = field(default=None, compare=False, repr=False)

    @property
    def fixes_in_place(self) -> bool:
        """Whether --fix writes this input back (a draft, a workbook), so its fixable
        findings are worth a `[*]` and a count."""
        return fixes_in_place(self.path)


#: one file's findings as a report format writes them, or None for a format that cannot
#: write a file's findings on their own
Render = Callable[[Sequence[Finding]], "str | None"]


def compact(result: FileResult, render: Render) -> FileResult:
    """A result as a worker sends it back for a streamed report: its findings written out
    by `render` and counted, instead of pickled one by one for the run's process to
    unpickle and write (which made that process the bottleneck of `--jobs N`)."""
    text = render(result.findings)
    if text is None:
        return result
    return replace(result, findings=(), rendered=text, counts=counts_of(result.findings))


def _compacting(render: Render) -> Callable[[str, Config, bool], FileResult]:
    def work(path: str, config: Config, keep: bool) -> FileResult:
        return compact(check_one(path, config, keep), render)

    return work


def lint(target: str | os.PathLike[str] | Document, config: Config | None = None) -> list[Finding]:
    """Findings for one input file (any format kpilint reads) or an already-read Document:
    the same findings, in the same order, as `kpilint check` reports for that file.
    A file that cannot be read raises ReadError.

    A module-level function of picklable arguments with a picklable result, so any engine
    can map it (see docs/scale.md); each process compiles the rules once per config."""
    config = config or Config()
    doc = target if isinstance(target, Document) else load(target, config.reader_limits)
    return findings_for(doc, config)


class FileTimeout(BaseException):
    """The file's time budget ran out. Not an Exception: no `except Exception` on the way
    (a rule's, a reader's) may swallow it and go on working."""


def check_one(path: str, config: Config, keep_document: bool = False) -> FileResult:
    """Read and lint one file; whatever happens inside, an answer — never an exception.

    A read error or a timeout is reported in the result; an error of kpilint's own becomes
    a KPI999 internal-error finding plus an error. A configuration that cannot be used
    (an unknown rule parameter, a bad limit) raises: it is no one file's problem. Run in
    this process, the budget stops Python code only; `check` runs it in a worker that is
    stopped whatever it is doing. Running out of memory raises MemoryError to the caller
    (a worker reports it as the limit it hit)."""
    limits = config.reader_limits
    ruleset_for(config)
    try:
        return _within(limits.timeout_per_file, lambda: _check(path, config, keep_document))
    except FileTimeout:
        return stopped_result(path, Stopped("time"), limits)
    except MemoryError:
        raise
    except RecursionError:  # a PDF page tree or an object chain thousands deep: the file's
        what = "文件结构嵌套过深（如 PDF 的页面树或对象链），无法读取，此文件未检查"
        return FileResult(path, (limit_exceeded(path, what),), error=f"{one_line(path)}: 错误: {what}")
    except Exception as exc:
        finding = internal_error(path, "检查文件", exc)
        return FileResult(path, (finding,), error=f"{path}: 错误: {finding.message}")


#: what was stopped, and what that left undone, for each kind of task
_TASKS = {"check": ("检查", "此文件未检查完"), "fix": ("修复", "文件未改动"),
          "annotate": ("标注", "未写出标注工作簿"), "baseline": ("读取", "未使用此基线")}  # fmt: skip


def stopped_message(path: str, stopped: Stopped, limits: Limits, task: str = "check") -> tuple[str, str]:
    """(what happened, the whole message with its hint) for a task that was stopped."""
    doing, undone = _TASKS[task]
    memory = size_text(limits.max_memory_bytes)
    if stopped.reason == "time":
        what = f"超过每个文件 {limits.timeout_per_file:g} 秒的时间限制，{doing}已停止，{undone}"
        hint = "用 --timeout-per-file 放宽，或把文件拆小"
    elif stopped.reason == "memory":
        what = f"超过内存上限 {memory}（limits.max_memory_bytes），{doing}已停止，{undone}"
        hint = "在 .kpilint.yaml 的 limits.max_memory_bytes 中放宽，或把文件拆小"
    elif stopped.reason == "crash":
        what = (f"{doing}此文件的进程异常终止（{stopped.detail}），{undone}；"
                f"可能超过了内存上限 {memory}，或文件触发了所用程序库的缺陷")  # fmt: skip
        hint = "放宽 limits.max_memory_bytes 再试；仍然如此请把文件报告给维护者"
    else:
        what = f"{doing}此文件时出错（{stopped.detail}），{undone}"
        hint = "请把此文件和这条消息报告给维护者"
    return what, f"{path}: 错误: {what}\n  提示: {hint}"


def stopped_result(path: str, stopped: Stopped, limits: Limits) -> FileResult:
    """A file whose check was stopped: an error (so the run exits 2) and a KPI999 finding
    (so every report format says it), both naming the file and the limit it hit."""
    what, message = stopped_message(path, stopped, limits)
    finding = limit_exceeded(path, what)
    if stopped.reason not in ("time", "memory"):
        finding = replace(finding, name=INTERNAL[1])
    return FileResult(path, (finding,), error=message)


def _check(path: str, config: Config, keep_document: bool) -> FileResult:
    """One file, read and linted with cycle collection paused: reading and linting build
    no cycles (reference counting frees them), and a collection pass in the middle of a
    large file walks every object made so far — a tenth of the time over a province's
    drafts. What a file leaves behind is collected as usual after it."""
    with no_cycle_collection():
        try:
            doc = load(path, config.reader_limits)
        except ReadError as exc:
            return FileResult(path, error=str(exc))
        return FileResult(
            path,
            tuple(findings_for(doc, config)),
            projects=len(doc.projects),
            template=doc.template,
            stats=dict(doc.stats),
            document=doc if keep_document else None,
        )


def _within(seconds: float, work: Callable[[], T]) -> T:
    """Run `work` with a time budget (SIGALRM, so only in a main thread on Unix)."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return work()

    def expire(signum: int, frame: Any) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check(
    paths: PathArg | Iterable[PathArg],
    config: Config,
    *,
    jobs: int = 1,
    baseline: Baseline | None = None,
    keep_documents: bool = False,
    isolate: bool = True,
    render: Render | None = None,
    stdin_name: str | None = None,
) -> Iterator[FileResult]:
    """Each file's result in input order (directories walked for what kpilint reads), whatever
    the number of processes (`jobs`; 0: one per CPU); what a baseline accepts is set aside
    in `baselined`. With `render` (and no baseline, which needs the findings themselves),
    results are compact: each file's findings come back written out (`rendered`) and
    counted (`counts`), made in the worker that checked the file.

    Each file is read and linted in a worker process within the configuration's time budget
    and memory limit (`isolate=False`, or a platform without fork: in this process, where the
    budget stops Python code only and there is no memory limit)."""
    paths = list(iter_inputs(input_paths(paths)))  # one path is one input, not its characters
    config.reader_limits  # a limit in error fails here, before any file  # noqa: B018
    ruleset_for(config)  # so does a rule file or parameter in error
    remaining = baseline.copy() if baseline is not None else None
    named = stdin_name if stdin_name and STDIN in paths else None
    work = check_one if render is None or remaining is not None or named else _compacting(render)
    limits = config.reader_limits
    tasks = [(path, config, keep_documents) for path in paths]
    for result in run_tasks(work, tasks, limits, lambda task, why: stopped_result(task[0], why, limits),
                            jobs=jobs, isolate=isolate, failed=_unread):  # fmt: skip
        if named and result.path == STDIN:
            result = as_named(result, named, config)
        if remaining is not None:
            new, accepted = remaining.split(result.findings)
            result = replace(result, findings=tuple(new), baselined=tuple(accepted))
        yield result


def as_named(result: FileResult, name: str, config: Config) -> FileResult:
    """Standard input's result under the name the user gave it (`--stdin-filename`): its
    findings and error name the file, `per_path_ignores` apply to it, and a baseline
    matches it as it would the file (an editor or a hook pipes a buffer for a file)."""
    ignored = config.ignored_in(name)
    findings = tuple(replace(f, path=name) if f.path == STDIN else f for f in result.findings
                     if not (ignored and matches(f.rule, f.name, ignored)))  # fmt: skip
    error = result.error
    if error and error.startswith(f"{STDIN}:"):
        error = one_line(name) + error[len(STDIN):]
    return replace(result, path=name, findings=findings, error=error)


def _unread(result: FileResult) -> bool:
    return result.error is not None


def load_one(path: str, config: Config) -> FileResult:
    """Read one file within the limits, without linting it: the result's `document`, or
    its `error` (what `show` and `convert` print)."""
    with no_cycle_collection():
        try:
            doc = load(path, config.reader_limits)
        except ReadError as exc:
            return FileResult(path, error=str(exc))
        except RecursionError:
            return FileResult(path, error=f"{path}: 错误: 文件结构嵌套过深，无法读取")
    return FileResult(path, projects=len(doc.projects), template=doc.template,
                      stats=dict(doc.stats), document=doc)  # fmt: skip


def load_each(paths: Iterable[str], config: Config, *, jobs: int = 1,
              isolate: bool = True) -> Iterator[FileResult]:  # fmt: skip
    """`load_one` for each input (directories walked), in order, each in a worker within
    the time budget and memory limit: `show` and `convert` read hostile files under the
    same limits as `check`."""
    limits = config.reader_limits
    return run_tasks(load_one, [(path, config) for path in iter_inputs(paths)], limits,
                     lambda task, why: stopped_result(task[0], why, limits),
                     jobs=jobs, isolate=isolate, failed=_unread)  # fmt: skip


def fix_one(path: str, config: Config, unsafe: bool = False, write: bool = True) -> FixOutcome:
    """Fix one file in place (or, write=False, describe the fix); whatever happens, an
    outcome — what could not be done is in `refused`, naming the file and why."""
    from kpilint.core.fix import FixOutcome

    try:
        return fix_file(path, config, unsafe=unsafe, write=write)
    except KpilintError as exc:  # a fix that would break the file, an unreadable file
        return FixOutcome(path, refused=str(exc))
    except OSError as exc:  # a read-only file system, a full disk
        reason = exc.strerror or str(exc)
        return FixOutcome(path, refused=f"{path}: 错误: 无法写回修复后的文件：{reason}；文件未改动")
    except MemoryError:
        raise
    except Exception as exc:
        return FixOutcome(path, refused=f"{path}: 错误: {internal_error(path, '修复', exc).message}")


def fix_each(paths: Sequence[str], config: Config, *, unsafe: bool = False, write: bool = True,
             jobs: int = 1, isolate: bool = True) -> Iterator[FixOutcome]:  # fmt: skip
    """`fix_one` for each path, in order, each in a worker within the time budget and memory
    limit; a worker stopped on a limit leaves the file as it was (its temporary file is
    removed) and the next file is fixed all the same."""
    limits = config.reader_limits
    return run_tasks(fix_one, [(path, config, unsafe, write) for path in paths], limits,
                     lambda task, why: _fix_stopped(task[0], why, limits), jobs=jobs,
                     isolate=isolate, failed=_refused, on_stop=_remove_temporary_file)  # fmt: skip


def _fix_stopped(path: str, stopped: Stopped, limits: Limits) -> FixOutcome:
    from kpilint.core.fix import FixOutcome

    return FixOutcome(path, refused=stopped_message(path, stopped, limits, "fix")[1])


def _refused(outcome: FixOutcome) -> bool:
    return outcome.refused is not None


def _remove_temporary_file(task: tuple[Any, ...], pid: int) -> None:
    remove_leftovers(task[0], pid)


def annotate(source: str, findings: Sequence[Finding], target: str, config: Config,
             isolate: bool = True) -> int:  # fmt: skip
    """`annotate_file` in a worker within the time budget and memory limit, the source
    checked against the zip limits first; raises KpilintError for what it cannot do."""
    limits = config.reader_limits
    (outcome,) = run_tasks(
        _annotate_task, [(source, list(findings), target, config.lang, limits)], limits,
        lambda task, why: stopped_message(target, why, limits, "annotate")[1], isolate=isolate,
        on_stop=lambda task, pid: remove_leftovers(target, pid),
    )  # fmt: skip
    if isinstance(outcome, str):
        raise KpilintError(outcome)
    return int(outcome)


def _annotate_task(source: str, findings: list[Finding], target: str, lang: str, limits: Limits) -> int | str:
    try:
        return annotate_file(source, findings, target, lang, limits)
    except KpilintError as exc:
        return str(exc)


def read_baseline(path: str, config: Config, isolate: bool = True) -> Baseline:
    """A baseline file read and parsed in a worker within the run's time budget and memory
    limit (parsing JSON takes about ten times the file's size); raises KpilintError for a
    baseline that cannot be used, naming the file."""
    limits = config.reader_limits
    (outcome,) = run_tasks(_baseline_task, [(path, limits)], limits,
                           lambda task, why: _baseline_stopped(path, why, limits), isolate=isolate)  # fmt: skip
    if isinstance(outcome, str):
        raise KpilintError(outcome)
    return outcome


def _baseline_task(path: str, limits: Limits) -> Baseline | str:
    try:
        return Baseline.read(path, limits)
    except KpilintError as exc:
        return str(exc)


def _baseline_stopped(path: str, stopped: Stopped, limits: Limits) -> str:
    what, _ = stopped_message(path, stopped, limits, "baseline")
    return f"{path}: 错误: 读取基线文件时{what}\n  提示: 基线应为 kpilint --write-baseline 写出的 JSON；可重新生成"
