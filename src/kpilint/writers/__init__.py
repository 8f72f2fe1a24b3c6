"""Writers: a Document out to a file format (YAML drafts; more in later readers' issues)."""
