"""HTTP servers on loopback addresses for tests: quiet, threaded, started and stopped by the test.

No tests live here. ``tests/test_links_support.py`` (a fault-injecting server for lychee) and
``tests/wayback_fake.py`` (a fake Wayback Machine) build on these.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Generic, TypeVar

STALL_SECONDS = 20.0
"""A stalled reply gives up after this long even if the test forgets to stop the server."""

Owner = TypeVar("Owner")


class LoopbackServer(ThreadingHTTPServer, Generic[Owner]):
    """A server whose handlers reach the test's state through ``owner``."""

    daemon_threads = True

    def __init__(self, host: str, handler: type[BaseHTTPRequestHandler], owner: Owner) -> None:
        super().__init__((host, 0), handler)
        self.owner = owner
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 (keep-alive, like real servers), no request log in the test output."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output clean."""

    def reply(
        self,
        code: int,
        body: bytes,
        headers: Sequence[tuple[str, str]] = (),
        content_type: str = "text/html",
    ) -> None:
        """Send a whole answer; a client that already hung up is not an error."""
        try:
            self.send_response(code)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
