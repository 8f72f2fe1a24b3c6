"""The rule engine: rules are data (YAML); this package loads, selects, checks."""
