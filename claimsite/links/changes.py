"""The base version of the data file, for pull requests: check only what the change touches.

A pull request should not be blocked by rot it did not cause, so only URLs that are new (not
anywhere in the base version), and both URLs of a source whose ``url`` or ``archive_url``
changed, are checked. The base comes from a file or from git (``git show REF:path``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from claimsite.errors import DataFileError
from claimsite.links.gather import Found, SourceUrls, find_urls, read_tree, source_urls

_GIT_TIMEOUT = 60.0
_NOT_IN_REF = ("does not exist in", "exists on disk, but not in")


class BaseVersionError(Exception):
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
        text = FilePath(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaseVersionError(
            f"base file not found: {path} (pass the previous version of the data file)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaseVersionError(f"cannot read base file {path}: {error}") from None
    return baseline_from_text(text, str(path))


def read_base_ref(ref: str, data_path: FilePath) -> Baseline:
    """The data file as it was at git ``ref`` (a branch, tag, commit or ``HEAD^1``)."""
    if not ref or ref.startswith("-") or any(c.isspace() for c in ref):
        raise BaseVersionError(
            f"'{ref}' is not a git revision; pass e.g. --base-ref origin/main or HEAD^1"
        )
    label = f"{data_path} at {ref}"
    directory = data_path.resolve().parent
    command = ["git", "-C", str(directory), "show", f"{ref}:./{data_path.name}"]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, encoding="utf-8", timeout=_GIT_TIMEOUT
        )
    except FileNotFoundError:
        raise BaseVersionError("git is not installed; pass --base FILE instead") from None
    except subprocess.TimeoutExpired:
        raise BaseVersionError(f"git show did not finish within {_GIT_TIMEOUT:g} s") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        if any(marker in done.stderr for marker in _NOT_IN_REF):
            return Baseline(label=label, missing=True)
        raise BaseVersionError(
            f"cannot read {data_path} at '{ref}': {said[0] if said else 'git failed'}. "
            "Make sure the revision is fetched (in CI: actions/checkout with fetch-depth: 2 "
            "for HEAD^1, or git fetch the base branch), or pass --base FILE"
        )
    return baseline_from_text(done.stdout, label)


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
