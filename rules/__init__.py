"""Rule packs (YAML data): core.yaml and hebei.yaml; diff.yaml, the year-over-year rules."""
