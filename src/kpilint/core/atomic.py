"""Writing a file all or nothing: a temporary file beside the target, moved over it.

Every file kpilint writes — a fixed draft or workbook, a report, a converted draft, an
annotated workbook, a baseline — goes through `replacing`, so an interrupted run leaves
the last good file (or none), never half of one.
"""

from __future__ import annotations

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


@contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `target` to write; when the block ends without an error it
    is synced and renamed over `target` (keeping an existing target's permissions), else it
    is removed and `target` is left as it was."""
    final = Path(target)
    mode = final.stat().st_mode & 0o7777 if final.exists() else _new_file_mode()
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=SUFFIX)
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
