"""Reading a file kpilint was given, within a cap: the one place bytes come in.

Every input, configuration, rule file and baseline is read here. Only a regular file is
read (a FIFO or a device could block forever or never end); it is opened without blocking
and checked on the open descriptor, so it cannot be swapped in between; and no more than
the cap is read, whatever the file claims or grows to while it is read.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits, too_large

STDIN = "-"


def project_path(path: str, root: str | None = None) -> str:
    """`path` as seen from the folder `root` (default: the current one), with `/`: one file
    is one text however it was named — `drafts/a.yaml`, `./drafts/a.yaml`, an absolute path,
    `a.yaml` from inside drafts/ — so a baseline or a `per_path_ignores` pattern written once
    matches every way of running kpilint. Folders are resolved (a link to the project is the
    project); the file's own name is kept. Standard input stays `-`."""
    if path == STDIN:
        return path
    folder = os.path.realpath(root if root is not None else os.curdir)
    full = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
    try:
        relative = os.path.relpath(full, folder)
    except ValueError:  # another drive (Windows): there is no way from the one to the other
        relative = full
    return relative.replace(os.sep, "/")


def read_bytes(path: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes (`-`: standard input's), refused past `limits.max_file_bytes`; what
    cannot be read is a ReadError naming the file."""
    if path == STDIN:
        return _read_capped(sys.stdin.buffer, path, limits)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError(path, "文件不存在", hint="检查路径是否正确") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个目录，不是文件") from None
    except PermissionError:
        raise ReadError(path, "没有读取该文件的权限") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise ReadError(path, f"无法读取文件：{getattr(exc, 'strerror', None) or exc}") from None
    info = os.fstat(fd)  # before a stream is made of it: a directory cannot be one
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, "这是一个目录，不是文件", hint="请给出文件的路径")
        raise ReadError(path, f"不是普通文件（{special_kind(info.st_mode)}），未读取",
                        hint="kpilint 只读取普通文件；请先把内容保存为文件")  # fmt: skip
    with os.fdopen(fd, "rb") as stream:
        if info.st_size > limits.max_file_bytes:
            raise too_large(path, info.st_size, limits)
        try:
            return _read_capped(stream, path, limits, stream.read(info.st_size))
        except OSError as exc:
            raise ReadError(path, f"无法读取文件：{exc.strerror}") from None


def read_text(path: str, cap: int, what: str) -> str:
    """A UTF-8 text file kpilint is configured by (`what`: 配置文件, 规则文件, 基线文件) of
    at most `cap` bytes, a byte-order mark dropped. Anything else is a ReadError that says
    which kind of file could not be read and why (the byte offset of bad UTF-8)."""
    try:
        data = read_bytes(path, Limits(max_file_bytes=cap))
    except ReadError as exc:
        raise ReadError(path, f"无法读取{what}：{exc.message}", hint=exc.hint) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"{what}不是 UTF-8 编码（第 {exc.start} 字节）",
                        hint=f"请把{what}另存为 UTF-8 编码") from None  # fmt: skip


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "命名管道"), (stat.S_ISCHR, "字符设备"),
                       (stat.S_ISBLK, "块设备"), (stat.S_ISSOCK, "套接字")):  # fmt: skip
        if test(mode):
            return name
    return "特殊文件"


def _read_capped(stream: BinaryIO, path: str, limits: Limits, start: bytes = b"") -> bytes:
    """`start` and what follows it, at most the limit's bytes, in chunks: neither a growing
    file nor standard input is read past it, and no buffer of the limit's size is allocated."""
    chunks, total = [start], len(start)
    while chunk := stream.read(1 << 20):
        total += len(chunk)
        if total > limits.max_file_bytes:
            raise too_large(path, None if path == STDIN else total, limits)
        chunks.append(chunk)
    return b"".join(chunks)
