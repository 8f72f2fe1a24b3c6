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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from kpilint.config import Config
from kpilint.core.formats import iter_inputs, load
from kpilint.core.pipeline import findings_for, ruleset_for
from kpilint.core.suppressions import Baseline
from kpilint.engine.run import internal_error
from kpilint.errors import ReadError
from kpilint.findings import Finding
from kpilint.model import Document

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


def lint(target: str | os.PathLike[str] | Document, config: Config | None = None) -> list[Finding]:
    """Findings for one input file (any format kpilint reads) or an already-read Document:
    the same findings, in the same order, as `kpilint check` reports for that file.
    A file that cannot be read raises ReadError.

    A module-level function of picklable arguments with a picklable result, so any engine
    can map it (see docs/scale.md); each process compiles the rules once per config."""
    config = config or Config()
    doc = target if isinstance(target, Document) else load(target, config.reader_limits)
    return findings_for(doc, config)


class FileTimeout(Exception):
    pass


def check_one(path: str, config: Config, keep_document: bool = False) -> FileResult:
    """Read and lint one file; whatever happens inside, an answer — never an exception.

    A read error or a timeout is reported in the result; an error of kpilint's own becomes
    a KPI999 internal-error finding plus an error. A configuration that cannot be used
    (an unknown rule parameter, a bad limit) raises: it is no one file's problem."""
    limits = config.reader_limits
    ruleset_for(config)
    try:
        return _within(limits.timeout_per_file, lambda: _check(path, config, keep_document))
    except FileTimeout:
        return FileResult(path, error=f"{path}: 错误: 超过每个文件 {limits.timeout_per_file:g} 秒的时间限制，已跳过\n"
                                      f"  提示: 用 --timeout-per-file 放宽，或把文件拆小")  # fmt: skip
    except RecursionError as exc:
        finding = internal_error(path, "嵌套过深", exc)
        return FileResult(path, (finding,), error=f"{path}: 错误: 文件结构嵌套过深，无法检查")
    except Exception as exc:
        finding = internal_error(path, "检查文件", exc)
        return FileResult(path, (finding,), error=f"{path}: 错误: {finding.message}")


def _check(path: str, config: Config, keep_document: bool) -> FileResult:
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
    paths: Iterable[str],
    config: Config,
    *,
    jobs: int = 1,
    baseline: Baseline | None = None,
    keep_documents: bool = False,
) -> Iterator[FileResult]:
    """Each file's result in input order (directories walked for what kpilint reads), whatever
    the number of processes (`jobs`; 0: one per CPU); what a baseline accepts is set aside
    in `baselined`."""
    paths = list(iter_inputs(paths))
    ruleset_for(config)  # a rule file or parameter in error fails here, before any file
    remaining = baseline.copy() if baseline is not None else None
    for result in _map(paths, config, jobs, keep_documents):
        if remaining is not None:
            new, accepted = remaining.split(result.findings)
            result = replace(result, findings=tuple(new), baselined=tuple(accepted))
        yield result


def _map(paths: list[str], config: Config, jobs: int, keep: bool) -> Iterator[FileResult]:
    jobs = (os.cpu_count() or 1) if jobs == 0 else max(1, jobs)
    if jobs == 1 or len(paths) < 2 or "-" in paths:
        for path in paths:
            yield check_one(path, config, keep)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(8, len(paths) // (jobs * 8)))  # small: no worker idles at the end
        n = len(paths)
        yield from pool.map(check_one, paths, [config] * n, [keep] * n, chunksize=chunk)
