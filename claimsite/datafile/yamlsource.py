"""Reading YAML safely and finding where things are in it.

The data file is untrusted input (it arrives in pull requests), so before libyaml builds
anything, :func:`guard` walks its tokens once and refuses what could exhaust the machine or that
an editor never needs: anchors and aliases (the self-referencing alias and the "billion laughs"
bomb), explicit tags, nesting deeper than :data:`MAX_DEPTH` (libyaml's composer recurses in C
and its scanner slows down quadratically with depth) and files larger than :func:`size_limit`.

This is the careful path: a node tree with every value's position, for files that
:mod:`fast_yaml` cannot vouch for (it gives up on all of the above, so they are refused here)
and for reporting problems at their ``file:line:col``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from claimsite.datafile.wording import yaml_slip
from claimsite.errors import DataFileError, Path, Problem

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted; the data file needs about eight levels."""

SIZE_LIMIT_VARIABLE = "CLAIMSITE_MAX_DATA_MB"
"""Environment variable that overrides the data file size cap, in megabytes."""

DEFAULT_SIZE_LIMIT_MB = 20.0
"""The size cap when the variable is unset: a hundred times the real data file."""


@dataclass(frozen=True)
class Position:
    line: int
    column: int


class DataLoader(_BaseLoader):  # type: ignore[misc,valid-type]
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
                Problem.at(
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
DataLoader.yaml_implicit_resolvers = {
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
    """The YAML node tree (every value as written, with its position); syntax errors and
    anything :func:`guard` refuses raise :class:`DataFileError`."""
    guard(text, filename)
    loader = DataLoader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError as error:
        raise _yaml_error(error, filename, text) from None
    finally:
        loader.dispose()


def size_limit() -> int:
    """The largest data file accepted, in bytes: :data:`DEFAULT_SIZE_LIMIT_MB`, or the number
    of megabytes in the ``CLAIMSITE_MAX_DATA_MB`` environment variable."""
    setting = os.environ.get(SIZE_LIMIT_VARIABLE, "").strip()
    try:
        megabytes = float(setting) if setting else DEFAULT_SIZE_LIMIT_MB
    except ValueError:
        megabytes = DEFAULT_SIZE_LIMIT_MB
    return int(megabytes * 1_000_000) if megabytes > 0 else int(DEFAULT_SIZE_LIMIT_MB * 1_000_000)


def check_size(size: int, filename: str) -> None:
    """Refuse a file of ``size`` bytes when it is over :func:`size_limit`."""
    limit = size_limit()
    if size > limit:
        raise DataFileError(
            [
                Problem.at(
                    filename,
                    1,
                    1,
                    f"the file is {size / 1_000_000:.1f} MB, over the {limit / 1_000_000:g} MB "
                    "limit for a data file",
                    hint=f"split or trim it; to raise the limit set {SIZE_LIMIT_VARIABLE} "
                    "(megabytes) in the environment",
                )
            ]
        )


_DEPTH_CHANGE: dict[type[yaml.Token], int] = {
    yaml.BlockMappingStartToken: 1,
    yaml.BlockSequenceStartToken: 1,
    yaml.FlowMappingStartToken: 1,
    yaml.FlowSequenceStartToken: 1,
    yaml.BlockEndToken: -1,
    yaml.FlowMappingEndToken: -1,
    yaml.FlowSequenceEndToken: -1,
}


def guard(text: str, filename: str) -> None:
    """Refuse, with a position, what libyaml must never be asked to build (module docstring).

    One pass over libyaml's tokens, before any node exists; it stops at the first refusal, so
    its cost is bounded by the file size even for hostile input. Anchors and aliases are all
    reported at once, so an editor can remove them in one go.
    """
    check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    refused: list[Problem] = []
    depth = 0
    try:
        for token in tokens(text):
            step = _DEPTH_CHANGE.get(type(token))
            if step is not None:
                depth += step
                if depth > MAX_DEPTH:
                    refused.append(_too_deep(token, filename))
                    break
            elif isinstance(token, yaml.AnchorToken | yaml.AliasToken | yaml.TagToken):
                refused.append(_refused_token(token, filename))
    except yaml.YAMLError as error:
        refused.append(_yaml_error(error, filename, text).problems[0])
    if refused:
        raise DataFileError(refused)


def tokens(text: str) -> Iterator[yaml.Token]:
    """libyaml's tokens of ``text``, one at a time; a syntax error raises ``yaml.YAMLError``."""
    scanner = _BaseLoader(text)
    try:
        while True:
            token: yaml.Token | None = scanner.get_token()  # type: ignore[no-untyped-call]
            if token is None:
                return
            yield token
    finally:
        scanner.dispose()


def _too_deep(token: yaml.Token, filename: str) -> Problem:
    mark = token.start_mark
    return Problem.at(
        filename,
        mark.line + 1,
        mark.column + 1,
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
        hint="a data file needs only a few levels: check for stray '[' or '{' and for "
        "indentation that keeps growing",
    )


def _refused_token(
    token: yaml.AnchorToken | yaml.AliasToken | yaml.TagToken, filename: str
) -> Problem:
    mark = token.start_mark
    if isinstance(token, yaml.TagToken):
        handle, suffix = token.value
        message = f"YAML tag '{handle or ''}{suffix}' is not allowed in a data file"
        hint = "remove the tag; to keep a number or date as text, put quotes around it"
    else:
        sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
        what = "anchor" if sign == "&" else "alias"
        message = f"YAML {what} '{sign}{token.value}' is not allowed in a data file"
        hint = "write the value out in full (anchors and aliases can make a small file expand "
        "without limit, so they are refused)"
    return Problem.at(filename, mark.line + 1, mark.column + 1, message, hint=hint)


def construct(root: yaml.Node | None, filename: str) -> Any:
    """Python data from a node tree made by :func:`compose`; duplicate keys raise
    :class:`DataFileError`, all of them at once."""
    if root is None:
        return None
    loader = DataLoader("")
    loader.filename = filename
    loader.duplicates = []
    try:
        data = loader.construct_document(root)
    except yaml.YAMLError as error:
        raise _yaml_error(error, filename, "") from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise DataFileError(loader.duplicates)
    return data


def _yaml_error(error: yaml.YAMLError, filename: str, text: str = "") -> DataFileError:
    """An editor's message for a libyaml error, at the line and column where it is."""
    if isinstance(error, yaml.reader.ReaderError):
        return DataFileError([_reader_problem(error, filename, text)])
    if isinstance(error, yaml.MarkedYAMLError):
        quote = _unclosed_quote(error, text)
        if quote is not None:
            return DataFileError([_quote_problem(error, quote, filename)])
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or "the file is not valid YAML"
        message, hint = yaml_slip(text, line, column, what) or (
            f"YAML syntax error: {what}",
            "check the indentation and quoting on this line and the one above",
        )
        return DataFileError([Problem.at(filename, line, column, message, hint=hint)])
    return DataFileError(
        [Problem.at(filename, 1, 1, "the file is not valid YAML", hint="save the file as UTF-8")]
    )


def _reader_problem(error: yaml.reader.ReaderError, filename: str, text: str) -> Problem:
    """libyaml reports a forbidden character by its UTF-8 byte offset: count lines from it."""
    line, column = line_and_column(text.encode("utf-8", "surrogatepass"), error.position)
    code = error.character if isinstance(error.character, int) else ord(str(error.character))
    return Problem.at(
        filename,
        line,
        column,
        f"character U+{code:04X} is not allowed in YAML (an invisible control character)",
        hint="delete it: retype the text around this column, or save the file again "
        "without special characters",
    )


def line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset`` in UTF-8 ``data``."""
    offset = max(0, min(offset, len(data)))
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _unclosed_quote(error: yaml.MarkedYAMLError, text: str) -> yaml.Mark | None:
    """Where a quoted text that never closed was opened, if that is what went wrong.

    libyaml says so itself when the file ends inside the quote. More often a later quote
    closes it and the error shows lines below; then one of the last values before the error is
    a quoted text that swallowed whole ``key: value`` lines, and its opening is the line to fix.
    """
    if error.context == "while scanning a quoted scalar":
        return error.context_mark
    stop = error.problem_mark
    if stop is None or not text:
        return None
    recent: list[yaml.ScalarToken] = []
    try:
        for token in tokens(text):
            if _mark_key(token.start_mark) >= _mark_key(stop):
                break
            if isinstance(token, yaml.ScalarToken):
                recent = [*recent[-(_QUOTE_LOOKBACK - 1) :], token]
    except yaml.YAMLError:
        pass  # the scan stops where the error is: what came before is what matters
    lines = text.splitlines()
    for token in reversed(recent):
        first, last = token.start_mark.line, token.end_mark.line
        if token.style in ('"', "'") and any(
            _SWALLOWED_LINE.match(line) for line in lines[first + 1 : last + 1]
        ):
            return token.start_mark  # type: ignore[no-any-return]
    return None


_QUOTE_LOOKBACK = 3
_SWALLOWED_LINE = re.compile(r"^\s*(?:- )?[A-Za-z_][\w-]*:(?:\s|$)")


def _mark_key(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line, mark.column


def _quote_problem(error: yaml.MarkedYAMLError, opened: yaml.Mark, filename: str) -> Problem:
    stop = error.problem_mark
    where = f"line {stop.line + 1}" if stop is not None else "the end of the file"
    return Problem.at(
        filename,
        opened.line + 1,
        opened.column + 1,
        f"the quoted text opened here is never closed: it runs on to {where}, where YAML "
        f"gives up ({error.problem})",
        hint="add the closing quote at the end of this text; a quote inside double-quoted "
        'text is written \\" (or use single quotes outside)',
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

    def under(self, prefix: Path) -> PositionIndex:
        """The index of the value at ``prefix``, with paths relative to it (for a document
        inside a larger file, such as ``extra.claimsite`` in ``mkdocs.yml``)."""
        if not prefix:
            return self
        size = len(prefix)
        values = {p[size:]: at for p, at in self._values.items() if p[:size] == prefix}
        keys = {p[size:]: at for p, at in self._keys.items() if p[:size] == prefix}
        values.setdefault((), self.of_value(prefix))
        return PositionIndex(values, keys)

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
