"""The core: one way through for every caller.

Read a file within the configuration's limits (`formats.load`), find what the rules say
with per-path ignores and inline suppressions (`pipeline.findings_for`), within a time
budget, set aside what a baseline accepts, in this process or a pool (`runner.check`).
The command line, `lint()`, `--fix`, `--annotate`, the HTML report and the Dask recipe
all come through here; the command line only parses arguments and renders.
"""

from __future__ import annotations

from kpilint.core.formats import (
    FORMATS,
    InputFormat,
    annotate_file,
    fix_file,
    format_for,
    iter_inputs,
    load,
)
from kpilint.core.pipeline import findings_for, ruleset_for
from kpilint.core.runner import FileResult, check, check_one, lint
from kpilint.core.suppressions import Baseline, write_baseline

__all__ = [
    "FORMATS",
    "Baseline",
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
    "ruleset_for",
    "write_baseline",
]
