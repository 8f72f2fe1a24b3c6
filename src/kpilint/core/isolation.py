"""Each file's work in a worker process that can be stopped: a deadline and a memory limit
that hold for C code too.

A time budget kept by a signal in the process doing the work stops Python code only: a
python-docx, lxml or pdfium call runs to its end (71 s on a 10 s budget), a regex in C
cannot be interrupted, and a crash in C (a stack overflow, an abort on a failed
allocation) takes the whole run with it. Here each task runs in a forked worker whose
address space is capped (RLIMIT_AS), which the parent kills at the deadline; a worker that
dies or is killed is replaced, and its task gets a `Stopped` saying which limit it hit.
Workers are reused from task to task, so the cost is one fork per worker, not per file.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

#: how long after its deadline a worker still busy in Python is killed: the worker's own
#: signal-based budget answers at the deadline when it can, with what it knows
GRACE_SECONDS = 0.5
#: a worker whose address space came within this share of its limit ran into it: C
#: libraries report a failed allocation in their own words ("unknown error"), so a task
#: that failed there is reported as the memory limit, and the worker is not reused
NEAR_LIMIT = 0.9


def available() -> bool:
    """Whether tasks can run in workers here (fork and resource limits: Linux, macOS)."""
    return hasattr(os, "fork") and resource is not None


@dataclass(frozen=True)
class Stopped:
    """A task that gave no result: the limit it hit (`time`, `memory`) or how its worker
    ended (`crash`: a signal; `error`: an exception the task did not handle), in words."""

    reason: str
    detail: str = ""


Task = tuple[Any, ...]


#: the parent's ends of the workers' pipes: a new worker closes its copies of them, so a
#: worker sees its pipe close when the parent (not a sibling) lets go of it
_PARENT_ENDS: set[Connection] = set()


Failed = Callable[[Any], bool]


class _Worker:
    """A forked process that runs `fn(*task)` for each task it is sent."""

    def __init__(self, fn: Callable[..., Any], memory: int, failed: Failed | None) -> None:
        parent_end, child_end = Pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            for end in (parent_end, *_PARENT_ENDS):
                end.close()
            _serve(child_end, fn, memory, failed)
        child_end.close()
        _PARENT_ENDS.add(parent_end)
        self.pid, self.conn = pid, parent_end
        self.index: int | None = None
        self.deadline = 0.0

    def send(self, index: int, task: Task, seconds: float) -> None:
        self.index = index
        self.deadline = time.monotonic() + seconds + GRACE_SECONDS if seconds else 0.0
        self.conn.send((index, task))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.reap()

    def reap(self) -> int:
        """Wait for the worker to end; its status as os.waitpid gives it."""
        _PARENT_ENDS.discard(self.conn)
        self.conn.close()
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return 0

    def stop(self) -> None:
        """Ask an idle worker to end, and kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                _PARENT_ENDS.discard(self.conn)
                self.conn.close()
                return
            time.sleep(0.01)
        self.kill()


def _serve(conn: Connection, fn: Callable[..., Any], memory: int, failed: Failed | None) -> None:
    """The worker's loop. It ends with os._exit: nothing of the parent's (atexit handlers,
    buffered output) may run or be flushed twice."""
    code = 0
    try:
        _confine(memory)
        while True:
            message = conn.recv()
            if message is None:
                break
            index, task = message
            try:
                reply: tuple[Any, ...] = (index, "ok", fn(*task))
            except MemoryError:
                reply = (index, "memory", "")
            except BaseException as exc:  # a task must answer; this one raised
                reply = (index, "error", f"{type(exc).__name__}: {exc}")
            near = bool(memory) and _peak() >= NEAR_LIMIT * memory
            if near and (reply[1] != "ok" or (failed is not None and failed(reply[2]))):
                reply = (index, "memory", "")
            # a worker that came near its limit is not trusted with the next task
            leaving = near or reply[1] == "memory"
            try:
                conn.send((*reply, leaving))
            except MemoryError:
                conn.send((index, "memory", "", True))
                leaving = True
            except (pickle.PicklingError, TypeError) as exc:
                conn.send((index, "error", f"结果无法传回：{exc}", leaving))
            if leaving:
                break
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    except BaseException:
        code = 1
    os._exit(code)


def _peak() -> int:
    """The most address space this process has had, in bytes (0 where it cannot be read)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _confine(memory: int) -> None:
    """Limits on this worker: its address space, no core files, and death with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # what the worker was forked with (imports, compiled rules) lives as long as it does:
    # kept out of cycle collection, which would otherwise walk it on every full pass
    gc.freeze()
    faulthandler.disable()  # a crash is the parent's to report, in words
    if memory and resource is not None:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker is killed when the run that started it dies (even by SIGKILL),
    so no orphan goes on writing after the run is gone."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_each(
    fn: Callable[..., Any],
    tasks: Sequence[Task],
    *,
    seconds: float,
    memory: int,
    jobs: int = 1,
    failed: Failed | None = None,
    on_stop: Callable[[Task, int], None] | None = None,
) -> Iterator[Any]:
    """`fn(*task)` for each task, in order, each in a worker of at most `memory` bytes of
    address space (0: no limit) stopped `seconds` after it starts (0: no deadline); a task
    that gives no result yields a `Stopped`, and so does one whose result `failed` calls a
    failure after its worker came near the memory limit. `on_stop(task, pid)` is called for
    a task whose worker was killed or died, to clean up after it. `jobs` workers at once."""
    workers: list[_Worker] = []
    idle: list[_Worker] = []
    results: dict[int, Any] = {}
    sent = done = 0
    window = max(1, jobs) * 16  # results held back for order, at most
    try:
        while done < len(tasks):
            while sent < len(tasks) and sent < done + window and (idle or len(workers) < jobs):
                worker = idle.pop() if idle else _Worker(fn, memory, failed)
                if worker not in workers:
                    workers.append(worker)
                worker.send(sent, tasks[sent], seconds)
                sent += 1
            busy = [w for w in workers if w.index is not None]
            deadlines = [w.deadline for w in busy if w.deadline]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([w.conn for w in busy], timeout))
            for worker in busy:
                index = worker.index
                assert index is not None
                outcome = _outcome(worker, ready)
                if outcome is None:
                    continue
                finished, answer = outcome
                results[index] = answer
                worker.index = None
                if finished:
                    idle.append(worker)
                else:
                    workers.remove(worker)
                    if on_stop is not None:
                        on_stop(tasks[index], worker.pid)
            while done in results:
                yield results.pop(done)
                done += 1
    finally:  # the run ends, or is interrupted (Ctrl-C, SIGTERM): no worker outlives it
        for worker in workers:
            if worker.index is None:
                worker.stop()
            else:
                worker.kill()
                if on_stop is not None:  # what the killed task left half-written
                    on_stop(tasks[worker.index], worker.pid)


def _outcome(worker: _Worker, ready: set[Any]) -> tuple[bool, Any] | None:
    """(the worker can take another task, the task's answer), or None while it works on."""
    if worker.conn in ready:
        try:
            _index, status, value, leaving = worker.conn.recv()
        except (EOFError, OSError):
            return False, _ended(worker)
        if leaving:
            worker.reap()
        answer = value if status == "ok" else Stopped(status, "" if status == "memory" else value)
        return not leaving, answer
    if worker.deadline and time.monotonic() >= worker.deadline:
        worker.kill()
        return False, Stopped("time")
    return None


def _ended(worker: _Worker) -> Stopped:
    """Why a worker's connection closed without an answer."""
    status = worker.reap()
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"信号 {number}"
        return Stopped("crash", name)
    return Stopped("crash", f"退出码 {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}")
