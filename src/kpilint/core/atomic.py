"""Writing a file all or nothing: a temporary file beside the target, moved over it.

Every file kpilint writes — a fixed draft or workbook, a report, a converted draft, an
annotated workbook, a baseline — goes through `replacing`, so an interrupted run leaves
the last good file (or none), never half of one. A target that is a symbolic link is
written through: the file it names is replaced and the link stays a link.

A run killed while writing leaves its temporary file (hidden, named after the target and
the writer's process id); a process's first write into a folder removes those there whose
writer is gone (once: fixing thousands of drafts in one folder must not list it each time),
and a run that kills one of its own workers removes that worker's at once.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUFFIX = ".kpilint-tmp"


def _new_file_mode() -> int:
    """The mode a new file would get (0666 less the umask); mkstemp's 0600 would hide a
    report from the rest of a team."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def written_path(target: str | os.PathLike[str]) -> Path:
    """The file a write to `target` replaces: the file a symbolic link names, else `target`."""
    path = Path(target)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `target` to write; when the block ends without an error it
    is synced and renamed over `target` (keeping an existing target's permissions), else it
    is removed and `target` is left as it was."""
    final = written_path(target)
    if str(final.parent) not in _swept:
        _sweep(final.parent)
    mode = final.stat().st_mode & 0o7777 if final.exists() else _new_file_mode()
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=SUFFIX)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(target: str | os.PathLike[str], data: str | bytes) -> None:
    """`data` (text is written as UTF-8) as the whole of `target`, all or nothing."""
    with replacing(target) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


#: folders this process has swept of dead writers' temporary files
_swept: set[str] = set()


def _temporary_files(folder: Path, prefix: str = ".") -> list[tuple[Path, int]]:
    """Temporary files in `folder` whose names start with `prefix`, with their writers'
    process ids (named `.<target>.<pid>.<random>.kpilint-tmp`)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(prefix) and name.endswith(SUFFIX):
                pid = name[len(prefix):].rsplit(".", 2)[0].rsplit(".", 1)[-1]
                found.append((Path(entry.path), int(pid) if pid.isdigit() else 0))
    return found


def _sweep(folder: Path) -> None:
    for path, writer in _temporary_files(folder):
        if not _running(writer):
            path.unlink(missing_ok=True)
    _swept.add(str(folder))


def leftovers(target: str | os.PathLike[str]) -> list[tuple[Path, int]]:
    """Temporary files a write to `target` left beside it, with their writers' process ids."""
    final = written_path(target)
    return _temporary_files(final.parent, f".{final.name}.")


def remove_leftovers(target: str | os.PathLike[str], pid: int | None = None) -> None:
    """Remove what `leftovers` finds: those of process `pid`, or of every writer not running."""
    for path, writer in leftovers(target):
        if writer == pid or (pid is None and not _running(writer)):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
