"""Readers: any supported input to a `Document`. One module per input format.

`load(path)` picks the reader from the extension and the content; `iter_inputs`
walks directories for the files kpilint can read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kpilint.errors import ReadError
from kpilint.limits import LIMITS, check_file_size, check_zip
from kpilint.model import Document
from kpilint.readers.published_text import read_published_text
from kpilint.readers.yaml_draft import is_draft_text, read_draft

YAML_EXTENSIONS = (".yaml", ".yml")
TEXT_EXTENSIONS = (".txt", ".text")
TABLE_EXTENSIONS = (".xlsx", ".xlsm", ".docx", ".pdf")
SUPPORTED = YAML_EXTENSIONS + TEXT_EXTENSIONS + TABLE_EXTENSIONS
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


def read_bytes(path: str) -> bytes:
    if path == STDIN:
        data = sys.stdin.buffer.read(LIMITS.max_file_bytes + 1)
        if len(data) > LIMITS.max_file_bytes:
            raise ReadError(path, "标准输入过大，未读取")
        return data
    try:
        if os.path.isfile(path):
            check_file_size(path)
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "文件不存在", hint="检查路径是否正确") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个目录，不是文件") from None
    except PermissionError:
        raise ReadError(path, "没有读取该文件的权限") from None
    except OSError as exc:
        raise ReadError(path, f"无法读取文件：{exc.strerror}") from None


def load(path: str | os.PathLike[str]) -> Document:
    """Read one input (a draft, published text, xlsx, docx, pdf; `-` is standard input)."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix in TABLE_EXTENSIONS:
        return _read_table_file(name, suffix)
    text, encoding = decode(read_bytes(name), name)
    if suffix in YAML_EXTENSIONS or (suffix not in TEXT_EXTENSIONS and is_draft_text(text)):
        doc = read_draft(text, name)
    elif suffix in TEXT_EXTENSIONS or name == STDIN or "项目编码" in text:
        doc = read_published_text(text, name)
    else:
        raise ReadError(
            name,
            f"不支持的文件类型“{suffix or '无扩展名'}”",
            hint=f"kpilint 可读取：{'、'.join(SUPPORTED)}",
        )
    return _with_encoding(doc, encoding)


def _read_table_file(name: str, suffix: str) -> Document:
    if not os.path.isfile(name):
        read_bytes(name)  # raises the right "not found / is a directory" error
    check_file_size(name)
    if suffix != ".pdf":
        check_zip(name)
    if suffix == ".pdf":
        from kpilint.readers.pdf import read_pdf

        return read_pdf(name)
    if suffix == ".docx":
        from kpilint.readers.docx import read_docx

        return read_docx(name)
    from kpilint.readers.xlsx import read_xlsx

    return read_xlsx(name)


def _with_encoding(doc: Document, encoding: str) -> Document:
    from dataclasses import replace

    return replace(doc, encoding=encoding)


def iter_inputs(paths: Iterable[str]) -> Iterator[str]:
    """Files to check: given files as they are; directories walked for readable inputs.

    Inside a directory a YAML file is taken only if it looks like a draft, so a
    repository's CI configuration is not mistaken for one. Order is sorted and stable.
    """
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(root, name)
                suffix = Path(name).suffix.lower()
                if suffix in TEXT_EXTENSIONS + TABLE_EXTENSIONS or (
                    suffix in YAML_EXTENSIONS and is_draft_file(full)
                ):
                    yield full


def is_draft_file(path: str) -> bool:
    try:
        text, _ = decode(Path(path).read_bytes(), path)
    except (OSError, ReadError):
        return True  # let the reader report the problem
    return is_draft_text(text)
