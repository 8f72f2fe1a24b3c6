"""One way to run a piece of work per file within the run's limits: `run_tasks`.

Checking, fixing, annotating, reading for `show` and `convert`, and reading a baseline
all hand their tasks here, so each gets the same time budget, memory limit, worker count
and serial fallback — a hostile file is stopped the same way whichever command meets it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from kpilint.core import isolation
from kpilint.core.isolation import Stopped
from kpilint.limits import Limits

R = TypeVar("R")
Task = tuple[Any, ...]


def cpus() -> int:
    """The processors this process may run on (its affinity, where the system says)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def job_count(jobs: int, tasks: int) -> int:
    """Workers for `tasks` tasks when `jobs` are asked for (0: one per processor): never
    more than the processors or the tasks, never fewer than one. More workers than
    processors only add forks and memory; a huge `--jobs` must not fork a thousand."""
    wanted = cpus() if jobs <= 0 else jobs
    return max(1, min(wanted, cpus(), tasks))


def run_tasks(
    fn: Callable[..., R],
    tasks: Sequence[Task],
    limits: Limits,
    stopped: Callable[[Task, Stopped], R],
    *,
    jobs: int = 1,
    isolate: bool = True,
    failed: Callable[[R], bool] | None = None,
    on_stop: Callable[[Task, int], None] | None = None,
) -> Iterator[R]:
    """`fn(*task)` for each task, in order, within `limits` (`timeout_per_file`,
    `max_memory_bytes`). A task that gives no result — over its time or memory, its worker
    crashed, or it raised — is answered by `stopped(task, why)`, so the caller always gets
    one answer per task. `fn` must be a module-level function of picklable arguments with
    a picklable result (it runs in a forked worker).

    Each task runs in a worker process (`job_count(jobs, len(tasks))` of them, reused from
    task to task) that is killed at the deadline and whose address space is capped;
    `failed(result)` says whether a result near the memory limit is the limit's doing, and
    `on_stop(task, pid)` cleans up after a worker that was killed (its temporary file).
    With `isolate=False`, or where there is no fork (Windows), tasks run in this process:
    the task's own budget stops Python code only, and memory is not capped."""
    if not isolate or not isolation.available():
        for task in tasks:
            try:
                yield fn(*task)
            except MemoryError:
                yield stopped(task, Stopped("memory"))
        return
    outcomes = isolation.run_each(
        fn, tasks, seconds=limits.timeout_per_file, memory=limits.max_memory_bytes,
        jobs=job_count(jobs, len(tasks)), failed=failed, on_stop=on_stop,
    )  # fmt: skip
    for task, outcome in zip(tasks, outcomes, strict=True):
        yield stopped(task, outcome) if isinstance(outcome, Stopped) else outcome
