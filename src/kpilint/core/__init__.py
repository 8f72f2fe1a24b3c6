"""The core: one way through for every caller.

Read a file within the configuration's limits (`formats.load`), find what the rules say
with per-path ignores and inline suppressions (`pipeline.findings_for`), each file in a
worker within its time budget and memory limit (`tasks.run_tasks`, which every per-file
piece of work goes through: check, fix, annotate, show, convert, the baseline), and a
whole run as `kpilint check` makes it — fix, check, baseline, annotate, exit code —
in `run` (`check_run`). The command line only parses arguments and renders.
"""

from __future__ import annotations

from kpilint.core.check_run import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, CheckRun, run
from kpilint.core.formats import (
    FORMATS,
    InputFormat,
    annotate_file,
    fix_file,
    format_for,
    iter_inputs,
    load,
)
from kpilint.core.pipeline import findings_for, ruleset_for, settings_of
from kpilint.core.runner import FileResult, check, check_one, lint, load_each
from kpilint.core.suppressions import Baseline, write_baseline
from kpilint.core.tasks import run_tasks

__all__ = [
    "EXIT_CLEAN",
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "FORMATS",
    "Baseline",
    "CheckRun",
    "FileResult",
    "InputFormat",
    "annotate_file",
    "check",
    "check_one",
    "findings_for",
    "fix_file",
    "format_for",
    "iter_inputs",
    "lint",
    "load",
    "load_each",
    "ruleset_for",
    "run",
    "run_tasks",
    "settings_of",
    "write_baseline",
]
