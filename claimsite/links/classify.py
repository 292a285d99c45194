"""What one lychee result means for an editor: ok, dead, blocked, rate-limited, …

Only a result that proves the page is gone counts as dead: 404 or 410, or a host name that does
not exist or refuses connections, after lychee's retries. Anything a checker can cause by being
a checker (403, 999, 429, time-outs, server errors) gets its own name, so that the run does not
cry wolf.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from claimsite.links.lychee import LycheeResult
from claimsite.links.outcomes import Outcome
from claimsite.links.policy import host_of

DEAD_CODES = frozenset({404, 410})
BLOCKED_CODES = frozenset({401, 403, 999})
"""403 and 401 from bot walls and Cloudflare challenges; 999 is LinkedIn's "request denied"."""

_DNS_WORDS = (
    "dns resolution failed",
    "failed to lookup address",
    "name or service not known",
    "nodename nor servname",
    "no such host",
)
_TEMPORARY_DNS = "temporarily unavailable"
_REFUSED_WORDS = ("connection refused",)
_TIMEOUT_WORDS = ("timed out", "timeout")
_REDIRECT_WORDS = ("too many redirects", "redirect loop")
_CONNECT_WORDS = (
    "connection failed",
    "network unreachable",
    "no route to host",
    "connection reset",
    "connection closed",
    "connection broken",
)

Resolver = Callable[[str], bool | None]
"""Does a host name exist? True, False (the resolver says no such name), None (unknown)."""


@dataclass(frozen=True)
class Verdict:
    """What one URL came to, and what an editor reads next to it."""

    outcome: Outcome
    detail: str
    """Why, in a few words: the status line, the error, the redirect target."""
    code: int | None = None
    """The last HTTP status, when a server answered."""
    final_url: str | None = None
    """Where the redirects ended, when there were any."""


def is_local(url: str) -> bool:
    """Loopback addresses answer (or refuse) whether or not the machine is online."""
    host = host_of(url)
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def answered(result: LycheeResult) -> bool:
    """Did a server answer at all (any HTTP status)? Proof that the network works."""
    return result.bucket == "success" or result.code is not None


def classify(result: LycheeResult, network_proven: bool, resolver: Resolver) -> Verdict:
    """The outcome of one URL. ``network_proven``: some other host answered in this run."""
    if result.bucket == "success":
        final = result.final_url
        if final and final != result.checked:
            hops = len(result.redirects)
            noun = "redirect" if hops == 1 else "redirects"
            return Verdict(Outcome.REDIRECTED, f"{hops} {noun} to {final}", result.code, final)
        return Verdict(Outcome.OK, result.text or "OK", result.code)
    if result.bucket == "timeout":
        return Verdict(Outcome.TIMEOUT, "timed out after lychee's retries", result.code)
    if result.bucket in ("excluded", "unsupported"):
        return Verdict(Outcome.SKIPPED, f"not checked: {result.message or result.bucket}")
    if result.code is not None:
        return _by_status(result)
    return _by_message(result, network_proven, resolver)


def _by_status(result: LycheeResult) -> Verdict:
    code = result.code
    assert code is not None
    text = result.text.removeprefix("Rejected status code: ") or str(code)
    if code in DEAD_CODES:
        return Verdict(Outcome.DEAD, text, code)
    if code in BLOCKED_CODES:
        return Verdict(
            Outcome.BLOCKED,
            f"{text}: the host refuses the checker; if it always does, add it to the policy "
            "file and give its sources an archive_url",
            code,
        )
    if code == 429:
        return Verdict(Outcome.RATE_LIMITED, f"{text}, still after lychee's retries", code)
    if code == 408:
        return Verdict(Outcome.TIMEOUT, text, code)
    if 300 <= code < 400:
        urls = [hop for hop, _ in result.redirects]
        looped = len(set(urls)) < len(urls) or result.url in urls
        what = "redirect loop" if looped else "too many redirects"
        return Verdict(
            Outcome.REDIRECT_LOOP, f"{what} ({len(urls)} hops, last answer {code})", code
        )
    if 500 <= code < 600:
        return Verdict(Outcome.SERVER_ERROR, text, code)
    if 400 <= code < 500:
        return Verdict(Outcome.CLIENT_ERROR, text, code)
    return Verdict(Outcome.ERROR, text, code)


def _by_message(result: LycheeResult, network_proven: bool, resolver: Resolver) -> Verdict:
    message = result.message
    lower = f"{result.text} {result.details}".lower()
    authoritative = network_proven or is_local(result.checked)
    if any(word in lower for word in _REDIRECT_WORDS):
        return Verdict(Outcome.REDIRECT_LOOP, message)
    if any(word in lower for word in _REFUSED_WORDS):
        if authoritative:
            return Verdict(Outcome.DEAD, "connection refused")
        return Verdict(Outcome.UNREACHABLE, message)
    if any(word in lower for word in _TIMEOUT_WORDS):
        return Verdict(Outcome.TIMEOUT, message)
    if _TEMPORARY_DNS in lower:
        return Verdict(Outcome.UNREACHABLE, message)
    if any(word in lower for word in (*_DNS_WORDS, *_CONNECT_WORDS)):
        if authoritative and not is_local(result.checked):
            host = host_of(result.checked)
            if resolver(host) is False:
                return Verdict(Outcome.DEAD, f"DNS: host name '{host}' does not exist")
        return Verdict(Outcome.UNREACHABLE, message)
    if result.bucket == "error":
        return Verdict(Outcome.ERROR, message or "error")
    return Verdict(Outcome.ERROR, f"{result.bucket}: {message}".strip(": "))


def missing_result() -> Verdict:
    return Verdict(
        Outcome.ERROR,
        "lychee returned no result for this address (it may not read it as a URL); check "
        "the spelling",
    )


def host_exists(host: str, timeout: float = 10.0) -> bool | None:
    """Ask the system resolver; only a definite "no such name" gives False.

    The lookup runs in a daemon thread so that a hanging resolver cannot hold the run past
    ``timeout`` (or keep the process alive at exit).
    """
    if not host:
        return None
    answer: list[bool | None] = []

    def lookup() -> None:
        try:
            socket.getaddrinfo(host, None)
            answer.append(True)
        except socket.gaierror as error:
            answer.append(False if error.errno == socket.EAI_NONAME else None)
        except (OSError, UnicodeError):
            answer.append(None)

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(timeout)
    return answer[0] if answer else None
