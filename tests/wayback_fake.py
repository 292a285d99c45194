"""A fake Wayback Machine on 127.0.0.1 for the archive tests, and a data file to archive.

No tests live here. The fake answers ``/wayback/available`` and ``/save/<url>`` from a script
of replies per cited URL (the last reply repeats), records every request, and is stopped by
the test (a stalled reply ends when the server stops). Nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.loopback import STALL_SECONDS, LoopbackServer, QuietHandler
from tests.test_links_support import claims_citing, data_head


@dataclass(frozen=True)
class Reply:
    """One answer: an HTTP status, headers and body; ``stall`` answers nothing at all."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    stall: bool = False


def snapshot_url(url: str, timestamp: str) -> str:
    """The address the real API gives a capture: http, web.archive.org, the URL as cited."""
    return f"http://web.archive.org/web/{timestamp}/{url}"


def snapshot(url: str, timestamp: str, status: str = "200") -> Reply:
    closest = {
        "available": True,
        "url": snapshot_url(url, timestamp),
        "timestamp": timestamp,
        "status": status,
    }
    return Reply(body=json.dumps({"archived_snapshots": {"closest": closest}}).encode())


NONE = Reply(body=b'{"archived_snapshots": {}}')
MALFORMED = Reply(body=b'{"archived_snapshots": {"closest": ')
STALL = Reply(stall=True)
CAPTURED = Reply(status=302, headers=(("Location", "/web/20260101000000/x"),))


def status(code: int, retry_after: str | None = None) -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Reply(status=code, body=b"busy", headers=headers)


@dataclass
class Script:
    """What the fake says about one cited URL."""

    lookups: list[Reply] = field(default_factory=lambda: [NONE])
    saves: list[Reply] = field(default_factory=lambda: [CAPTURED])
    capture_timestamp: str = "20261125093000"
    """Once a save succeeds, lookups return a 200 capture with this timestamp…"""
    indexed: bool = True
    """… unless the archive has not indexed it yet."""
    captured: bool = False


@dataclass(frozen=True)
class Request:
    kind: str
    """``lookup`` or ``save``."""
    url: str
    timestamp: str
    at: float


class _Handler(QuietHandler):
    server: LoopbackServer[FakeWayback]

    def do_GET(self) -> None:
        fake = self.server.owner
        parts = urllib.parse.urlsplit(self.path)
        if parts.path == "/wayback/available":
            query = urllib.parse.parse_qs(parts.query)
            url = query.get("url", [""])[0]
            reply = fake.answer("lookup", url, query.get("timestamp", [""])[0])
        elif parts.path.startswith("/save/"):
            url = urllib.parse.unquote(self.path.removeprefix("/save/"))
            reply = fake.answer("save", url, "")
        else:
            reply = Reply(status=404)
        if reply.stall:
            fake.stopping.wait(STALL_SECONDS)
            return
        self.reply(reply.status, reply.body, reply.headers, "application/json")


@dataclass
class FakeWayback:
    """The fake service: ``scripts`` by cited URL, ``default`` for the rest."""

    scripts: dict[str, Script] = field(default_factory=dict)
    default: Callable[[str], Script] = lambda url: Script()
    requests: list[Request] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: LoopbackServer[FakeWayback] | None = None

    def answer(self, kind: str, url: str, timestamp: str) -> Reply:
        with self._lock:
            self.requests.append(Request(kind, url, timestamp, time.monotonic()))
            script = self.scripts.setdefault(url, self.default(url))
            if kind == "lookup" and script.captured:
                return snapshot(url, script.capture_timestamp)
            replies = script.lookups if kind == "lookup" else script.saves
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
            if kind == "save" and 200 <= reply.status < 400 and not reply.stall:
                script.captured = script.indexed
            return reply

    def made(self, kind: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.kind == kind]

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.port}"

    def start(self) -> None:
        self._server = LoopbackServer("127.0.0.1", _Handler, self)
        self._server.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.stop()


@contextmanager
def fake_wayback(
    scripts: dict[str, Script] | None = None, default: Callable[[str], Script] | None = None
) -> Iterator[FakeWayback]:
    fake = FakeWayback(scripts=dict(scripts or {}))
    if default is not None:
        fake.default = default
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@dataclass(frozen=True)
class Cited:
    """A source for the test data file."""

    id: str
    url: str
    accessed: str = "2025-05-01"
    archive: tuple[str, str] | None = None
    """An ``archive_url`` and ``archive_date`` an editor already set."""


def archive_data(sources: Sequence[Cited]) -> str:
    """A small valid data file written the way editors write: comments, quotes, blank lines,
    a comment after ``accessed`` and a field after it, so the diff shows what moved."""
    lines = [
        "# Test data: every comment, quote and blank line here must survive an archive run.",
        *data_head("Archive test"),
        "  # --- the cited pages ---",
    ]
    for source in sources:
        lines += [
            "",
            f"  - id: {source.id}",
            f'    title: "Source {source.id}: a title"',
            "    publisher: Somebody  # who",
            f"    url: {json.dumps(source.url, ensure_ascii=False)}",
            f"    accessed: {source.accessed}   # the day it was read",
        ]
        if source.archive:
            lines += [
                f"    archive_url: {source.archive[0]}",
                f"    archive_date: {source.archive[1]}",
            ]
        lines += ["    kind: blog", "    note: >-", "      Folded note", "      over two lines."]
    lines += ["", *claims_citing([source.id for source in sources])]
    return "\n".join(lines) + "\n"
