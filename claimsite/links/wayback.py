"""A small, polite client for the Wayback Machine: the availability API and Save Page Now.

Polite means: requests to one endpoint are spaced by a fixed interval, 429 and 5xx answers are
retried after the ``Retry-After`` the service sends (or an exponential back-off), every wait is
capped, and the client gives up after a bounded number of tries or when the run's deadline
comes. It uses the standard library's HTTP client, so nothing here needs a new dependency.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_API = "https://archive.org"
"""Where the availability API lives: ``{api}/wayback/available``."""
DEFAULT_SAVE = "https://web.archive.org"
"""Where Save Page Now lives: ``{save}/save/{url}``."""
USER_AGENT = "claimsite-archive/0.1 (+https://github.com/example/r2-claims)"
_MAX_BODY = 1_000_000
"""The availability answer is a few hundred bytes; more than this is not it."""
_TIMESTAMP = re.compile(r"^\d{14}$")
_SNAPSHOT_PATH = re.compile(r"^/web/(\d{14})[a-z_]*/(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Limits:
    """How hard the client may push the service, and when it gives up."""

    timeout: float = 20.0
    """Seconds one lookup may take without an answer."""
    save_timeout: float = 120.0
    """Seconds one capture may take (Save Page Now loads the page before it answers)."""
    interval: float = 1.0
    """Least seconds between two lookups."""
    save_interval: float = 10.0
    """Least seconds between two capture requests (anonymous captures are rate-limited)."""
    retries: int = 3
    """Further tries after a 429, a 5xx, a time-out or a dropped connection."""
    backoff: float = 2.0
    """First wait when the service gives no Retry-After; doubled on each further try."""
    max_wait: float = 60.0
    """Longest single wait; a Retry-After beyond it means: stop for today."""
    max_time: float = 1800.0
    """The whole run; what is left when it is spent waits for the next run."""
    max_saves: int = 25
    """Capture requests per run at most; the rest wait for the next run."""

    def __post_init__(self) -> None:
        if min(self.timeout, self.save_timeout, self.max_time) <= 0:
            raise ValueError("--timeout, --save-timeout and --max-time must be more than 0")
        if min(self.interval, self.save_interval, self.backoff, self.max_wait) < 0:
            raise ValueError("--interval, --save-interval, --backoff and --max-wait must be ≥ 0")
        if min(self.retries, self.max_saves) < 0:
            raise ValueError("--retries and --max-saves must be ≥ 0")


class Failure(StrEnum):
    """Why a request got no usable answer."""

    UNREACHABLE = "unreachable"
    """No connection at all (no network, DNS failure, refused): the service is out of reach."""
    RATE_LIMITED = "rate-limited"
    """429 after every try, or a Retry-After longer than the client may wait."""
    SERVER_ERROR = "server error"
    TIMEOUT = "timeout"
    BAD_ANSWER = "bad answer"
    """An answer that is not what the API documents (malformed JSON, unexpected status)."""
    OUT_OF_TIME = "out of time"
    """The run's deadline came before this request could be made."""


STOPS_THE_RUN = frozenset({Failure.UNREACHABLE, Failure.RATE_LIMITED, Failure.OUT_OF_TIME})
"""After these, further requests to the same service would fail the same way (or be rude)."""


class WaybackError(Exception):
    def __init__(self, failure: Failure, detail: str) -> None:
        super().__init__(detail)
        self.failure = failure
        self.detail = detail


@dataclass(frozen=True)
class Snapshot:
    """One capture the availability API named."""

    url: str
    timestamp: str
    status: int | None

    @property
    def date(self) -> dt.date:
        return dt.date(int(self.timestamp[:4]), int(self.timestamp[4:6]), int(self.timestamp[6:8]))

    @property
    def usable(self) -> bool:
        """Only a capture of a page that answered 2xx shows the cited page."""
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class _Answer:
    status: int
    retry_after: str | None
    body: bytes


@dataclass(frozen=True)
class _Miss:
    """A try without a usable answer."""

    failure: Failure
    detail: str
    wait: float = 0.0
    retry: bool = True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Save Page Now may redirect to the new capture; the capture itself is not needed."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


Clock = Callable[[], float]
Sleep = Callable[[float], None]


@dataclass
class WaybackClient:
    api: str = DEFAULT_API
    save_base: str = DEFAULT_SAVE
    limits: Limits = field(default_factory=Limits)
    clock: Clock = time.monotonic
    sleep: Sleep = time.sleep
    reached: bool = False
    """Was a connection to the service ever made? If not, the network (or service) is down."""
    _started: float = field(init=False)
    _next: dict[str, float] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._started = self.clock()
        self._follow = urllib.request.build_opener()
        self._no_follow = urllib.request.build_opener(_NoRedirect())

    @property
    def deadline(self) -> float:
        return self._started + self.limits.max_time

    def lookup(self, url: str, near: dt.date) -> Snapshot | None:
        """The capture closest to ``near``, or None when the archive holds none."""
        query = urllib.parse.urlencode({"url": url, "timestamp": near.strftime("%Y%m%d")})
        address = f"{self.api.rstrip('/')}/wayback/available?{query}"
        answer = self._request("lookup", address, self.limits.timeout, self.limits.interval)
        return parse_availability(answer.body)

    def save(self, url: str) -> None:
        """Ask for a capture of ``url``; returns when the service has accepted the request."""
        address = f"{self.save_base.rstrip('/')}/save/{_quote_target(url)}"
        self._request(
            "save", address, self.limits.save_timeout, self.limits.save_interval, follow=False
        )

    def _request(
        self, kind: str, address: str, timeout: float, interval: float, follow: bool = True
    ) -> _Answer:
        """GET with pacing, retries and back-off; raises :class:`WaybackError` on giving up."""
        limits = self.limits
        attempt = 0
        while True:
            self._pace(kind, interval)
            outcome = self._attempt(address, timeout, follow, attempt)
            if isinstance(outcome, _Answer):
                return outcome
            attempt += 1
            if not outcome.retry or attempt > limits.retries:
                tries = f" (after {attempt} tries)" if attempt > 1 else ""
                raise WaybackError(outcome.failure, outcome.detail + tries)
            if outcome.wait > limits.max_wait:
                raise WaybackError(
                    outcome.failure,
                    f"{outcome.detail}; the service asks for {outcome.wait:g} s, more than "
                    f"--max-wait {limits.max_wait:g} s",
                )
            self._wait_until(self.clock() + outcome.wait, outcome.detail)

    def _attempt(self, address: str, timeout: float, follow: bool, attempt: int) -> _Answer | _Miss:
        """One try: the answer, or why there is none and how long to wait before the next."""
        backoff = self.limits.backoff * 2**attempt
        remaining = self.deadline - self.clock()
        if remaining <= 0:
            raise WaybackError(Failure.OUT_OF_TIME, "the run's time limit was reached")
        try:
            answer = self._get(address, min(timeout, remaining), follow)
        except _NoConnection as error:
            return _Miss(Failure.UNREACHABLE, str(error), retry=False)
        except TimeoutError:
            self.reached = True
            return _Miss(Failure.TIMEOUT, f"no answer within {timeout:g} s", backoff)
        except _Dropped as error:
            self.reached = True
            return _Miss(Failure.SERVER_ERROR, str(error), backoff)
        self.reached = True
        status = answer.status
        if status == 429 or 500 <= status < 600:
            failure = Failure.RATE_LIMITED if status == 429 else Failure.SERVER_ERROR
            asked = retry_after(answer.retry_after, self._now())
            return _Miss(failure, f"answered {status}", backoff if asked is None else asked)
        if not 200 <= status < 400:
            return _Miss(Failure.BAD_ANSWER, f"answered {status}", retry=False)
        return answer

    def _get(self, address: str, timeout: float, follow: bool) -> _Answer:
        request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
        opener = self._follow if follow else self._no_follow
        try:
            with opener.open(request, timeout=timeout) as response:
                return _Answer(
                    response.status, response.headers.get("Retry-After"), response.read(_MAX_BODY)
                )
        except urllib.error.HTTPError as error:
            with error:
                return _Answer(error.code, error.headers.get("Retry-After"), b"")
        except urllib.error.URLError as error:
            # urllib wraps failures before the request is sent (DNS, connect, TLS) only
            raise _NoConnection(f"cannot connect: {_reason(error.reason)}") from None
        except (http.client.HTTPException, ConnectionError) as error:
            raise _Dropped(f"connection dropped without an answer ({_reason(error)})") from None
        except OSError as error:
            if isinstance(error, TimeoutError):
                raise
            raise _NoConnection(f"cannot connect: {_reason(error)}") from None

    def _pace(self, kind: str, interval: float) -> None:
        """Keep at least ``interval`` seconds between two requests of one kind."""
        self._wait_until(self._next.get(kind, 0.0), "pacing")
        self._next[kind] = self.clock() + interval

    def _wait_until(self, moment: float, why: str) -> None:
        if moment > self.deadline:
            raise WaybackError(
                Failure.OUT_OF_TIME, f"the run's time limit would pass while waiting ({why})"
            )
        delay = moment - self.clock()
        if delay > 0:
            self.sleep(delay)

    @staticmethod
    def _now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class _NoConnection(Exception):
    pass


class _Dropped(Exception):
    pass


def _reason(error: object) -> str:
    text = str(getattr(error, "strerror", None) or error)
    return text or type(error).__name__


def _quote_target(url: str) -> str:
    """The URL as Save Page Now's path expects it: as written, non-ASCII percent-encoded."""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max((moment - now).total_seconds(), 0.0)


def parse_availability(body: bytes) -> Snapshot | None:
    """The closest snapshot in an availability answer; :class:`WaybackError` if malformed."""
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WaybackError(Failure.BAD_ANSWER, f"the answer is not JSON ({error})") from None
    snapshots = document.get("archived_snapshots") if isinstance(document, dict) else None
    if not isinstance(snapshots, dict):
        raise WaybackError(Failure.BAD_ANSWER, "the answer has no 'archived_snapshots'")
    closest = snapshots.get("closest")
    if closest is None:
        return None
    if not isinstance(closest, dict):
        raise WaybackError(Failure.BAD_ANSWER, "'closest' is not an object")
    if closest.get("available") is not True:
        return None
    url, timestamp = closest.get("url"), closest.get("timestamp")
    if not isinstance(url, str) or not isinstance(timestamp, str):
        raise WaybackError(Failure.BAD_ANSWER, "the snapshot has no url or timestamp")
    address = snapshot_address(url, timestamp)
    status = closest.get("status")
    code = int(status) if isinstance(status, str | int) and str(status).isdigit() else None
    return Snapshot(address, timestamp, code)


def snapshot_address(url: str, timestamp: str) -> str:
    """The snapshot's address as readers should get it: https, on web.archive.org.

    The API answers with ``http://web.archive.org/web/<timestamp>/<url>``; anything else is not
    a Wayback snapshot and is refused rather than written into the data.
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    match = _SNAPSHOT_PATH.match(path)
    valid = (
        _TIMESTAMP.match(timestamp)
        and parts.scheme in ("http", "https")
        and parts.hostname == "web.archive.org"
        and match is not None
        and match.group(1) == timestamp
        and _valid_date(timestamp)
    )
    if not valid:
        raise WaybackError(
            Failure.BAD_ANSWER,
            f"the snapshot address {url!r} (timestamp {timestamp!r}) is not a Wayback "
            "Machine capture",
        )
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"https://web.archive.org{path}{fragment}"


def _valid_date(timestamp: str) -> bool:
    try:
        dt.datetime.strptime(timestamp, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True
