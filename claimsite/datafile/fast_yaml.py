"""The fast path for a valid data file: one pass over libyaml's events, no node tree.

:func:`yamlsource.compose` builds a Python node for every value and :func:`yamlsource.construct`
walks them again; at 10,000 claims that is most of the load time. Here libyaml's event stream
(every event carries its position) is turned into the data directly, with the same scalar
resolution as the careful path (PyYAML's own resolver and constructors, remembered per distinct
plain value) and the line of each claim for edit links.

Anything unusual gives up rather than deciding on its own: an anchor, alias or tag, nesting
deeper than :data:`yamlsource.MAX_DEPTH`, a duplicate or non-scalar key, a merge key, more than
one document, any syntax error. The caller then takes the careful path, which refuses or reports
it with its position, so editors see exactly the messages they saw before.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from claimsite.datafile.yamlsource import MAX_DEPTH, DataLoader, check_size

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset(
    {
        _STR,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
    }
)


class _GiveUp(Exception):
    """The file needs the careful path."""


@dataclass(frozen=True)
class FastDocument:
    data: Any
    entry_lines: dict[str, dict[str, int]]
    """For each top-level list, the line (1-based) where each entry starts, by its ``id``:
    the same as :func:`yamlsource.entry_lines` on the node tree."""


def read_fast(text: str, filename: str) -> FastDocument | None:
    """The data and entry lines of ``text``, or ``None`` when the careful path must decide.

    The size cap applies here as on the careful path (:class:`DataFileError` when exceeded).
    """
    check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    loader = DataLoader(text)
    try:
        return _build(loader)
    except (_GiveUp, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a file becomes objects.

    Building the data makes hundreds of thousands of objects and no cycles; the collector
    would walk them again and again (half the load time at 10,000 claims).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_NO_KEY = object()


def _build(loader: DataLoader) -> FastDocument:
    """The event loop. It is the hot path of a large build, so it keeps its state in locals:
    the container being filled (``top``) and its pending key, with the outer ones on stacks;
    claim lines are taken at the fixed depth of a top-level list's entries."""
    plain: dict[str, Any] = {}
    sections: dict[str, dict[str, int]] = {}
    outer: list[Any] = []
    outer_keys: list[Any] = []
    top: Any = None
    key: Any = _NO_KEY
    lines: dict[str, int] | None = None  # of the top-level list being read
    entry_line = 0
    documents = 0
    result: Any = None
    get_event = loader.get_event
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                raise _GiveUp
            value = event.value
            if event.implicit[0]:
                found = plain.get(value, plain)
                value = plain[value] = _resolve_plain(loader, value) if found is plain else found
            if type(top) is list:
                top.append(value)
            elif top is None:
                result = value
            elif key is _NO_KEY:
                if type(value) is not str or value in top:
                    raise _GiveUp  # keys other than text, and duplicates (reported there)
                key = value
            else:
                top[key] = value
                if key == "id" and lines is not None and len(outer) == 3:
                    lines.setdefault(event.value, entry_line)
                key = _NO_KEY
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(outer) >= MAX_DEPTH:
                raise _GiveUp
            if type(top) is dict:
                if key is _NO_KEY:
                    raise _GiveUp  # a list or mapping as a key
                if len(outer) == 1 and kind is sequence_start:
                    lines = sections.setdefault(key, {})
            elif lines is not None and len(outer) == 2:
                entry_line = event.start_mark.line + 1
            outer.append(top)
            outer_keys.append(key)
            top, key = ({} if kind is mapping_start else []), _NO_KEY
        elif kind is mapping_end or kind is sequence_end:
            done = top
            top, key = outer.pop(), outer_keys.pop()
            if type(top) is list:
                top.append(done)
            elif top is None:
                result = done
            else:
                top[key] = done
                key = _NO_KEY
                if len(outer) == 1:
                    lines = None
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _GiveUp
        elif kind is yaml.StreamEndEvent:
            return FastDocument(result, {name: found for name, found in sections.items() if found})
        elif kind is alias:
            raise _GiveUp


def _resolve_plain(loader: DataLoader, value: str) -> Any:
    """An unquoted scalar as the careful path reads it: PyYAML's resolver (dates stay text)
    and constructor; anything but text, numbers, booleans and null gives up."""
    tag = loader.resolve(yaml.ScalarNode, value, (True, False))
    if tag not in _PLAIN_TAGS:
        raise _GiveUp
    if tag == _STR:
        return value
    return loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, value))
