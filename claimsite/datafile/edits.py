"""Writing fields into the data file in place, by position, leaving every other byte alone.

Editors own the file's layout: comments, key order, quoting and blank lines. A round trip
through a YAML library would re-emit all of it; instead, new ``key: value`` lines are inserted
after a named field of a list entry (at the entry's indentation), and an existing value is
replaced within the span the parser reports for it. The diff is exactly the changed lines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml

from claimsite.datafile.yamlsource import compose, parse


class EditError(Exception):
    """An edit cannot be made without touching more than its own lines."""


@dataclass(frozen=True)
class EntryEdit:
    """Set ``fields`` (in this order) on entry ``index`` of the top-level list ``section``.

    Keys already present have their value replaced; missing ones are inserted as new lines
    after ``after`` (or after the last field of the entry when it has no such key).
    """

    section: str
    index: int
    fields: Mapping[str, str]
    after: str


def apply_edits(text: str, filename: str, edits: Sequence[EntryEdit]) -> str:
    """``text`` with every edit made; :class:`EditError` when one cannot be made cleanly."""
    root = compose(text, filename)
    newline = "\r\n" if "\r\n" in text else "\n"
    starts = _line_starts(text)
    changes: list[tuple[int, int, str]] = []
    for edit in edits:
        changes.extend(_changes(text, root, edit, newline, starts))
    for start, end, replacement in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when it reads back unchanged, else double-quoted."""
    if value and "\n" not in value and _reads_back(value, value):
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    if not _reads_back(quoted, value):  # pragma: no cover - JSON strings always read back
        raise EditError(f"cannot write {value!r} as a YAML scalar")
    return quoted


def _reads_back(written: str, value: str) -> bool:
    try:
        return bool(parse(f"key: {written}\n", "<value>") == {"key": value})
    except Exception:  # any parse failure just means: not this way
        return False


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _entry(root: yaml.Node | None, section: str, index: int) -> yaml.MappingNode:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value != section or not isinstance(value, yaml.SequenceNode):
                continue
            entry = value.value[index] if index < len(value.value) else None
            if isinstance(entry, yaml.MappingNode):
                return entry
    raise EditError(f"{section}[{index}] is not a mapping in the file")


def _changes(
    text: str, root: yaml.Node | None, edit: EntryEdit, newline: str, starts: list[int]
) -> list[tuple[int, int, str]]:
    entry = _entry(root, edit.section, edit.index)
    where = f"{edit.section}[{edit.index}]"
    if entry.flow_style:
        raise EditError(f"{where} is written in flow style ({{…}}); add the fields by hand")
    present = {str(key.value): (key, value) for key, value in entry.value}
    changes: list[tuple[int, int, str]] = []
    anchor = present.get(edit.after) or entry.value[-1]
    indent = " " * entry.value[0][0].start_mark.column
    inserted: list[str] = []
    for name, value in edit.fields.items():
        if name in present:
            node = present[name][1]
            if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
                raise EditError(f"{where}.{name} is not a one-line value; change it by hand")
            changes.append((node.start_mark.index, node.end_mark.index, scalar(value)))
        else:
            inserted.append(f"{indent}{name}: {scalar(value)}{newline}")
    if inserted:
        at = _after_line(text, anchor[1], starts)
        prefix = newline if at == len(text) and text and not text.endswith("\n") else ""
        changes.append((at, at, prefix + "".join(inserted)))
    return changes


def _after_line(text: str, node: yaml.Node, starts: list[int]) -> int:
    """The offset where the line after ``node``'s last line starts."""
    mark = node.end_mark
    # block scalars end at the start of a following line, after any blank lines they swallow:
    # the value's last line is the last non-blank one before that
    last = mark.line - 1 if mark.column == 0 and mark.line > node.start_mark.line else mark.line
    while last > node.start_mark.line and not _line(text, starts, last).strip():
        last -= 1
    return starts[last + 1] if last + 1 < len(starts) else len(text)


def _line(text: str, starts: list[int], index: int) -> str:
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return text[starts[index] : end] if index < len(starts) else ""
