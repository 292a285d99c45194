"""Every URL in the data file, with where it sits and which claims lean on it.

Gathering works on the composed YAML nodes rather than the validated models, so that URLs can
be handed to lychee before the (slower) validation finishes, and so that a base version of the
file that would no longer validate can still be compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from claimsite.datafile.checks import ADDRESS_FIELDS
from claimsite.datafile.yamlsource import compose
from claimsite.errors import Path, format_path

URL_FIELDS = frozenset(name for name, kind in ADDRESS_FIELDS.items() if kind != "base")
"""Fields whose whole value is one address."""

PREFIX_FIELDS = frozenset(name for name, kind in ADDRESS_FIELDS.items() if kind == "base")
"""Base addresses that pages append a path to: not a page of their own, so not checked."""

PAGE_FIELD = "href"
"""The field name of occurrences found in a built site's HTML pages."""

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+")
_TRAILING = ".,;:!?*_'\""
_SEARCH_LINES = 500
"""How far below a text field's first line to look for a URL inside it."""


@dataclass(frozen=True)
class Found:
    """A URL in the data file and where it is written."""

    url: str
    path: Path
    field: str
    line: int
    column: int


@dataclass(frozen=True)
class Tree:
    """The data file as YAML nodes: every value as written, with its position.

    Composing (without constructing Python objects) is several times faster than a full parse
    and keeps positions, so lychee can start early; validation runs separately.
    """

    text: str
    filename: str
    root: yaml.Node | None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


@dataclass(frozen=True)
class Occurrence:
    """One place a URL is written: the file position plus what it belongs to."""

    file: str
    line: int
    column: int
    path: str
    field: str
    owner: str
    """Human label of the entry holding the URL: ``source ft-report``, ``claim r2-price``…"""
    source: str | None
    claims: tuple[str, ...]
    """Claims that cite this entry (for a source) or the claim itself."""


@dataclass
class Link:
    """One distinct URL and every place it occurs; lychee checks it once."""

    url: str
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def first(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def claims(self) -> list[str]:
        """Claims leaning on this URL, in file order, without repeats."""
        return list(dict.fromkeys(c for o in self.occurrences for c in o.claims))

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(o.source for o in self.occurrences if o.source))

    @property
    def lines(self) -> list[int]:
        """Lines in the data file (a built site's pages are named in ``owner`` instead)."""
        return sorted({o.line for o in self.occurrences if o.field != PAGE_FIELD})


@dataclass(frozen=True)
class SourceUrls:
    """The addresses of one source, for the archive rule and for change detection."""

    index: int
    id: str
    url: str | None
    archive_url: str | None
    url_status: str


def read_tree(text: str, filename: str) -> Tree:
    """Compose the YAML; a syntax error raises the loader's :class:`DataFileError`."""
    return Tree(text, filename, compose(text, filename))


def _walk(root: yaml.Node | None) -> Iterator[tuple[Path, yaml.Node]]:
    """Every node with its document path, in document order."""
    if root is None:
        return
    stack: list[tuple[Path, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, yaml.MappingNode):
            children = [((*path, str(key.value)), value) for key, value in node.value]
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed([((*path, i), child) for i, child in enumerate(node.value)]))


def find_urls(tree: Tree) -> list[Found]:
    """Every http(s) URL in the file, in document order, including those inside prose."""
    found: list[Found] = []
    lines = tree.lines
    for path, node in _walk(tree.root):
        if not isinstance(node, yaml.ScalarNode) or not path:
            continue
        name = _field_name(path)
        value = str(node.value)
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if name in PREFIX_FIELDS:
            continue
        if name in URL_FIELDS:
            value = value.strip()
            if value.startswith(("http://", "https://")):
                found.append(Found(value, path, name, line, column))
            continue
        for url in urls_in_text(value):
            found.append(Found(url, path, name, *_position_in_text(lines, line, column, url)))
    return found


def _position_in_text(lines: Sequence[str], line: int, column: int, url: str) -> tuple[int, int]:
    """Where a URL inside prose is written: search down from the field's first line."""
    last = min(len(lines), line + _SEARCH_LINES)
    for number in range(line, last + 1):
        start = column - 1 if number == line else 0
        at = lines[number - 1].find(url, start)
        if at >= 0:
            return number, at + 1
    return line, column


def urls_in_text(text: str) -> list[str]:
    """Addresses written in prose or Markdown links, trimmed of the punctuation around them."""
    urls: list[str] = []
    for match in _URL_IN_TEXT.finditer(text):
        url = _trim(match.group())
        if url not in urls and len(url) > len("https://"):
            urls.append(url)
    return urls


def _trim(url: str) -> str:
    while True:
        before = url
        url = url.rstrip(_TRAILING)
        # a closing parenthesis belongs to the URL only if the URL opened one (Markdown links)
        if url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        if url == before:
            return url


def _field_name(path: Path) -> str:
    """The mapping key a value sits under (list indexes skipped)."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def _section(tree: Tree, name: str) -> list[yaml.Node]:
    """The items of a top-level list (``sources``, ``claims``, ``events``)."""
    if not isinstance(tree.root, yaml.MappingNode):
        return []
    for key, value in tree.root.value:
        if key.value == name and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def _fields(node: yaml.Node) -> dict[str, Any]:
    """A mapping item's scalar values (as written) and lists of scalars."""
    fields: dict[str, Any] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode):
                fields[str(key.value)] = str(value.value)
            elif isinstance(value, yaml.SequenceNode):
                fields[str(key.value)] = [
                    str(item.value) for item in value.value if isinstance(item, yaml.ScalarNode)
                ]
    return fields


def source_urls(tree: Tree) -> list[SourceUrls]:
    """The addresses of each source entry; tolerant of a malformed file (it is not validated)."""
    result = []
    for index, node in enumerate(_section(tree, "sources")):
        fields = _fields(node)
        url, archive = fields.get("url"), fields.get("archive_url")
        result.append(
            SourceUrls(
                index=index,
                id=str(fields.get("id", f"#{index + 1}")),
                url=url.strip() if isinstance(url, str) else None,
                archive_url=archive.strip() if isinstance(archive, str) else None,
                url_status=str(fields.get("url_status", "live")),
            )
        )
    return result


def gather(found: Sequence[Found], tree: Tree, citing: Mapping[str, Sequence[str]]) -> list[Link]:
    """Attach context to each found URL and merge repeats into one link."""
    links: dict[str, Link] = {}
    entries: dict[tuple[str, int], dict[str, Any]] = {}
    for item in found:
        owner, source, claims = _owner(tree, item.path, citing, entries)
        occurrence = Occurrence(
            file=tree.filename,
            line=item.line,
            column=item.column,
            path=format_path(item.path),
            field=item.field,
            owner=owner,
            source=source,
            claims=claims,
        )
        links.setdefault(item.url, Link(item.url)).occurrences.append(occurrence)
    return list(links.values())


def _owner(
    tree: Tree,
    path: Path,
    citing: Mapping[str, Sequence[str]],
    entries: dict[tuple[str, int], dict[str, Any]],
) -> tuple[str, str | None, tuple[str, ...]]:
    section = str(path[0]) if path else ""
    if len(path) < 2 or not isinstance(path[1], int):
        return section or "file", None, ()
    key = (section, path[1])
    if key not in entries:
        items = _section(tree, section)
        entries[key] = _fields(items[path[1]]) if path[1] < len(items) else {}
    entry = entries[key]
    entry_id = str(entry.get("id", ""))
    if section == "sources" and entry_id:
        return f"source {entry_id}", entry_id, tuple(citing.get(entry_id, ()))
    if section == "claims" and entry_id:
        return f"claim {entry_id}", None, (entry_id,)
    if section == "events":
        claims = entry.get("claims")
        claim_ids = tuple(claims) if isinstance(claims, list) else ()
        return f"event {entry.get('date', '')}: {entry.get('title', '')}", None, claim_ids
    return section, None, ()
