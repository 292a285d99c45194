"""Load an input file into validated models, or fail with every problem and its position.

The data file, the link policy file and the site settings in ``mkdocs.yml`` all go through
here (:func:`validate_model`): pydantic checks the shape, and each error becomes a
:class:`~claimsite.errors.Problem` in an editor's words at the file's line and column, with a
did-you-mean for misspelt keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.checks import check_dataset
from claimsite.datafile.fast_yaml import gc_paused, read_fast
from claimsite.datafile.model_errors import document_path, problems_from_validation
from claimsite.datafile.models import Dataset, Meta, model_in
from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import PositionIndex, entry_lines, parse_document, positions_of
from claimsite.errors import DataFileError, Path, Problem

M = TypeVar("M", bound=BaseModel)


def load_dataset(path: FilePath | str, today: dt.date | None = None) -> Dataset:
    """Read, parse and validate a data file; raise :class:`DataFileError` listing all problems."""
    return validate_text(read_text(path), str(path), today or dt.date.today())


def load_catalog(path: FilePath | str, today: dt.date | None = None) -> Catalog:
    """Load a data file and index it for rendering, with the line of each claim."""
    dataset, claim_lines = _validate(read_text(path), str(path), today or dt.date.today())
    return Catalog(dataset, claim_lines=claim_lines)


def validate_text(text: str, filename: str, today: dt.date) -> Dataset:
    """Validate YAML text; positions are only computed when something is wrong."""
    return _validate(text, filename, today)[0]


def _validate(text: str, filename: str, today: dt.date) -> tuple[Dataset, dict[str, int]]:
    """The data set and the line of each claim.

    A valid file takes the fast path (:mod:`fast_yaml`, no positions needed). Anything the fast
    path cannot vouch for, and every invalid file, goes the careful way: the node tree, then
    validation with every problem at its ``file:line:col``.
    """
    with gc_paused():
        document = read_fast(text, filename)
        if document is not None:
            dataset = _valid_or_none(document.data, today)
            if dataset is not None:
                return dataset, document.entry_lines.get("claims", {})
        raw, root = parse_document(text, filename)
        return validate_parsed(raw, root, filename, today), entry_lines(root, "claims")


def _valid_or_none(raw: Any, today: dt.date) -> Dataset | None:
    """The data set when ``raw`` has no problem at all; else ``None`` (the caller then finds
    the problems again, with their positions)."""
    if not isinstance(raw, dict):
        return None
    try:
        dataset = Dataset.model_validate(raw)
    except ValidationError:
        return None
    return None if check_dataset(dataset, today) else dataset


def validate_parsed(raw: Any, root: yaml.Node | None, filename: str, today: dt.date) -> Dataset:
    """Validate data already parsed (``raw``) from the node tree ``root``.

    For callers that composed the file for their own reasons (the link check); positions for
    error messages come from the same tree, so the file is never parsed twice.
    """
    if not isinstance(raw, dict):
        raise DataFileError([_not_a_mapping(raw, root, filename)])
    try:
        dataset = Dataset.model_validate(raw)
    except ValidationError as error:
        positions = positions_of(root)
        problems = problems_from_validation(error, raw, filename, positions)
        problems.extend(located(_check_valid_parts(raw, today), raw, filename, positions))
        raise DataFileError(problems) from None
    findings = check_dataset(dataset, today)
    if findings:
        raise DataFileError(located(findings, raw, filename, positions_of(root)))
    return dataset


def validate_model(
    model: type[M], raw: Any, root: yaml.Node | None, filename: str, prefix: Path = ()
) -> M:
    """``raw`` (built from the node tree ``root``) as a ``model``, or :class:`DataFileError`
    with every problem at its place in ``filename``.

    ``prefix`` is where ``raw`` sits in the file, e.g. ``("extra", "claimsite")`` in
    ``mkdocs.yml``; the messages name the full path.
    """
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        positions = positions_of(root).under(prefix)
        problems = problems_from_validation(error, raw, filename, positions, model)
        raise DataFileError(
            [replace(problem, where=(*prefix, *problem.where)) for problem in problems]
        ) from None


def located(
    problems: Iterable[Problem], raw: Any, filename: str, positions: PositionIndex
) -> list[Problem]:
    """Problems found at document paths of ``raw``, with their line and column in the file."""
    out = []
    for problem in problems:
        path = document_path(problem.where, raw)
        at = positions.of_key(path) if problem.at_key else positions.of_value(path)
        out.append(replace(problem, where=path).located(filename, at.line, at.column))
    return out


_SECTIONS = tuple(name for name in Dataset.model_fields if name != "meta")
"""The data file's lists of entries (every section but ``meta``), in the models' order."""


def _not_a_mapping(raw: Any, root: yaml.Node | None, filename: str) -> Problem:
    """Editor wording for a file whose top level is not the mapping of sections."""
    sections = ", ".join(f"'{name}:'" for name in Dataset.model_fields)
    hint = f"a data file holds named sections, each starting a line with no indentation: {sections}"
    if root is None:
        return Problem.at(
            filename,
            1,
            1,
            "the file is empty",
            hint=f"start from a copy of an existing data file; {hint}",
        )
    line, column = root.start_mark.line + 1, root.start_mark.column + 1
    shape = "a list ('- ' items)" if isinstance(raw, list) else "a single value"
    return Problem.at(
        filename,
        line,
        column,
        f"the top of the file is {shape}, not sections with names",
        hint=f"remove the leading '- ' or the stray text; {hint}",
    )


def _check_valid_parts(raw: Any, today: dt.date) -> list[Problem]:
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
        model = model_in(Dataset.model_fields[section].annotation)
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
    partial = Dataset.model_construct(None, meta=meta, **kept)
    findings = check_dataset(partial, today, also_known=known_ids)
    return [_remap(finding, original_index) for finding in findings]


def _remap(finding: Problem, original_index: dict[str, list[int]]) -> Problem:
    path = finding.where
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        indexes = original_index.get(path[0])
        if indexes is not None:
            path = (path[0], indexes[path[1]], *path[2:])
    return replace(finding, where=path)
