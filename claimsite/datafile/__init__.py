"""The data file: reading it (from disk or git), parsing, validating and indexing it."""

DEFAULT_DATA = "data/claims.yaml"
"""Where a site keeps its data file, relative to its ``mkdocs.yml``."""
