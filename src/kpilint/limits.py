"""Limits on what kpilint will read: defaults no real document comes near, so hostile or
broken input is refused with a clear message instead of exhausting memory or time.

A `Limits` is a value: the configuration carries one (`limits:` in .kpilint.yaml, see
docs/robustness.md) and every reader is handed it. Nothing reads a process-wide setting,
so the limit in force cannot depend on which module was imported first.
"""

from __future__ import annotations

import math
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, BinaryIO

from kpilint.errors import ReadError

#: no limit may be set past this (a byte count of 4 EiB, a time of 146 years): larger values
#: are mistakes, and some would overflow the system calls that enforce them
LARGEST = 2**62
#: the longest time limit: the system's clocks count nanoseconds in 64 bits (292 years);
#: 68 years is past any use and far from that
MAX_SECONDS = 2**31


class LimitError(ValueError):
    """A value under `limits:` that cannot be a limit; `key` names it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024  # a budget PDF is a few MB; 200 MB is far past any
    max_zip_members: int = 10_000  # an xlsx/docx holds tens of parts
    max_unzipped_bytes: int = 1024 * 1024 * 1024  # 1 GiB of XML once inflated
    max_zip_ratio: int = 200  # deflate rarely beats 100:1 on real office XML
    max_pdf_pages: int = 5_000
    max_cells: int = 5_000_000
    timeout_per_file: float = 60.0
    #: address space of the process that reads and lints one file; a corpus PDF needs ~320 MB
    max_memory_bytes: int = 2 * 1024 * 1024 * 1024

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> Limits:
        """Limits from configuration: an unknown name, or a value that is not a finite,
        non-negative number (a whole one for counts and sizes), is a LimitError in Chinese
        naming the key — never silently ignored or turned into something else."""
        if not values:
            return cls()
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(str(k) for k in values if k not in known)
        if unknown:
            raise LimitError(unknown[0], f"未知的 limits 项 {unknown}；可用：{sorted(known)}")
        converted: dict[str, Any] = {}
        for name, value in values.items():
            whole = known[name].type in ("int", int)
            converted[name] = _limit_value(name, value, whole)
        return cls(**converted)


def _limit_value(name: str, value: Any, whole: bool) -> int | float:
    wanted = "非负整数" if whole else "非负数字（秒，0 表示不限）"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LimitError(name, f"limits.{name} 应为{wanted}，实际为 {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise LimitError(name, f"limits.{name} 应为有限的{wanted}，实际为 {value!r}")
    if value < 0:
        raise LimitError(name, f"limits.{name} 不能为负数（实际为 {value!r}）")
    largest = LARGEST if whole else MAX_SECONDS
    if value > largest:
        raise LimitError(name, f"limits.{name} 过大（{value!r}，上限 {largest}）")
    if whole and value != int(value):
        raise LimitError(name, f"limits.{name} 应为{wanted}，实际为 {value!r}")
    return int(value) if whole else float(value)


DEFAULT_LIMITS = Limits()


def size_text(size: float) -> str:
    """A byte count as people read it: 1.5 MB, 12 KB, 10 字节."""
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size:.0f} 字节"


def too_large(path: str, size: int | None, limits: Limits) -> ReadError:
    """The file (or standard input, whose size is unknown past the limit) is over the limit."""
    cap = size_text(limits.max_file_bytes)
    what = f"文件过大（{size_text(size)}，上限 {cap}）" if size is not None else f"标准输入超过上限 {cap}"
    return ReadError(path, f"{what}，未读取", hint="如确需检查，在 .kpilint.yaml 的 limits.max_file_bytes 中放宽")


def check_file_size(path: str, limits: Limits) -> None:
    size = os.path.getsize(path)
    if size > limits.max_file_bytes:
        raise too_large(path, size, limits)


def check_zip(path: str, limits: Limits, source: BinaryIO | None = None) -> None:
    """xlsx and docx are zip files: refuse zip bombs before any XML is parsed (`source`:
    the file's bytes, when they are not the file at `path`)."""
    try:
        with zipfile.ZipFile(source or path) as archive:
            members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError, OSError…: all mean damaged
        raise ReadError(
            path,
            f"无法打开：不是有效的 zip 压缩包（{exc}）",
            hint="文件可能已损坏，或扩展名与内容不符",
        ) from None
    if len(members) > limits.max_zip_members:
        raise ReadError(
            path,
            f"压缩包内文件过多（{len(members)} 个，上限 {limits.max_zip_members}），疑似压缩炸弹，未读取",
        )
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > limits.max_unzipped_bytes or (
        total / packed > limits.max_zip_ratio and total > 10 * 1024 * 1024
    ):
        raise ReadError(path, f"解压后过大（{total / 1e6:.0f} MB，压缩比 {total / packed:.0f}:1），疑似压缩炸弹，未读取",
                        hint="如确是正常文件，在 .kpilint.yaml 的 limits 中放宽 max_unzipped_bytes / max_zip_ratio")  # fmt: skip
