"""Readers: one module per input format, each turning its input into a `Document`.

This package holds what every reader shares: bytes read within the limits, text decoded
whatever its encoding. Which reader reads which file is `kpilint.core.formats`' table.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from kpilint.errors import ReadError
from kpilint.limits import DEFAULT_LIMITS, Limits, check_file_size, check_zip, too_large
from kpilint.readers.yaml_draft import draft_verdict

STDIN = "-"


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16, GBK/GB18030, or
    whatever charset-normalizer finds; undecodable bytes are an error naming their offset."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"无法解码文件：UTF-16 文件在第 {exc.start} 字节处损坏") from None
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding != "ascii":
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError(
        path,
        f"无法解码文件：第 {utf8_error.start} 字节处不是 UTF-8，也不是 GBK/GB18030 等可识别的编码",
        hint="请将文件另存为 UTF-8 编码后重试",
    ) from None


def read_bytes(path: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes (`-`: standard input's), refused past `limits.max_file_bytes`.

    Only a regular file is read: a FIFO, a device or a socket (or a link to one) is refused
    before a byte is read, since reading it could block forever or never end. It is opened
    without blocking and checked on the open descriptor, so it cannot be swapped in between."""
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
    except OSError as exc:
        raise ReadError(path, f"无法读取文件：{exc.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, "这是一个目录，不是文件")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, f"不是普通文件（{special_kind(info.st_mode)}），未读取",
                            hint="kpilint 只读取普通文件；请先把内容保存为文件")  # fmt: skip
        if info.st_size > limits.max_file_bytes:
            raise too_large(path, info.st_size, limits)
        try:
            return _read_capped(stream, path, limits, stream.read(info.st_size))
        except OSError as exc:
            raise ReadError(path, f"无法读取文件：{exc.strerror}") from None


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


def check_container(path: str, limits: Limits, zipped: bool) -> None:
    """What a table file (xlsx, docx, pdf) must pass before its reader opens it: it exists,
    is not too large, and if it is a zip container, is not a zip bomb (a PDF's pages are
    counted by its reader before any page is read)."""
    if not os.path.isfile(path):
        read_bytes(path, limits)  # raises the right "not found / is a directory" error
    check_file_size(path, limits)
    if zipped:
        check_zip(path, limits)


#: how much of a `.yaml` file a directory walk reads to tell a draft from other YAML
SNIFF_BYTES = 64 * 1024


def is_draft_file(path: str) -> bool:
    """Whether a `.yaml` file is to be checked as a draft: it is one, or it cannot be told
    (not YAML, not decodable, not a regular file, not readable) and the reader will say
    what is wrong. Only YAML that is plainly something else (a CI configuration) is not;
    a file longer than SNIFF_BYTES is taken (that much YAML is no CI configuration).
    Reads at most SNIFF_BYTES, without blocking, from a regular file only."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return True
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return True
        head = stream.read(SNIFF_BYTES + 1)
    if len(head) > SNIFF_BYTES:
        return True
    try:
        text, _ = decode(head, path)
    except ReadError:
        return True
    return draft_verdict(text) is not False
