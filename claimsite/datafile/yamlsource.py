"""Reading YAML safely and finding where things are in it.

The happy path is one libyaml parse with a duplicate-key check. Positions are needed only to
report problems, so :func:`locate` re-reads the file into a node tree on the error path alone.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml

from claimsite.datafile.wording import yaml_slip
from claimsite.errors import DataFileError, Problem

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

PathPart = str | int
Path = tuple[PathPart, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


class _DuplicateKey(Exception):
    pass


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text (the models parse them) and refuses duplicate keys."""

    duplicates: list[Problem]
    filename: str

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):
            self._record_duplicates(node)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def _record_duplicates(self, node: yaml.MappingNode) -> None:
        first_seen: dict[str, yaml.Node] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            earlier = first_seen.setdefault(key.value, key)
            if earlier is key:
                continue
            self.duplicates.append(
                Problem(
                    self.filename,
                    key.start_mark.line + 1,
                    key.start_mark.column + 1,
                    f"duplicate key '{key.value}' (first at line {earlier.start_mark.line + 1})",
                    hint="YAML keeps only the last of two equal keys: merge the two blocks or "
                    "rename one",
                )
            )


# Dates stay strings so that an impossible date (2025-02-30) becomes a model error with a
# position instead of a crash inside the YAML constructor.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def parse(text: str, filename: str) -> Any:
    """Parse YAML text, raising :class:`DataFileError` for syntax errors and duplicate keys."""
    return parse_document(text, filename)[0]


def parse_document(text: str, filename: str) -> tuple[Any, yaml.Node | None]:
    """Like :func:`parse`, and also return the node tree the data was built from.

    libyaml builds the nodes anyway; keeping the root costs nothing and lets callers read the
    line of an entry (:func:`entry_lines`) without parsing the file again.
    """
    root = compose(text, filename)
    return construct(root, filename), root


def compose(text: str, filename: str) -> yaml.Node | None:
    """The YAML node tree (every value as written, with its position); syntax errors raise
    :class:`DataFileError`."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError as error:
        raise _yaml_error(error, filename, text) from None
    finally:
        loader.dispose()


def construct(root: yaml.Node | None, filename: str) -> Any:
    """Python data from a node tree made by :func:`compose`; duplicate keys raise
    :class:`DataFileError`, all of them at once."""
    if root is None:
        return None
    loader = _Loader("")
    loader.filename = filename
    loader.duplicates = []
    try:
        data = loader.construct_document(root)
    except yaml.YAMLError as error:
        raise _yaml_error(error, filename) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise DataFileError(loader.duplicates)
    return data


def _yaml_error(error: yaml.YAMLError, filename: str, text: str = "") -> DataFileError:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "the file is not valid YAML"
        message, hint = yaml_slip(text, line, column, what) or (
            f"YAML syntax error: {what}",
            "check the indentation and quoting on this line and the one above",
        )
        return DataFileError([Problem(filename, line, column, message, hint=hint)])
    return DataFileError(
        [Problem(filename, 1, 1, f"cannot read YAML: {error}", hint="save the file as UTF-8")]
    )


def entry_lines(root: yaml.Node | None, section: str) -> dict[str, int]:
    """The line (1-based) where each entry of a top-level list starts, by the entry's ``id``."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    lines: dict[str, int] = {}
    for key, value in root.value:
        if key.value != section or not isinstance(value, yaml.SequenceNode):
            continue
        for entry in value.value:
            if not isinstance(entry, yaml.MappingNode):
                continue
            for entry_key, entry_value in entry.value:
                if entry_key.value == "id" and isinstance(entry_value, yaml.ScalarNode):
                    lines.setdefault(entry_value.value, entry.start_mark.line + 1)
    return lines


class PositionIndex:
    """Where each value (and each mapping key) sits in the file, by document path."""

    def __init__(self, values: dict[Path, Position], keys: dict[Path, Position]) -> None:
        self._values = values
        self._keys = keys

    def of_value(self, path: Path) -> Position:
        """Position of the value at ``path``, or of its nearest existing parent."""
        return self._nearest(self._values, path)

    def of_key(self, path: Path) -> Position:
        """Position of the key naming ``path`` (for unknown-key errors)."""
        return self._keys.get(path) or self._nearest(self._values, path)

    @staticmethod
    def _nearest(table: dict[Path, Position], path: Path) -> Position:
        for end in range(len(path), -1, -1):
            found = table.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)


def locate(text: str) -> PositionIndex:
    """Build a :class:`PositionIndex` for text that :func:`parse` already accepted."""
    return positions_of(yaml.compose(text, Loader=_BaseLoader))


def positions_of(root: yaml.Node | None) -> PositionIndex:
    """Build a :class:`PositionIndex` from a node tree made by :func:`compose`."""
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    if root is None:
        return PositionIndex(values, keys)
    stack: list[tuple[Path, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                child_path = (*path, str(key.value))
                keys[child_path] = Position(key.start_mark.line + 1, key.start_mark.column + 1)
                stack.append((child_path, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, index), child) for index, child in enumerate(node.value))
    return PositionIndex(values, keys)


def format_path(path: Path) -> str:
    """``('claims', 3, 'status')`` → ``claims[3].status``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
