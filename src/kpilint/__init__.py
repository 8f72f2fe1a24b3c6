"""kpilint — lint Chinese budget performance-target tables (绩效目标表).

The public, typed surface; everything else is private by convention:

    from kpilint import lint, load, parse_value, Config

    doc = load("drafts/科协.yaml")            # any input kpilint reads → Document
    for f in lint(doc, Config(packs=("core", "hebei"))):
        print(f.where, f.rule, f.message)
    parse_value("≤0.5 万元").quantity()      # 5000 元 as a pint Quantity
"""

__version__ = "0.1.0"  # first: modules imported below read it

from kpilint.config import Config
from kpilint.findings import Finding
from kpilint.lint import lint
from kpilint.model import Document
from kpilint.readers import load
from kpilint.values import Value, parse_value

__all__ = ["Config", "Document", "Finding", "Value", "__version__", "lint", "load", "parse_value"]
