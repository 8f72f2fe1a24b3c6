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
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kpilint.errors import KpilintError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock
    fcntl = None  # type: ignore[assignment]
from kpilint.escapes import one_line

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


class ChangedMeanwhile(KpilintError):
    """The file changed between the read a write was made from and the write: writing
    would discard the other change."""


@contextmanager
def replacing(target: str | os.PathLike[str], unchanged: bytes | None = None) -> Iterator[Path]:
    """A temporary path beside `target` to write; when the block ends without an error, what
    was written there becomes `target`, else the temporary file is removed and `target` is
    left as it was. With `unchanged` (the bytes the new content was made from), the write
    is refused (ChangedMeanwhile) if `target` no longer holds them: an edit saved meanwhile
    is not lost.

    A new or ordinary file is replaced by a rename (all or nothing) that keeps its mode, its
    owner and its group. A file the user cannot write is refused (PermissionError), whoever
    owns the folder. A file with several hard links, or whose owner the rename could not
    keep, is written in place under a lock, so every link sees the new content and the file
    stays its owner's. A character device or a FIFO (`-o /dev/stdout`) is written as it is,
    never replaced by a file; any other kind of file (a directory, a socket) is refused."""
    info = _existing(Path(target))  # through links: /dev/stdout names a pipe or a terminal
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise OSError(errno.EINVAL, "不是普通文件，拒绝写入", str(target))
        yield Path(target)  # a device is written through, as the shell's `>` would
        return
    final = written_path(target)
    if info is not None and not os.access(final, os.W_OK):
        raise PermissionError(errno.EACCES, "没有写该文件的权限，未改动", str(target))
    if str(final.parent) not in _swept:
        _sweep(final.parent)
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=SUFFIX)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        if info is None:
            os.chmod(tmp, _new_file_mode())
        elif info.st_nlink > 1 or not _same_owner(tmp, info):
            _write_in_place(final, tmp, unchanged)
            return
        else:
            os.chmod(tmp, info.st_mode & 0o7777)
        if unchanged is not None:
            _check_unchanged(final, unchanged)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def _existing(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _same_owner(tmp: Path, info: os.stat_result) -> bool:
    """Give the temporary file the target's owner and group; False where that is not
    allowed (a file of another user that this one may write)."""
    mine = tmp.stat()
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.chown(tmp, info.st_uid, info.st_gid)
    except OSError:
        return False
    return True


def _check_unchanged(final: Path, unchanged: bytes) -> None:
    try:
        now = final.read_bytes() if final.stat().st_size == len(unchanged) else None
    except OSError:
        now = None
    if now != unchanged:
        raise ChangedMeanwhile(f"{one_line(final)}: 错误: 文件在修复期间被改动（另一个程序或编辑器保存了它），"
                               f"未写回，以免丢掉那次改动\n  提示: 再运行一次 --fix")  # fmt: skip


def _write_in_place(final: Path, tmp: Path, unchanged: bytes | None) -> None:
    """The temporary file's bytes written into `final` itself, under an exclusive lock:
    its inode, links, owner and mode stay."""
    data = tmp.read_bytes()
    with open(final, "rb+") as out:
        if fcntl is not None:
            fcntl.flock(out.fileno(), fcntl.LOCK_EX)
        if unchanged is not None and out.read() != unchanged:
            raise ChangedMeanwhile(f"{one_line(final)}: 错误: 文件在修复期间被改动，未写回，以免丢掉那次改动\n"
                                   f"  提示: 再运行一次 --fix")  # fmt: skip
        out.seek(0)
        out.write(data)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())


def write_atomic(target: str | os.PathLike[str], data: str | bytes, unchanged: bytes | None = None) -> None:
    """`data` (text is written as UTF-8) as the whole of `target`, all or nothing; see
    `replacing` for `unchanged`."""
    with replacing(target, unchanged) as tmp, open(tmp, "wb") as out:  # a device: written through
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


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
