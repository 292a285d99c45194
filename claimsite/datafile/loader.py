"""Load a data file into validated models, or fail with every problem and its position."""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.checks import Finding, check_dataset, suggest
from claimsite.datafile.models import Dataset, Meta
from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import (
    Path,
    PositionIndex,
    entry_lines,
    format_path,
    parse_document,
    positions_of,
)
from claimsite.errors import DataFileError, Problem

_HINTS = {
    "missing": "add this field",
    "string_pattern_mismatch": "use lower-case letters, digits and single hyphens (e.g. "
    "'total-parameters'); colours are written '#rrggbb'",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD, e.g. 2025-04-27",
    "date_from_datetime_inexact": "write dates as YYYY-MM-DD, e.g. 2025-04-27",
    "date_parsing": "write dates as YYYY-MM-DD, e.g. 2025-04-27",
    "date_type": "write dates as YYYY-MM-DD, e.g. 2025-04-27",
    "float_parsing": "write a plain number such as 1.2 and put the unit in 'unit:'",
    "float_type": "write a plain number such as 1.2 and put the unit in 'unit:'",
    "too_short": "add at least one entry",
    "string_too_short": "write some text, or remove the field if it is optional",
    "string_too_long": "shorten it: quotes are kept short, with a locator for the rest",
    "string_type": "write text here (put quotes around it if YAML reads it as something else)",
    "enum": "use one of the allowed words listed above",
    "list_type": "write a list here: one '- item' per line",
    "model_type": "write a mapping here: 'key: value' lines indented under this one",
    "dict_type": "write a mapping here: 'key: value' lines indented under this one",
    "bool_type": "write true or false",
}


def load_dataset(path: FilePath | str, today: dt.date | None = None) -> Dataset:
    """Read, parse and validate a data file; raise :class:`DataFileError` listing all problems."""
    return validate_text(read_text(path), str(path), today or dt.date.today())


def load_catalog(path: FilePath | str, today: dt.date | None = None) -> Catalog:
    """Load a data file and index it for rendering, with the line of each claim."""
    dataset, root = _validate(read_text(path), str(path), today or dt.date.today())
    return Catalog(dataset, claim_lines=entry_lines(root, "claims"))


def validate_text(text: str, filename: str, today: dt.date) -> Dataset:
    """Validate YAML text; positions are only computed when something is wrong."""
    return _validate(text, filename, today)[0]


def _validate(text: str, filename: str, today: dt.date) -> tuple[Dataset, yaml.Node | None]:
    raw, root = parse_document(text, filename)
    return validate_parsed(raw, root, filename, today), root


def validate_parsed(raw: Any, root: yaml.Node | None, filename: str, today: dt.date) -> Dataset:
    """Validate data already parsed (``raw``) from the node tree ``root``.

    For callers that composed the file for their own reasons (the link check); positions for
    error messages come from the same tree, so the file is never parsed twice.
    """
    try:
        dataset = Dataset.model_validate(raw)
    except ValidationError as error:
        positions = positions_of(root)
        problems = [_problem_from_error(item, raw, filename, positions) for item in error.errors()]
        problems.extend(
            _problem_from_finding(finding, filename, positions)
            for finding in _check_valid_parts(raw, today)
        )
        raise DataFileError(problems) from None
    findings = check_dataset(dataset, today)
    if findings:
        positions = positions_of(root)
        raise DataFileError([_problem_from_finding(f, filename, positions) for f in findings])
    return dataset


_SECTIONS = ("statuses", "categories", "sources", "claims", "events")


def _check_valid_parts(raw: Any, today: dt.date) -> list[Finding]:
    """Cross-file checks over the entries that are valid on their own.

    When some entries fail the schema, the rest are still checked, so an editor sees a wrong
    reference and a misspelt key in the same run. Ids of invalid entries still count as
    known, so that one bad entry does not make every reference to it an error too.
    """
    if not isinstance(raw, dict):
        return []
    kept: dict[str, list[Any]] = {}
    original_index: dict[str, list[int]] = {}
    known_ids: dict[str, set[str]] = {}
    for section in _SECTIONS:
        model = _model_in(Dataset.model_fields[section].annotation)
        entries = raw.get(section)
        kept[section], original_index[section], known_ids[section] = [], [], set()
        if model is None or not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                known_ids[section].add(entry["id"])
            try:
                kept[section].append(model.model_validate(entry))
            except ValidationError:
                continue
            original_index[section].append(index)
    try:
        meta = Meta.model_validate(raw.get("meta"))
    except ValidationError:
        meta = Meta.model_construct(subject="", publisher="")
    partial = Dataset.model_construct(
        meta=meta,
        statuses=kept["statuses"],
        categories=kept["categories"],
        sources=kept["sources"],
        claims=kept["claims"],
        events=kept["events"],
    )
    findings = check_dataset(partial, today, also_known=known_ids)
    return [_remap(finding, original_index) for finding in findings]


def _remap(finding: Finding, original_index: dict[str, list[int]]) -> Finding:
    path = finding.path
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        indexes = original_index.get(path[0])
        if indexes is not None:
            path = (path[0], indexes[path[1]], *path[2:])
    return Finding(path, finding.message, finding.hint, finding.at_key)


def _problem_from_finding(finding: Finding, filename: str, positions: PositionIndex) -> Problem:
    where = positions.of_key(finding.path) if finding.at_key else positions.of_value(finding.path)
    return Problem(
        filename, where.line, where.column, finding.message, format_path(finding.path), finding.hint
    )


def _problem_from_error(
    error: ErrorDetails, raw: Any, filename: str, positions: PositionIndex
) -> Problem:
    path = _document_path(error["loc"], raw)
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(path[-1])
        known = _field_names(path[:-1])
        maybe = suggest(key, known)
        hint = maybe or f"allowed keys here: {', '.join(sorted(known))}"
        where = positions.of_key(path)
        return Problem(
            filename, where.line, where.column, f"unknown key '{key}'", format_path(path), hint
        )
    where = positions.of_value(path)
    message = error["msg"]
    if kind == "missing":
        message = f"missing required field '{path[-1]}'"
        where = positions.of_value(path[:-1])
    hint = _HINTS.get(kind, "")
    return Problem(filename, where.line, where.column, message, format_path(path), hint)


def _document_path(loc: tuple[int | str, ...], raw: Any) -> Path:
    """Pydantic's location, minus the entries it adds for unions and before-validators.

    A single ``claimed:`` mapping is wrapped into a list before validation, so its errors carry
    an index 0 that does not exist in the file: drop it when the file has a mapping there.
    """
    path: list[str | int] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            if isinstance(node, list):
                node = node[part] if part < len(node) else None
                path.append(part)
            # a wrapped single mapping: the file has no index here
            continue
        path.append(part)
        node = node.get(part) if isinstance(node, dict) else None
    return tuple(path)


def _field_names(path: Path) -> set[str]:
    """Names of the fields allowed in the mapping at ``path``."""
    model: type[BaseModel] = Dataset
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return set()
        inner = _model_in(field.annotation)
        if inner is None:
            return set()
        model = inner
    return set(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X``, ``list[X]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
