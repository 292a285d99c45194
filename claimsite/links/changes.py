"""The base version of the data file, for pull requests: check only what the change touches.

A pull request should not be blocked by rot it did not cause, so only URLs that are new (not
anywhere in the base version), and both URLs of a source whose ``url`` or ``archive_url``
changed, are checked. The base comes from a file or from git (``git show REF:path``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from claimsite.datafile.text import GitReadError, NotInRevision, read_at_revision, read_text
from claimsite.errors import ClaimsiteError, DataFileError
from claimsite.links.gather import Found, SourceUrls, find_urls, read_tree, source_urls


class BaseVersionError(ClaimsiteError):
    """The base version cannot be read or parsed."""


@dataclass(frozen=True)
class Baseline:
    """What the base version of the data file cites."""

    label: str
    urls: frozenset[str] = frozenset()
    sources: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """Source id → (url, archive_url)."""
    missing: bool = False
    """The base has no data file at all: everything counts as new."""


def baseline_from_text(text: str, label: str) -> Baseline:
    try:
        tree = read_tree(text, label)
    except DataFileError as error:
        raise BaseVersionError(
            f"the base version ({label}) is not readable YAML:\n{error.report()}"
        ) from None
    return Baseline(
        label=label,
        urls=frozenset(item.url for item in find_urls(tree)),
        sources={s.id: (s.url, s.archive_url) for s in source_urls(tree)},
    )


def read_base_file(path: FilePath | str) -> Baseline:
    try:
        text = read_text(path)
    except DataFileError as error:
        problem = error.problems[0]
        raise BaseVersionError(
            f"base file {path}: {problem.message} (pass the previous version of the data file)"
        ) from None
    return baseline_from_text(text, str(path))


def read_base_ref(ref: str, data_path: FilePath) -> Baseline:
    """The data file as it was at git ``ref`` (a branch, tag, commit or ``HEAD^1``)."""
    label = f"{data_path} at {ref}"
    try:
        text = read_at_revision(ref, data_path)
    except NotInRevision:
        return Baseline(label=label, missing=True)
    except GitReadError as error:
        raise BaseVersionError(
            f"{error}. Make sure the revision is fetched (in CI: actions/checkout with "
            "fetch-depth: 2 for HEAD^1, or git fetch the base branch), or pass --base FILE"
        ) from None
    return baseline_from_text(text, label)


def changed_scope(
    found: Sequence[Found], sources: Sequence[SourceUrls], baseline: Baseline
) -> tuple[set[str], set[str]]:
    """URLs to check and source ids whose addresses changed, relative to the baseline."""
    urls = {item.url for item in found if item.url not in baseline.urls}
    changed_sources: set[str] = set()
    for source in sources:
        if baseline.sources.get(source.id) != (source.url, source.archive_url):
            changed_sources.add(source.id)
            urls.update(u for u in (source.url, source.archive_url) if u)
    return urls, changed_sources
