"""Limits on what kpilint will read: defaults no real document comes near, so hostile or
broken input is refused with a clear message instead of exhausting memory or time.

Configurable under `limits:` in .kpilint.yaml (see docs/robustness.md).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, fields, replace
from typing import Any

from kpilint.errors import ReadError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024  # a budget PDF is a few MB; 200 MB is far past any
    max_zip_members: int = 10_000  # an xlsx/docx holds tens of parts
    max_unzipped_bytes: int = 1024 * 1024 * 1024  # 1 GiB of XML once inflated
    max_zip_ratio: int = 200  # deflate rarely beats 100:1 on real office XML
    max_pdf_pages: int = 5_000
    max_cells: int = 5_000_000
    timeout_per_file: float = 60.0


LIMITS = Limits()


def configure(values: dict[str, Any] | None) -> Limits:
    """Set the process-wide limits (from configuration); unknown keys are an error."""
    global LIMITS
    if not values:
        return LIMITS
    known = {f.name for f in fields(Limits)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"未知的 limits 项 {sorted(unknown)}；可用：{sorted(known)}")
    LIMITS = replace(Limits(), **{k: type(getattr(Limits(), k))(v) for k, v in values.items()})
    return LIMITS


def check_file_size(path: str) -> None:
    size = os.path.getsize(path)
    if size > LIMITS.max_file_bytes:
        raise ReadError(path, f"文件过大（{size / 1e6:.0f} MB，上限 {LIMITS.max_file_bytes / 1e6:.0f} MB），未读取",
                        hint="如确需检查，在 .kpilint.yaml 的 limits.max_file_bytes 中放宽")  # fmt: skip


def check_zip(path: str) -> None:
    """xlsx and docx are zip files: refuse zip bombs before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError, OSError…: all mean damaged
        raise ReadError(
            path,
            f"无法打开：不是有效的 zip 压缩包（{exc}）",
            hint="文件可能已损坏，或扩展名与内容不符",
        ) from None
    if len(members) > LIMITS.max_zip_members:
        raise ReadError(
            path,
            f"压缩包内文件过多（{len(members)} 个，上限 {LIMITS.max_zip_members}），疑似压缩炸弹，未读取",
        )
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > LIMITS.max_unzipped_bytes or (
        total / packed > LIMITS.max_zip_ratio and total > 10 * 1024 * 1024
    ):
        raise ReadError(path, f"解压后过大（{total / 1e6:.0f} MB，压缩比 {total / packed:.0f}:1），疑似压缩炸弹，未读取",
                        hint="如确是正常文件，在 .kpilint.yaml 的 limits 中放宽 max_unzipped_bytes / max_zip_ratio")  # fmt: skip
