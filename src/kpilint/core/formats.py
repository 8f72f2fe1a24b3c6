"""Each kind of input kpilint reads, declared once: the suffixes that name it, how it is
read, how `--fix` writes repairs back into it, and how `--annotate` marks findings in a
copy. Reading a file, fixing it, annotating it and walking a directory all ask this table,
so a new kind of input is one more row here and a reader module.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpilint.config import Config
from kpilint.core.atomic import replacing
from kpilint.errors import KpilintError, ReadError
from kpilint.escapes import has_surrogates, one_line, valid_text
from kpilint.findings import Finding
from kpilint.limits import DEFAULT_LIMITS, Limits
from kpilint.model import Diagnostic, Document, Location
from kpilint.readers import STDIN, check_container, decode, is_draft_file, read_bytes, special_kind
from kpilint.readers.yaml_draft import is_draft_text, read_draft

if TYPE_CHECKING:
    from kpilint.core.fix import FixOutcome, Load

Fixer = Callable[[str, "Load", Config, bool, bool], "FixOutcome"]
Annotator = Callable[[str, Iterable[Finding], str, str, int], int]


def _on_use(module: str, name: str) -> Any:
    """`module.name`, imported when first called: a run over drafts does not import the
    workbook, Word and PDF readers (openpyxl, python-docx, pdfplumber), nor `--fix`."""

    def call(*args: Any) -> Any:
        return getattr(import_module(module), name)(*args)

    call.__name__ = call.__qualname__ = name
    return call


@dataclass(frozen=True)
class InputFormat:
    """One kind of input. A container (xlsx, docx, pdf) has `read`, given the path and the
    limits; a text (drafts, published text) has `parse`, given the text once decoded, and
    `sniff`, which recognises it in standard input or a file with another suffix."""

    name: str
    suffixes: tuple[str, ...]
    fix: Fixer
    read: Callable[[str, Limits], Document] | None = None
    parse: Callable[[str, str], Document] | None = None
    sniff: Callable[[str], bool] | None = None
    zipped: bool = False  # checked for zip bombs before it is opened
    annotate: Annotator | None = None


def _published(text: str) -> bool:
    return "项目编码" in text


_FIX = "kpilint.core.fix"
fix_draft, fix_by_draft, fix_workbook = (_on_use(_FIX, n) for n in ("fix_draft", "fix_by_draft", "fix_workbook"))
read_published_text = _on_use("kpilint.readers.published_text", "read_published_text")
read_xlsx = _on_use("kpilint.readers.xlsx", "read_xlsx")
read_docx = _on_use("kpilint.readers.docx", "read_docx")
read_pdf = _on_use("kpilint.readers.pdf", "read_pdf")
read_xls = _on_use("kpilint.readers.legacy", "read_xls")
read_word_97 = _on_use("kpilint.readers.legacy", "read_word_97")
annotate_xlsx = _on_use("kpilint.writers.xlsx", "annotate_xlsx")

DRAFT = InputFormat("draft", (".yaml", ".yml"), fix_draft, parse=read_draft, sniff=is_draft_text)
TEXT = InputFormat("text", (".txt", ".text"), fix_by_draft, parse=read_published_text, sniff=_published)
XLSX = InputFormat("xlsx", (".xlsx", ".xlsm"), fix_workbook, read=read_xlsx, zipped=True, annotate=annotate_xlsx)
DOCX = InputFormat("docx", (".docx",), fix_by_draft, read=read_docx, zipped=True)
PDF = InputFormat("pdf", (".pdf",), fix_by_draft, read=read_pdf)
# old office formats: .xls through xlrd, .doc/.wps converted by LibreOffice (readers/legacy.py)
XLS = InputFormat("xls", (".xls",), fix_by_draft, read=read_xls)
WORD_97 = InputFormat("doc", (".doc", ".wps"), fix_by_draft, read=read_word_97)
FORMATS = (DRAFT, TEXT, XLSX, DOCX, PDF, XLS, WORD_97)  # fmt: skip
#: what a file's first bytes say (readers.legacy.content_kind) → the format that reads it
BY_CONTENT = {"xlsx": XLSX, "docx": DOCX, "pdf": PDF}
SUFFIXES = tuple(suffix for fmt in FORMATS for suffix in fmt.suffixes)


def format_for(path: str) -> InputFormat | None:
    """The format a path's suffix names; None for standard input and other suffixes."""
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt in FORMATS if suffix in fmt.suffixes), None)


def load(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one input (a draft, published text, xlsx, docx, pdf; `-` is standard input)
    within `limits`; what cannot be read raises ReadError."""
    name = str(path)
    fmt = format_for(name)
    if fmt is not None and fmt.read is not None:
        check_container(name, limits, False)
        reader, note = _by_content(name, fmt)
        check_container(name, limits, reader.zipped)
        assert reader.read is not None  # every format _by_content returns is a container
        doc = reader.read(name, limits)
        if note:
            where = Location(name)
            doc = replace(doc, diagnostics=(Diagnostic("mislabelled-file", note, where), *doc.diagnostics))
        return valid_document(doc)
    text, encoding = decode(read_bytes(name, limits), name)
    if fmt is None:
        fmt = next((f for f in FORMATS if f.sniff is not None and f.sniff(text)), None)
        fmt = fmt or (TEXT if name == STDIN else None)
    if fmt is None or fmt.parse is None:
        suffix = Path(name).suffix.lower()
        raise ReadError(name, f"不支持的文件类型“{suffix or '无扩展名'}”",
                        hint=f"kpilint 可读取：{'、'.join(SUFFIXES)}")  # fmt: skip
    return replace(fmt.parse(text, name), encoding=encoding)


def valid_document(doc: Document) -> Document:
    """The document with every lone surrogate in its texts (a PDF font's ToUnicode map can
    give U+D800) replaced by U+FFFD, and a reading note saying how many: no writer can
    write a lone surrogate, and one file must not take down every report. The texts of
    drafts and published text are decoded strictly and cannot hold one; the file's path
    is kept as the system gave it."""
    replaced = [0]
    cleaned = _valid(doc, replaced)
    if not replaced[0]:
        return doc
    note = Diagnostic("invalid-text", f"文件中有 {replaced[0]} 处文字含无效的 Unicode 字符（孤立的代理码位），"
                      "已替换为 �；请核对原文件的字体或编码", Location(doc.path))  # fmt: skip
    return replace(cleaned, diagnostics=(*cleaned.diagnostics, note))


def _valid(value: Any, replaced: list[int]) -> Any:
    """`value` with lone surrogates replaced in every text it holds (the same object when
    there is none), counting the texts changed in `replaced[0]`."""
    if isinstance(value, str):
        if has_surrogates(value):
            replaced[0] += 1
            return valid_text(value)
        return value
    if isinstance(value, tuple):
        items = [_valid(v, replaced) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else type(value)(items)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: new for f in fields(value) if f.name != "path"
                   for old in [getattr(value, f.name)] for new in [_valid(old, replaced)] if new is not old}  # fmt: skip
        return replace(value, **changes) if changes else value
    return value


PathArg = str | os.PathLike[str]


def input_paths(paths: PathArg | Iterable[PathArg]) -> list[str]:
    """The paths a caller gave, as a list of texts: one path (a text or a Path) is one
    input, not the characters of its name; a path that is not text is a usage error
    naming what was given (bytes names are decoded as the file system does)."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    try:
        given = list(paths)
    except TypeError:
        raise KpilintError(f"kpilint: 用法错误: 应给出文件或目录的路径（或其列表），实际为 {type(paths).__name__}") from None
    names = []
    for path in given:
        if isinstance(path, (bytes, os.PathLike)):
            path = os.fsdecode(path)
        if not isinstance(path, str) or not path:
            raise KpilintError(f"kpilint: 用法错误: 路径应为非空的文字或 Path，实际为 {path!r}")
        names.append(path)
    return names


def _by_content(path: str, fmt: InputFormat) -> tuple[InputFormat, str | None]:
    """The format that reads a container file: the one its suffix names, unless its bytes
    are another (an `.xls` that is really `.xlsx`, a `.docx` that is really `.doc`); then
    the reading note that says so. An HTML page under a workbook's suffix is refused."""
    from kpilint.readers.legacy import content_kind, html_refused, mislabelled

    kind = content_kind(path)
    if kind == "html":
        raise html_refused(path)
    by_content = BY_CONTENT.get(kind or "")
    if kind == "ole" and fmt in (XLSX, DOCX):
        by_content = XLS if fmt is XLSX else WORD_97
    if by_content is None or by_content is fmt or (kind == "ole" and fmt in (XLS, WORD_97)):
        return fmt, None
    label = {"ole": "Office 97-2003 文件"}.get(kind or "", kind)
    return by_content, mislabelled(path, label or "")


def iter_inputs(paths: Iterable[str], *, follow_symlinks: bool = False,
                skipped: list[str] | None = None) -> Iterator[str]:  # fmt: skip
    """Files to check: given files as they are; directories walked for readable inputs.

    A walk takes regular files only: a FIFO, a device or a socket named `*.yaml` is skipped
    without being opened, and so is a symbolic link that leads out of the directory walked
    (unless `follow_symlinks`); each skip is said in `skipped`. A file over the size limit
    is taken, and refused with its size when read. Inside a directory a YAML file is
    skipped only if it is plainly YAML of another kind (a repository's CI configuration);
    one that does not parse is taken, so its error is reported. Order is sorted and stable.
    """
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            yield path
            continue
        top = os.path.realpath(path)
        seen = {top}
        for root, dirs, files in os.walk(path, followlinks=follow_symlinks):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _new_folder(os.path.join(root, d), seen))
            for name in sorted(files):
                full = _from_here(os.path.join(root, name))
                fmt = format_for(name)
                if fmt is None:
                    continue
                if why := _not_taken(full, top, follow_symlinks):
                    if skipped is not None:
                        skipped.append(f"{full}: 已跳过：{why}")
                    continue
                if fmt is not DRAFT or is_draft_file(full):
                    yield full


def _from_here(path: str) -> str:
    """A walked file named as a user types it: `check .` finds `drafts/a.yaml`, the name
    `check drafts` gives it, not `./drafts/a.yaml` (one file, one name in every report)."""
    here = os.curdir + os.sep
    while path.startswith(here) and len(path) > len(here):
        path = path[len(here):]
    return path


def empty_folder(path: str) -> str:
    """What to say of a directory named for checking that holds nothing kpilint reads (a
    mistyped or wrong folder must not pass as a clean one), with the YAML it passed over."""
    passed_over = sum(
        format_for(name) is DRAFT
        for root, dirs, files in os.walk(path)
        if not any(part.startswith(".") for part in Path(root).relative_to(path).parts)
        for name in files
    )
    why = f"（其中 {passed_over} 个 YAML 文件不是草稿，如 CI 配置，未检查）" if passed_over else ""
    return (f"{one_line(path)}: 错误: 目录中没有 kpilint 能检查的文件{why}\n"
            f"  提示: 检查路径是否写对；kpilint 读取 {'、'.join(SUFFIXES)}；确应为空时加 --allow-empty")  # fmt: skip


def _new_folder(folder: str, seen: set[str]) -> bool:
    """A folder not walked yet (a followed link can lead back to one)."""
    real = os.path.realpath(folder)
    if real in seen:
        return False
    seen.add(real)
    return True


def _not_taken(path: str, top: str, follow_symlinks: bool) -> str | None:
    """Why a walk does not take this file, or None to take it (a file that cannot be
    looked at is taken, so its reader says what is wrong)."""
    try:
        info = os.stat(path)
        linked = os.path.islink(path)
        target = os.path.realpath(path) if linked else path
        outside = linked and os.path.commonpath([top, target]) != top
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return f"不是普通文件（{special_kind(info.st_mode)}），未读取"
    if outside and not follow_symlinks:
        return f"符号链接指向检查目录之外（{target}）；需要时用 --follow-symlinks"
    return None


def fixes_in_place(path: str) -> bool:
    """Does `--fix` write repairs back into this file (a draft, a workbook)? Published text,
    Word files and PDFs are never rewritten: their findings are not offered as fixable."""
    fmt = format_for(path)
    return fmt is not None and fmt.fix is not fix_by_draft


def is_draft_path(path: str) -> bool:
    """Does this path name a draft by its suffix (whether or not it holds one)?"""
    return format_for(path) is DRAFT


def fix_file(path: str, config: Config, *, unsafe: bool = False, write: bool = True) -> FixOutcome:
    """Fix one file in place (write=True) or only describe the fix (write=False, for --diff),
    acting on exactly the findings `check` reports for it."""
    limits = config.reader_limits
    fmt = format_for(path)
    fixer = fmt.fix if fmt is not None else fix_by_draft
    return fixer(path, lambda name: load(name, limits), config, unsafe, write)


def annotation_refused(sources: Sequence[str], target: str) -> str | None:
    """Why `--annotate` cannot mark these inputs into `target` (one workbook, not itself)."""
    fmt = format_for(sources[0]) if len(sources) == 1 else None
    if fmt is None or fmt.annotate is None:
        kinds = "、".join(s for f in FORMATS if f.annotate for s in f.suffixes)
        return f"kpilint: 用法错误: --annotate 需要且只接受一个 {kinds} 输入文件"
    if Path(target).exists() and Path(target).resolve() == Path(sources[0]).resolve():
        return f"{target}: 错误: --annotate 的输出就是输入文件，拒绝覆盖\n  提示: 换一个文件名"
    return None


def annotate_file(source: str, findings: Iterable[Finding], target: str, lang: str = "zh",
                  limits: Limits = DEFAULT_LIMITS) -> int:  # fmt: skip
    """A marked-up copy of `source` at `target` (the original is never written), within the
    same limits as reading it (size, zip bombs, cells); returns how many cells were marked."""
    refused = annotation_refused([source], target)
    fmt = format_for(source)
    if refused or fmt is None or fmt.annotate is None:
        raise KpilintError(refused)
    check_container(source, limits, fmt.zipped)
    try:
        with replacing(target) as tmp:
            return fmt.annotate(source, findings, str(tmp), lang, limits.max_cells)
    except (KpilintError, MemoryError):
        raise
    except OSError as exc:
        raise KpilintError(f"{target}: 错误: 无法写出标注工作簿：{exc.strerror or exc}") from None
    except Exception as exc:  # openpyxl raises many kinds on odd workbooks
        raise KpilintError(f"{target}: 错误: 无法写出标注工作簿：{exc}") from None
