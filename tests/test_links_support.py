"""Helpers for the link-check tests: a fault-injecting loopback HTTP server and small data files.

No tests live here. The server binds loopback addresses only (127.0.0.1, 127.0.0.2, …: all of
127.0.0.0/8 answers on Linux), so nothing ever leaves the machine.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claimsite.cli import main
from tests.loopback import STALL_SECONDS, LoopbackServer, QuietHandler

ARCHIVE = "https://web.archive.org/web/20250101000000/"


class _Handler(QuietHandler):
    """Answers by path: /ok, /404, /r301 → … → /ok, /loop-a ↔ /loop-b, /429-once, /stall, …"""

    server: LoopbackServer[FaultServer]

    def do_HEAD(self) -> None:
        if self.path.startswith("/head405"):
            self._send(405)
        else:
            self.do_GET()

    def do_GET(self) -> None:
        fault = self.server.owner
        host = self.server.server_address[0]
        hits = fault.hit(str(host), self.path)
        path = self.path
        if path == "/ok" or path.startswith(("/archive/", "/head405", "/page")):
            self._send(200)
        elif path in ("/404", "/410", "/403", "/999", "/500"):
            self._send(int(path[1:]))
        elif path in ("/r301", "/r302", "/r307", "/r308"):
            following = {"/r301": "/r302", "/r302": "/r307", "/r307": "/r308", "/r308": "/ok"}
            self._send(int(path[2:]), [("Location", following[path])])
        elif path.startswith("/single"):
            # /single301 … /single308: one redirect of that kind straight to /ok
            self._send(int(path.removeprefix("/single")), [("Location", "/ok")])
        elif path in ("/loop-a", "/loop-b"):
            self._send(302, [("Location", "/loop-b" if path == "/loop-a" else "/loop-a")])
        elif path == "/429-once":
            self._send(429 if hits == 1 else 200, [("Retry-After", "1")] if hits == 1 else [])
        elif path == "/429-always":
            self._send(429, [("Retry-After", "1")])
        elif path == "/503-once":
            self._send(503 if hits == 1 else 200)
        elif path == "/503-always":
            self._send(503)
        elif path == "/stall":
            # wait far past the client's timeout; the test's teardown cuts this short
            fault.stopping.wait(STALL_SECONDS)
        else:
            self._send(404)

    def _send(self, code: int, headers: Sequence[tuple[str, str]] = ()) -> None:
        self.reply(code, b"<html><body>test page</body></html>", headers)


@dataclass
class FaultServer:
    """One HTTP server per loopback address, all answering the same fault routes."""

    hosts: Sequence[str] = ("127.0.0.1",)
    stopping: threading.Event = field(default_factory=threading.Event)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _servers: dict[str, LoopbackServer[FaultServer]] = field(default_factory=dict)

    def start(self) -> None:
        for host in self.hosts:
            self._servers[host] = LoopbackServer(host, _Handler, self)
            self._servers[host].start()

    def stop(self) -> None:
        self.stopping.set()
        for server in self._servers.values():
            server.stop()

    def hit(self, host: str, path: str) -> int:
        with self._lock:
            self.hits[(host, path)] += 1
            return self.hits[(host, path)]

    def count(self, path: str, host: str = "127.0.0.1") -> int:
        with self._lock:
            return self.hits[(host, path)]

    def port(self, host: str = "127.0.0.1") -> int:
        return self._servers[host].port

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port(host)}{path}"


@contextmanager
def fault_server(hosts: Sequence[str] = ("127.0.0.1",)) -> Iterator[FaultServer]:
    server = FaultServer(hosts)
    try:
        server.start()
    except OSError as error:
        server.stop()
        pytest.skip(f"cannot bind loopback addresses {hosts}: {error}")
    try:
        yield server
    finally:
        server.stop()


def refused_url() -> str:
    """A loopback address with nothing listening: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


@dataclass(frozen=True)
class Src:
    """A source for a test data file."""

    id: str
    url: str
    archive_url: str | None = None
    url_status: str = "live"


def data_head(subject: str) -> list[str]:
    """The lines of a small data file before its sources: meta, one status, one category."""
    return [
        "meta:",
        f"  subject: {subject}",
        "  publisher: Test Desk",
        "",
        "statuses:",
        "  - id: unverified",
        "    label: Unverified",
        "    definition: No evidence either way.",
        '    colour: "#6b7280"',
        "    verdict: false",
        "",
        "categories:",
        "  - id: misc",
        "    title: Misc",
        "    description: Everything.",
        "",
        "sources:",
    ]


def data_text(sources: Sequence[Src], explanation: str = "") -> str:
    """A small data file, valid per the models: one claim per source, citing it."""
    lines = data_head("Link test")
    for source in sources:
        lines += [
            f"  - id: {source.id}",
            f"    title: Source {source.id}",
            "    publisher: Somebody",
            f"    url: {source.url}",
            "    accessed: 2025-01-01",
            "    kind: blog",
        ]
        if source.archive_url:
            lines.append(f"    archive_url: {source.archive_url}")
        if source.url_status != "live":
            lines.append(f"    url_status: {source.url_status}")
    lines += ["", *claims_citing([source.id for source in sources], explanation)]
    return "\n".join(lines) + "\n"


def claims_citing(source_ids: Sequence[str], explanation: str = "") -> list[str]:
    """A ``claims:`` section with one unverified claim (``claim-ID``) per source; the first
    has ``explanation`` (Markdown) when one is given."""
    lines = ["claims:"]
    for index, source_id in enumerate(source_ids):
        lines += [
            f"  - id: claim-{source_id}",
            "    category: misc",
            f"    spec: Spec {source_id}",
            "    claimed:",
            "      text: Something",
            f"      sources: [{source_id}]",
            "    status: unverified",
            "    conclusion: Nobody knows.",
        ]
        if explanation and index == 0:
            lines += ["    explanation: |", *(f"      {line}" for line in explanation.splitlines())]
    return lines


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the data file")


def write_config(
    directory: Path, server: FaultServer, timeout: int = 2, remap_all: bool = False
) -> Path:
    """A lychee configuration for the fault server: short timeouts, loopback included,
    archive URLs (with ``remap_all``: every URL) remapped to the server's /archive/ route."""
    path = directory / "lychee-test.toml"
    archive = server.url("/archive/")
    remapped = "^https?://(.*)$" if remap_all else "^https://web\\\\.archive\\\\.org/web/(.*)$"
    path.write_text(
        "\n".join(
            [
                f"timeout = {timeout}",
                "max_retries = 1",
                "retry_wait_time = 1",
                "max_redirects = 10",
                "max_concurrency = 16",
                "host_concurrency = 8",
                'host_request_interval = "0ms"',
                'accept = ["200..=299"]',
                "exclude_loopback = false",
                "cache = false",
                f'remap = ["{remapped} {archive}$1"]',
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def write_policy(directory: Path, hosts: Sequence[str] = ("127.0.0.2",)) -> Path:
    path = directory / "policy.yaml"
    entries = [
        f"  - host: {host}\n    reason: Test host that refuses every checker (fault server).\n"
        for host in hosts
    ]
    path.write_text("blocking_hosts:\n" + "".join(entries), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float


def run_links(
    capsys: pytest.CaptureFixture[str],
    data: Path,
    config: Path,
    policy: Path,
    *extra: str,
) -> Run:
    """``python -m claimsite links`` in-process, with the test's lychee config and policy."""
    options = ["--config", str(config), "--policy", str(policy), "--recheck-wait", "0.2"]
    return run_cli(capsys, ["links", str(data), *options, "--max-time", "60", *extra])


def run_cli(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> Run:
    """``python -m claimsite ARGV`` in-process: exit code, output and how long it took."""
    capsys.readouterr()
    started = time.monotonic()
    code = main(list(argv))
    seconds = time.monotonic() - started
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err, seconds)
