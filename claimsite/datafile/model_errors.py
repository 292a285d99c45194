"""The models' validation errors in an editor's words, at the place to fix.

Pydantic says what failed in its own terms ("String should match pattern …"); an editor needs
what is wrong in the file and how to fix it. Two slips produce a pair of errors that mean one
thing, and are reported as that one thing:

- a misspelt key: "unknown key 'conclusoin'" plus "missing field 'conclusion'";
- a key indented one level too deep or too shallow: the same key reported unknown in one
  mapping and missing from its parent (or child).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from claimsite.datafile.models import (
    COLOUR_PATTERN,
    ID_PATTERN,
    PATTERN_FIXES,
    Dataset,
    field_at,
    model_in,
    refers_to,
)
from claimsite.datafile.wording import (
    as_slug,
    closest,
    quoted_line,
    shown,
    unknown_id,
    unknown_word,
)
from claimsite.datafile.yamlsource import PositionIndex
from claimsite.errors import Path, Problem, format_path

Wording = tuple[str, str]
"""A message and its fix."""

_DATE = "write dates as YYYY-MM-DD, e.g. 2025-04-27"
_NUMBER = "write a plain number such as 1.2 and put the unit in 'unit:'"
_LIMITS = {
    "greater_than": ("small", "above", "gt"),
    "greater_than_equal": ("small", "of at least", "ge"),
    "less_than": ("large", "below", "lt"),
    "less_than_equal": ("large", "of at most", "le"),
}
"""Range errors: too small or large, the words for the bound, and where pydantic keeps it."""
_LIST = "write one '- item' per line under it, or [a, b] on one line"
_MAPPING = "write its fields as 'key: value' lines indented under it"


def problems_from_validation(
    error: ValidationError,
    raw: Any,
    filename: str,
    positions: PositionIndex,
    root: type[BaseModel] = Dataset,
) -> list[Problem]:
    """One problem per mistake, in editor wording, each at the key or value to fix.

    ``root`` is the model ``raw`` was validated against, and ``positions`` index ``raw``'s
    node (see :meth:`PositionIndex.under` for a document inside a larger file).
    """
    found = [(document_path(item["loc"], raw), item) for item in error.errors()]
    missing = {path for path, item in found if item["type"] == "missing"}
    explained: set[Path] = set()
    problems: list[Problem] = []
    for path, item in found:
        if item["type"] != "extra_forbidden":
            continue
        slip = _indentation_slip(path, missing, positions) or _unknown_key(path, missing, root)
        missing_path, message, hint = slip
        if missing_path is not None:
            explained.add(missing_path)
        where = positions.of_key(path)
        problems.append(Problem(path, message, hint, True, filename, where.line, where.column))
    for path, item in found:
        if item["type"] == "extra_forbidden" or path in explained:
            continue
        message, hint = _wording(path, item, raw, root)
        where = positions.of_value(path[:-1] if item["type"] == "missing" else path)
        problems.append(Problem(path, message, hint, False, filename, where.line, where.column))
    return problems


def document_path(loc: tuple[int | str, ...], raw: Any) -> Path:
    """A model location as a path in the file, minus the indexes the file does not have.

    A single ``claimed:`` mapping is wrapped into a list before validation, so its errors (and
    the cross-file checks' findings) carry an index 0 that does not exist in the file: drop it
    when the file has a mapping there.
    """
    path: list[str | int] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            if isinstance(node, list):
                node = node[part] if part < len(node) else None
                path.append(part)
            continue
        path.append(part)
        node = node.get(part) if isinstance(node, dict) else None
    return tuple(path)


def _indentation_slip(
    extra: Path, missing: set[Path], positions: PositionIndex
) -> tuple[Path, str, str] | None:
    """A key that is unknown where it is but required one mapping up or down."""
    key, parent = extra[-1], extra[:-1]
    for wanted in sorted(missing, key=format_path):
        home = wanted[:-1]
        if wanted[-1] != key:
            continue
        too_deep = _child_of(parent, home)
        if not too_deep and not _child_of(home, parent):
            continue
        outer, inner = (home, parent) if too_deep else (parent, home)
        inside = inner[len(outer)]
        inside_line = positions.of_key((*outer, inside)).line
        entry = positions.of_value(home)
        if too_deep:
            message = (
                f"'{key}' is indented too deep: it sits inside '{inside}' (line {inside_line})"
            )
            fix = f"move it left to column {entry.column}, in line with the other fields of the "
            fix += f"entry at line {entry.line}, which needs '{key}'"
        else:
            message = f"'{key}' is indented too shallow: it belongs inside '{inside}' "
            message += f"(line {inside_line}), which needs it"
            fix = f"indent it to column {entry.column}, in line with the fields of '{inside}' "
            fix += f"(from line {entry.line})"
        return wanted, message, fix
    return None


def _child_of(inner: Path, outer: Path) -> bool:
    """``inner`` is a mapping one key (and at most one list index) below ``outer``."""
    extra_depth = len(inner) - len(outer)
    if inner[: len(outer)] != outer or extra_depth not in (1, 2):
        return False
    return isinstance(inner[len(outer)], str) and (extra_depth == 1 or isinstance(inner[-1], int))


def _unknown_key(
    extra: Path, missing: set[Path], root: type[BaseModel]
) -> tuple[Path | None, str, str]:
    key = str(extra[-1])
    known = _field_names(extra[:-1], root)
    meant = closest(key, known)
    if meant is None:
        return None, f"unknown key '{key}'", f"allowed keys here: {', '.join(sorted(known))}"
    renamed = (*extra[:-1], meant)
    if renamed in missing:
        return renamed, f"unknown key '{key}'", f"did you mean '{meant}'? It is required here"
    return None, f"unknown key '{key}'", f"did you mean '{meant}'?"


def _field_names(path: Path, root: type[BaseModel]) -> list[str]:
    """Names of the fields allowed in the mapping at ``path``."""
    field = field_at(path, root)
    model = root if not path else model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _ids_in(raw: Any, section: str) -> list[str]:
    """The ids written under a top-level section, valid or not, in file order."""
    entries = raw.get(section) if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return []
    ids = [entry.get("id") for entry in entries if isinstance(entry, dict)]
    return list(dict.fromkeys(item for item in ids if isinstance(item, str)))


def _wording(path: Path, error: ErrorDetails, raw: Any, root: type[BaseModel]) -> Wording:
    """What is wrong and how to fix it, for one error; never pydantic's own words."""
    kind, value, context = error["type"], error["input"], error.get("ctx") or {}
    if "hint" in context:  # a validator's own PydanticCustomError: message and fix as written
        return error["msg"], str(context["hint"])
    field = field_at(path, root) if path else None
    name = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
    label = f"'{name}'" if name else "the file"
    help_text = " ".join((field.description or "").split()) if field is not None else ""
    if kind == "missing":
        where = "the file" if len(path) == 1 else "this entry"
        return f"missing required field '{name}'", f"add '{name}:' to {where}: {help_text}"
    if kind == "string_pattern_mismatch":
        target = refers_to(field) if field is not None else None
        if target is not None:
            return unknown_id(target.kind, str(value), _ids_in(raw, target.section), target.section)
        what, fix = PATTERN_FIXES.get(
            str(context.get("pattern")), ("is not written as required", "")
        )
        if context.get("pattern") == ID_PATTERN:
            fix += f", e.g. '{as_slug(str(value))}'"
        return f"{shown(value)} {what}", fix or help_text
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        return unknown_word(str(value), name, allowed)
    if kind == "string_type":
        return _not_text(name, label, value, _is_colour(field))
    if kind.startswith("date"):
        looks_right = isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
        if looks_right:
            return f"{shown(value)} is not a real date", f"check the month and day; {_DATE}"
        return f"{shown(value)} is not a date", _DATE
    if kind.startswith("int"):
        return f"{shown(value)} is not a whole number", "write a whole number such as 2"
    if kind.startswith("float"):
        return f"{shown(value)} is not a number", _NUMBER
    if kind in _LIMITS:
        too, words, limit_key = _LIMITS[kind]
        limit = context.get(limit_key)
        return f"{shown(value)} is too {too} for {label}", f"use a number {words} {limit}"
    if kind.startswith("bool"):
        return f"{label} should be true or false, not {shown(value)}", "write true or false"
    if kind == "string_too_short":
        return f"{label} is empty", "write some text, or remove the field if it is optional"
    if kind == "string_too_long":
        limit = context.get("max_length")
        return f"{label} is longer than {limit} characters", "shorten it"
    if kind == "too_short":
        return f"{label} needs at least one entry", _LIST
    if kind == "list_type":
        return f"{label} should be a list", _LIST
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if not path:
            names = ", ".join(f"{name}:" for name in root.model_fields)
            if root is not Dataset:  # a document inside another file (the site settings)
                return "this should be a mapping", f"write its keys indented under it: {names}"
            return "the file should be a mapping of sections", f"start it with {names}"
        return f"{label} should be a mapping", _MAPPING
    if kind in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"]), help_text
    return f"{shown(value)} is not accepted for {label}", help_text or "see the field's help"


def _is_colour(field: FieldInfo | None) -> bool:
    metadata = field.metadata if field is not None else []
    return any(getattr(item, "pattern", None) == COLOUR_PATTERN for item in metadata)


def _not_text(name: str, label: str, value: object, colour: bool) -> Wording:
    if value is None:
        comment = "YAML reads '#' as the start of a comment"
        if colour:
            return f"{label} has no value", f"{comment}: put the colour in quotes, e.g. " + (
                quoted_line(name, "#1b7f3b")
            )
        return (
            f"{label} has no value",
            f"write it after the colon (in quotes if it starts with '#': {comment})",
        )
    if isinstance(value, (list, dict)):
        return f"{label} should be text, not a list or mapping", "write the text after the colon"
    return f"{label} should be text", f"put it in quotes, e.g. {quoted_line(name, str(value))}"
