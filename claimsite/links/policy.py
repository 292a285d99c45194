"""The reviewed list of hosts that refuse link checkers.

Some hosts answer every automated request with 403, 999, a login wall or a redirect loop, so
a check of their live URLs says nothing. Rather than accepting 403 everywhere, each such host
is listed here with the reason it is on the list; a source on one of them must carry an
``archive_url``, which is checked in its place.

The file is read like the data file: typed models (unknown keys are errors, with a
did-you-mean), and every problem reported at its ``file:line:col``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from claimsite.datafile.checks import url_problem
from claimsite.datafile.loader import located, validate_model
from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import parse_document, positions_of
from claimsite.errors import DataFileError, Problem
from claimsite.links import DEFAULT_POLICY

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
_MIN_REASON = 10


def _invalid(kind: str, message: str, hint: str, **values: str) -> PydanticCustomError:
    """A validation error whose message (``{name}`` filled from ``values``) and fix reach the
    editor as written (see :mod:`claimsite.datafile.model_errors`)."""
    return PydanticCustomError(kind, message, {**values, "hint": hint})


def _bare_host(value: str) -> str:
    host = value.strip().lower()
    if "/" in host or ":" in host:
        fixed = host_of(host if "://" in host else f"https://{host}") or "x.com"
        fix = f"write only the host, e.g. '{fixed}' (subdomains are included)"
        raise _invalid("bare_host", "'{value}' is not a bare host name", fix, value=value)
    if not _HOST.match(host):
        fix = "write e.g. 'medium.com'"
        raise _invalid("host_name", "'{value}' is not a valid host name", fix, value=value)
    return host


def _reasoned(value: str) -> str:
    reason = " ".join(value.split())
    if len(reason) < _MIN_REASON:
        fix = "say what the host answers to checkers (403, 999, login wall…) so a reviewer can "
        fix += "judge the entry; a blanket exception is not allowed"
        raise _invalid("short_reason", "the reason is too short", fix)
    return reason


def _evidence_url(value: str) -> str:
    if problem := url_problem(value):
        fix = "link the issue or thread that shows it"
        raise _invalid("evidence_url", "evidence URL {problem}", fix, problem=problem)
    return value


def _as_list(value: object) -> object:
    """One URL may be written without a list around it."""
    return [value] if isinstance(value, str) else value


HostName = Annotated[str, AfterValidator(_bare_host)]
Reason = Annotated[str, AfterValidator(_reasoned)]
EvidenceUrl = Annotated[str, AfterValidator(_evidence_url)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class BlockRule(_Model):
    """A host (and its subdomains) whose live URLs are not checked."""

    host: HostName
    """Bare host name, e.g. ``x.com``; subdomains are included."""
    reason: Reason
    """What the host answers to checkers (403, 999, login wall…), for reviewers."""
    evidence: Annotated[tuple[EvidenceUrl, ...], BeforeValidator(_as_list)] = ()
    """Public threads showing it."""

    @property
    def summary(self) -> str:
        """The reason's first sentence, for one-line reports."""
        return self.reason.split(". ")[0].rstrip(".")

    def matches(self, host: str) -> bool:
        return host == self.host or host.endswith("." + self.host)


class Policy(_Model):
    """The policy file: ``blocking_hosts``, a list of :class:`BlockRule`."""

    blocking_hosts: tuple[BlockRule, ...] = ()

    @property
    def rules(self) -> tuple[BlockRule, ...]:
        return self.blocking_hosts

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
    """Read and validate the policy file; raise :class:`DataFileError` listing every problem."""
    shown = str(path)
    missing = f"run from the repository root (it holds {DEFAULT_POLICY}) or pass --policy FILE"
    raw, root = parse_document(read_text(path, missing_hint=missing), shown)
    policy = validate_model(Policy, {} if raw is None else raw, root, shown)
    repeated = list(_repeated_hosts(policy))
    if repeated:
        raise DataFileError(located(repeated, raw, shown, positions_of(root)))
    return policy


def _repeated_hosts(policy: Policy) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, rule in enumerate(policy.rules):
        earlier = first.setdefault(rule.host, index)
        if earlier != index:
            yield Problem(
                ("blocking_hosts", index, "host"),
                f"host '{rule.host}' is listed twice (first in entry {earlier + 1})",
                "merge the two entries",
            )
