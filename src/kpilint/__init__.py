"""kpilint — lint Chinese budget performance-target tables (绩效目标表)."""

from kpilint.values import Value, parse_value

__version__ = "0.1.0"
__all__ = ["Value", "__version__", "parse_value"]
