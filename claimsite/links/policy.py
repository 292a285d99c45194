"""The reviewed list of hosts that refuse link checkers.

Some hosts answer every automated request with 403, 999, a login wall or a redirect loop, so
a check of their live URLs says nothing. Rather than accepting 403 everywhere, each such host
is listed here with the reason it is on the list; a source on one of them must carry an
``archive_url``, which is checked in its place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any
from urllib.parse import urlsplit

from claimsite.datafile.checks import url_problem
from claimsite.datafile.text import read_text
from claimsite.datafile.wording import suggest
from claimsite.datafile.yamlsource import Path, PositionIndex, locate, parse
from claimsite.errors import DataFileError, Problem
from claimsite.links import DEFAULT_POLICY

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
_ENTRY_KEYS = ("host", "reason", "evidence")
_MIN_REASON = 10


_Complain = Callable[[Path, str, str], None]


class PolicyError(DataFileError):
    """The policy file cannot be used; carries every problem found."""


@dataclass(frozen=True)
class BlockRule:
    """A host (and its subdomains) whose live URLs are not checked."""

    host: str
    reason: str
    evidence: tuple[str, ...]
    line: int

    @property
    def summary(self) -> str:
        """The reason's first sentence, for one-line reports."""
        return self.reason.split(". ")[0].rstrip(".")

    def matches(self, host: str) -> bool:
        return host == self.host or host.endswith("." + self.host)


@dataclass(frozen=True)
class Policy:
    rules: tuple[BlockRule, ...] = ()
    path: str = ""

    def rule_for(self, url: str) -> BlockRule | None:
        """The rule covering ``url``'s host, or None when the URL can be checked live."""
        host = host_of(url)
        if not host:
            return None
        for rule in self.rules:
            if rule.matches(host):
                return rule
        return None


@functools.lru_cache(maxsize=8192)
def host_of(url: str) -> str:
    """The lower-case host name of ``url`` (cached: every URL is asked about several times)."""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def load_policy(path: FilePath | str) -> Policy:
    """Read and validate the policy file; raise :class:`PolicyError` listing every problem."""
    shown = str(path)
    missing = f"run from the repository root (it holds {DEFAULT_POLICY}) or pass --policy FILE"
    try:
        text = read_text(path, missing_hint=missing)
        raw = parse(text, shown)
    except DataFileError as error:
        raise PolicyError(error.problems) from None
    return _validate(raw, locate(text), shown)


def _validate(raw: Any, positions: PositionIndex, shown: str) -> Policy:
    problems: list[Problem] = []

    def problem(path: Path, message: str, hint: str) -> None:
        where = positions.of_value(path)
        problems.append(Problem(shown, where.line, where.column, message, hint=hint))

    def unknown_key(path: Path, allowed: Sequence[str]) -> None:
        key = str(path[-1])
        hint = suggest(key, allowed) or f"allowed keys: {', '.join(allowed)}"
        where = positions.of_key(path)
        problems.append(Problem(shown, where.line, where.column, f"unknown key '{key}'", hint=hint))

    if raw is None:
        raw = {"blocking_hosts": []}
    if not isinstance(raw, dict):
        problem((), "the policy file must be a mapping", "start it with 'blocking_hosts:'")
        raise PolicyError(problems)
    for key in raw:
        if key != "blocking_hosts":
            unknown_key((str(key),), ["blocking_hosts"])
    entries = raw.get("blocking_hosts", [])
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        problem(
            ("blocking_hosts",),
            "'blocking_hosts' must be a list",
            "write one '- host: …' entry per line",
        )
        raise PolicyError(problems)
    rules: list[BlockRule] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        base: Path = ("blocking_hosts", index)
        if not isinstance(entry, dict):
            problem(base, "each entry must be a mapping", "write 'host:' and 'reason:' keys")
            continue
        for key in entry:
            if key not in _ENTRY_KEYS:
                unknown_key((*base, str(key)), _ENTRY_KEYS)
        host = _host(entry.get("host"), (*base, "host"), problem)
        reason = entry.get("reason")
        if not isinstance(reason, str) or len(reason.strip()) < _MIN_REASON:
            problem(
                (*base, "reason") if "reason" in entry else base,
                "missing or too short 'reason'",
                "say what the host answers to checkers (403, 999, login wall…) so a reviewer "
                "can judge the entry; a blanket exception is not allowed",
            )
            reason = None
        evidence = _evidence(entry.get("evidence"), (*base, "evidence"), problem)
        if host is None or reason is None:
            continue
        if host in seen:
            problem(
                (*base, "host"),
                f"host '{host}' is listed twice (first in entry {seen[host] + 1})",
                "merge the two entries",
            )
            continue
        seen[host] = index
        line = positions.of_value(base).line
        rules.append(BlockRule(host, " ".join(reason.split()), evidence, line))
    if problems:
        raise PolicyError(problems)
    return Policy(tuple(rules), shown)


def _host(value: object, path: Path, problem: _Complain) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problem(path, "missing 'host'", "write the host name, e.g. 'host: x.com'")
        return None
    host = value.strip().lower()
    if "/" in host or ":" in host:
        fixed = host_of(host if "://" in host else f"https://{host}")
        problem(
            path,
            f"'{value}' is not a bare host name",
            f"write only the host, e.g. '{fixed or 'x.com'}' (subdomains are included)",
        )
        return None
    if not _HOST.match(host):
        problem(path, f"'{value}' is not a valid host name", "write e.g. 'medium.com'")
        return None
    return host


def _evidence(value: object, path: Path, problem: _Complain) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        problem(path, "'evidence' must be a URL or a list of URLs", "e.g. '- https://…'")
        return ()
    for item in items:
        if reason := url_problem(item):
            problem(path, f"evidence URL {reason}", "link the issue or thread that shows it")
    return tuple(items)
