"""Rule packs (YAML data): core.yaml and hebei.yaml."""
