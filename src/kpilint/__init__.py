"""kpilint — lint Chinese budget performance-target tables (绩效目标表).

The public, typed surface; everything else is private by convention:

    from kpilint import lint, load, parse_value, Config

    doc = load("drafts/科协.yaml")            # any input kpilint reads → Document
    for f in lint(doc, Config(packs=("core", "hebei"))):
        print(f.where, f.rule, f.message)
    parse_value("≤0.5 万元").quantity()      # 5000 元 as a pint Quantity
    for result in check(["drafts/"], Config(), jobs=4):   # many files: FileResult each
        print(result.path, len(result.findings), result.error)
"""

from kpilint.config import Config
from kpilint.core import FileResult, check, lint, load
from kpilint.findings import Finding
from kpilint.limits import Limits
from kpilint.model import Document
from kpilint.values import Value, parse_value
from kpilint.version import __version__

__all__ = ["Config", "Document", "FileResult", "Finding", "Limits", "Value", "__version__",
           "check", "lint", "load", "parse_value"]  # fmt: skip
