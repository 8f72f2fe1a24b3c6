"""One check run, as `kpilint check` does it: `run(paths, config, ...)`.

Fix first (or only describe the fixes), then check every input within the limits, set
aside what a baseline accepts, write a baseline, mark a workbook, and say the exit code.
The command line parses its options into one call of `run` and renders what it gives;
a script that calls `run` with the same arguments gets the same results and exit code.

    checking = run(["drafts/"], Config(), fix=True, baseline="baseline.json")
    for outcome in checking.fixes():    # optional: the first result applies them anyway
        ...
    for result in checking:              # each input's FileResult, in input order
        ...
    checking.exit_code                   # 0 clean, 1 findings at fail_on, 2 an error
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kpilint.config import Config
from kpilint.core.formats import (
    PathArg,
    annotation_refused,
    empty_folder,
    input_paths,
    is_draft_path,
    iter_inputs,
)
from kpilint.core.pipeline import ruleset_for
from kpilint.core.runner import FileResult, Render, annotate, check, fix_each, read_baseline
from kpilint.core.suppressions import Baseline, write_baseline
from kpilint.errors import KpilintError
from kpilint.escapes import one_line
from kpilint.files import STDIN
from kpilint.findings import Finding, Tally
from kpilint.readers import is_draft_file

if TYPE_CHECKING:
    from kpilint.core.fix import FixOutcome
    from kpilint.engine.rules import Rule

#: exit codes: nothing at `fail_on`, findings at `fail_on`, an input or usage error
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

class CheckRun:
    """A run being done: made by `run`, which has already refused what cannot be run (a
    configuration, rule file or baseline in error, an output that would replace a file the
    run reads), so iterating it only checks. One-shot: its results are given once."""

    def __init__(self, paths: list[str], config: Config, *, jobs: int, fix: bool, diff: bool,
                 unsafe_fixes: bool, baseline: str | Baseline | None, write_baseline: str | None,
                 annotate: str | None, outputs: Sequence[str], follow_symlinks: bool,
                 skip_non_drafts: bool, keep_documents: bool, render: Render | None,
                 isolate: bool, allow_empty: bool, stdin_filename: str | None) -> None:  # fmt: skip
        config.reader_limits  # a limit in error fails here, before any file  # noqa: B018
        self.config = config
        #: the rules the run applies, as a report lists them
        self.rules: list[Rule] = list(ruleset_for(config).rules)
        self.jobs, self.isolate = jobs, isolate
        self.fix, self.diff, self.unsafe_fixes = fix or diff, diff, unsafe_fixes
        self.baseline_path = baseline if isinstance(baseline, str) else None
        #: what the baseline accepts (read in a worker, within the run's limits)
        self.baseline = read_baseline(baseline, config, isolate) if isinstance(baseline, str) else baseline
        self.write_baseline, self.annotate = write_baseline, annotate
        self.keep_documents = keep_documents
        self.stdin_filename = stdin_filename
        #: what a directory walk passed over, and why (one line each, naming the file)
        self.skipped: list[str] = []
        self.allow_empty = allow_empty
        #: a directory named that holds nothing kpilint reads: an error (not `allow_empty`)
        self.empty: list[str] = []
        self.inputs = []
        for path in paths:
            found = list(iter_inputs([path], follow_symlinks=follow_symlinks, skipped=self.skipped))
            if not found and not allow_empty and os.path.isdir(path):
                self.empty.append(empty_folder(path))
            self.inputs.extend(found)
        if skip_non_drafts:
            self.inputs = [p for p in self.inputs if not is_draft_path(p) or is_draft_file(p)]
        if annotate and (refused := annotation_refused(self.inputs, annotate)):
            raise KpilintError(refused)
        for target in (*outputs, write_baseline, annotate):
            if target and (refused := self.refused_target(target)):
                raise KpilintError(refused)
        compact = not (self.baseline or write_baseline or annotate or keep_documents)
        self.render = render if compact else None
        #: the running summary of the results given so far
        self.tally = Tally()
        #: problems of the run itself (a workbook that could not be marked), one message each
        self.problems: list[str] = []
        self.applied = self.changed = self.fix_failures = 0
        #: cells marked in the `annotate` workbook; findings written to `write_baseline`
        self.annotated: int | None = None
        self.baseline_written: int | None = None
        self._fixed = False
        self._started = False

    def reads(self) -> dict[str, str]:
        """Every file the run reads, and what it is to the run (a report must not replace one)."""
        read = {path: "输入文件" for path in self.inputs if path != STDIN}
        read.update({path: "规则文件" for path in self.config.rules})
        if self.config.source:
            read[self.config.source] = "配置文件"
        if self.baseline_path:
            read[self.baseline_path] = "基线文件"
        return read

    def refused_target(self, target: str) -> str | None:
        """Why the run may not write `target`: it is a file the run reads."""
        if not os.path.exists(target):
            return None
        for path, what in self.reads().items():
            try:
                same = os.path.exists(path) and os.path.samefile(path, target)
            except OSError:
                same = False
            if same:
                return (f"{target}: 错误: 输出文件就是本次运行读取的{what}（{path}），拒绝覆盖\n"
                        f"  提示: 换一个输出文件名")  # fmt: skip
        return None

    def fixes(self) -> Iterator[FixOutcome]:
        """Each input's fix (`fix` or `diff`), in input order, once; what could not be
        fixed is in the outcome's `refused`, and the other inputs are fixed all the same."""
        if not self.fix or self._fixed:
            return
        self._fixed = True
        from kpilint.core.fix import FixOutcome

        paths = self.inputs
        if STDIN in paths:
            self.fix_failures += 1
            yield FixOutcome(STDIN, refused="kpilint: 错误: 标准输入不能 --fix；请给出文件路径")
            paths = [p for p in paths if p != STDIN]
        for outcome in fix_each(paths, self.config, unsafe=self.unsafe_fixes, write=not self.diff,
                                jobs=self.jobs, isolate=self.isolate):  # fmt: skip
            if outcome.refused:
                self.fix_failures += 1
            elif outcome.applied:
                self.changed += 1
                self.applied += len(outcome.applied)
            yield outcome

    def __iter__(self) -> Iterator[FileResult]:
        return self.results()

    def results(self) -> Iterator[FileResult]:
        """Each input's result, in input order, fixes applied first; what the baseline
        accepts is in `baselined`. With `render` (and nothing that needs the findings
        themselves: a baseline, --annotate, kept documents), each result comes compact,
        its findings written out by the worker that checked it. After the last result the
        baseline is written and the workbook marked. Nothing is checked under `diff`."""
        if self._started:
            raise RuntimeError("a CheckRun gives its results once")
        self._started = True
        for _ in self.fixes():
            pass
        if self.diff:
            return
        everything: list[Finding] = []  # the baseline's own included, to write a baseline
        reported: list[Finding] = []  # what the report shows, to mark in the workbook
        for result in check(self.inputs, self.config, jobs=self.jobs, baseline=self.baseline,
                             keep_documents=self.keep_documents, isolate=self.isolate,
                             render=self.render, stdin_name=self.stdin_filename):  # fmt: skip
            if not self.allow_empty and (empty := _empty_draft(result)):
                result = replace(result, error=empty)
            self.tally.add(result)
            if self.write_baseline:
                everything.extend((*result.findings, *result.baselined))
            if self.annotate:
                reported.extend(result.findings)
            yield result
        if self.annotate:
            self._mark(self.annotate, reported)
        if self.write_baseline:
            try:
                self.baseline_written = write_baseline(everything, self.write_baseline)
            except OSError as exc:  # a full disk, a directory named as the baseline
                self.problems.append(f"{one_line(self.write_baseline)}: 错误: 无法写入基线：{exc.strerror or exc}")

    def _mark(self, target: str, findings: list[Finding]) -> None:
        try:
            self.annotated = annotate(self.inputs[0], findings, target, self.config, self.isolate)
        except KpilintError as exc:
            self.problems.append(str(exc))

    def collect(self) -> list[FileResult]:
        """Every result at once (the run done): for a caller that does not stream."""
        return list(self.results())

    @property
    def exit_code(self) -> int:
        """What `kpilint check` exits with: 2 if an input could not be read or fixed, or
        the run could not do what it was asked; else 1 if a finding is at `fail_on` (under
        `diff`: if a fix would change a file); else 0. A run that wrote a baseline has
        accepted what it found: 0, unless something could not be read."""
        if self.diff:
            return EXIT_ERROR if self.fix_failures else (EXIT_FINDINGS if self.applied else EXIT_CLEAN)
        if self.tally.unreadable or self.fix_failures or self.problems or self.empty:
            return EXIT_ERROR
        if self.baseline_written is not None:
            return EXIT_CLEAN
        return EXIT_FINDINGS if self.tally.at_or_above(self.config.fail_on) else EXIT_CLEAN


def _empty_draft(result: FileResult) -> str | None:
    """Why a draft read without error is an error all the same: it holds no project (an
    empty file, only comments, a department with none), so nothing in it was checked."""
    if result.error or result.projects or result.template != "yaml-draft":
        return None
    return (f"{one_line(result.path)}: 错误: 草稿中没有项目，什么也没有检查\n"
            f"  提示: 填写项目（kpilint new 生成空白申报表，kpilint convert 把表格转成草稿）；"
            f"确应为空时加 --allow-empty")  # fmt: skip


def run(paths: PathArg | Iterable[PathArg], config: Config | None = None, *, jobs: int = 1,
        fix: bool = False, diff: bool = False, unsafe_fixes: bool = False,
        baseline: str | Baseline | None = None, write_baseline: str | None = None,
        annotate: str | None = None, outputs: Sequence[str] = (), follow_symlinks: bool = False,
        skip_non_drafts: bool = False, keep_documents: bool = False, render: Render | None = None,
        isolate: bool = True, allow_empty: bool = False,
        stdin_filename: str | None = None) -> CheckRun:  # fmt: skip
    """A check run over `paths` (files, directories, `-` for standard input), as
    `kpilint check` makes it; iterate it for the results, then read `exit_code`.

    `fix` applies safe fixes before checking (`unsafe_fixes` those that need judgement
    too); `diff` only describes them (see `CheckRun.fixes`) and checks nothing. `baseline`
    (a file, read within the limits, or a Baseline) sets aside what it accepts;
    `write_baseline` writes every finding to a file after the last result; `annotate`
    writes a marked-up copy of the one workbook checked. `outputs` are files the caller
    will write (reports): like the baseline and the marked workbook, each is refused if it
    is a file the run reads. `jobs` workers (0: one per processor; never more than the
    processors or the inputs); `isolate=False` checks in this process. `keep_documents`
    keeps each document read (the HTML report draws them); `render` lets workers write
    each file's findings out (see `check`). A directory named that holds nothing kpilint
    reads (`empty`), and a draft with no project, are errors unless `allow_empty`: a
    mistyped folder must not pass as a clean one. `stdin_filename` names standard input
    (`-`) in the results, for `per_path_ignores` and for a baseline.

    Raises KpilintError, before any file is checked, for what the user must fix: a
    configuration, rule file or baseline in error, an `--annotate` that is not one
    workbook, an output that is a file the run reads, paths that are not paths."""
    return CheckRun(
        input_paths(paths), config or Config(), jobs=jobs, fix=fix, diff=diff,
        unsafe_fixes=unsafe_fixes, baseline=baseline, write_baseline=write_baseline,
        annotate=annotate, outputs=outputs, follow_symlinks=follow_symlinks,
        skip_non_drafts=skip_non_drafts, keep_documents=keep_documents, render=render,
        isolate=isolate, allow_empty=allow_empty, stdin_filename=stdin_filename,
    )  # fmt: skip
