"""Indicator values (指标值): grammar, units and the `Value` they become."""

from kpilint.values.parser import parse_value
from kpilint.values.value import JSON_KEYS, Value

__all__ = ["JSON_KEYS", "Value", "parse_value"]
