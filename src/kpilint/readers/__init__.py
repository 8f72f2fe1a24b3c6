"""Readers: one module per input format, each turning its input into a `Document`.

This package holds what every reader shares: bytes read within the limits, text decoded
whatever its encoding. Which reader reads which file is `kpilint.core.formats`' table.
"""

from __future__ import annotations

import os
import stat

from kpilint.errors import ReadError
from kpilint.files import STDIN, read_bytes, special_kind
from kpilint.limits import Limits, check_file_size, check_zip
from kpilint.readers.yaml_draft import draft_verdict

__all__ = ["STDIN", "check_container", "decode", "is_draft_file", "read_bytes", "special_kind"]


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
