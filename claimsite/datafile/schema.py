"""The JSON Schema of the data file, generated from the models so that it is never kept twice.

Editors get completion and inline errors from it (yaml-language-server reads the comment at the
top of the data file); the repository keeps a copy in ``schema/`` and every build publishes it.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_PATH = "schema/claims.schema.json"
"""Where the schema lives, both in the repository and in the built site."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

EDITOR_COMMENT = "# yaml-language-server: $schema=../schema/claims.schema.json"
"""First line of a data file in ``data/``: points editors at the schema."""


def json_schema() -> dict[str, Any]:
    """The data file's JSON Schema (draft 2020-12), with the models' docstrings as help."""
    from claimsite.datafile.models import REFERS_TO_KEY, Dataset  # here: `--help` stays fast

    generated = Dataset.model_json_schema()
    _drop_key(generated, REFERS_TO_KEY)
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": DIALECT,
        "title": "Claims data file",
        "description": "Claims, their verdicts and the sources behind them. Generated from the "
        "models by `python -m claimsite schema`: do not edit by hand.",
        **generated,
    }


def _drop_key(node: Any, key: str) -> None:
    if isinstance(node, dict):
        node.pop(key, None)
        for value in node.values():
            _drop_key(value, key)
    elif isinstance(node, list):
        for value in node:
            _drop_key(value, key)


def schema_text() -> str:
    """The schema as the file is written: stable key order, two-space indents, final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
