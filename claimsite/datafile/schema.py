"""The JSON Schema of the data file, generated from the models so that it is never kept twice.

Editors get completion and inline errors from it (yaml-language-server reads the comment at the
top of the data file); the repository keeps a copy in ``schema/`` and every build publishes it.
Each site's copy knows that site's ids (statuses, categories, sources, claims), so a reference
to an id that does not exist is underlined while it is typed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

SCHEMA_PATH = "schema/claims.schema.json"
"""Where the schema lives, both in the repository and in the built site."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

EDITOR_COMMENT = "# yaml-language-server: $schema=../schema/claims.schema.json"
"""First line of a data file in ``data/``: points editors at the schema."""


SiteIds = Mapping[str, Sequence[str]]
"""The ids each top-level section defines (``sources`` → its source ids), in file order."""


def json_schema(ids: SiteIds | None = None) -> dict[str, Any]:
    """The data file's JSON Schema (draft 2020-12), with the models' docstrings as help.

    With ``ids`` (a site's own, from :func:`ids_in`), every field that names an entry of a
    section lists that section's ids as its allowed values, so an editor's language server
    underlines an unknown status or a misspelt source id, and offers the valid ones.
    """
    from claimsite.datafile.models import (
        PATTERN_FIXES,
        REFERS_TO_KEY,
        Dataset,
    )  # `--help` stays fast

    generated = Dataset.model_json_schema()
    _for_editors(generated, REFERS_TO_KEY, ids or {})
    _pattern_messages(generated, {pattern: fix for pattern, (_, fix) in PATTERN_FIXES.items()})
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": DIALECT,
        "title": "Claims data file",
        "description": "Claims, their verdicts and the sources behind them. Generated from the "
        "models and this site's ids by `python -m claimsite schema`: do not edit by hand.",
        **generated,
    }


def ids_in(raw: Any) -> dict[str, list[str]]:
    """The ids under each top-level section of parsed data, in file order, without repeats."""
    found: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        return found
    for section, entries in raw.items():
        if not isinstance(entries, list):
            continue
        ids = [entry.get("id") for entry in entries if isinstance(entry, dict)]
        kept = list(dict.fromkeys(item for item in ids if isinstance(item, str) and item))
        if kept:
            found[str(section)] = kept
    return found


def _for_editors(node: Any, marker: str, ids: SiteIds) -> None:
    """Turn reference markers into enumerations of ``ids``; drop ``default: null``.

    An optional field's default of nothing is written as no default at all: editors would
    otherwise complete the key with a literal ``null``.
    """
    if isinstance(node, list):
        for item in node:
            _for_editors(item, marker, ids)
        return
    if not isinstance(node, dict):
        return
    section = node.pop(marker, None)
    if section is not None and ids.get(section):
        node["enum"] = list(ids[section])
        for constraint in ("pattern", "minLength", "maxLength"):
            node.pop(constraint, None)
    if "default" in node and node["default"] is None:
        del node["default"]
    for value in node.values():
        _for_editors(value, marker, ids)


def _pattern_messages(node: Any, fixes: Mapping[str, str]) -> None:
    """Give each pattern the fix an editor reads instead of the regular expression
    (``patternErrorMessage``, which yaml-language-server shows in place of its own words)."""
    for item in node.values() if isinstance(node, dict) else node if isinstance(node, list) else []:
        _pattern_messages(item, fixes)
    if isinstance(node, dict) and node.get("pattern") in fixes:
        node["patternErrorMessage"] = fixes[node["pattern"]]


def schema_text(ids: SiteIds | None = None) -> str:
    """The schema as the file is written: stable key order, two-space indents, final newline."""
    return json.dumps(json_schema(ids), indent=2, ensure_ascii=False) + "\n"
