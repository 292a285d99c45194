"""A real ``mkdocs serve`` on 127.0.0.1 for tests: a free port, bounded waits, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REQUEST_SECONDS = 15.0
"""Longest a request may take: a preview with problems answers, it never waits for a fix."""
WAIT_SECONDS = 60.0
"""Longest wait for a rebuild to show up after an edit."""


@dataclass
class Preview:
    root: Path
    base: str
    log: Path

    def get(self, path: str = "") -> tuple[int, BeautifulSoup]:
        """One request, answered within REQUEST_SECONDS (a timeout fails the test)."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=REQUEST_SECONDS) as response:
                return response.status, BeautifulSoup(response.read(), "html.parser")
        except urllib.error.HTTPError as error:
            return error.code, BeautifulSoup(error.read(), "html.parser")

    def until(self, wanted: Callable[[BeautifulSoup], bool], path: str = "") -> BeautifulSoup:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            _, page = self.get(path)
            if wanted(page):
                return page
            if time.monotonic() > deadline:
                pytest.fail(f"no such page within {WAIT_SECONDS:g} s; log:\n{self.output()}")
            time.sleep(0.3)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def edit(self, relative: str, before: str, after: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert before in text
        path.write_text(text.replace(before, after, 1), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(root: Path, log: Path, mount: str) -> Iterator[Preview]:
    """``mkdocs serve --strict`` of the site in ``root`` (its data folder watched too), output
    in ``log``, pages under ``mount`` (the path of its ``site_url``); yields once the first page
    answers, and stops the server in any case."""
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("watch: [data]\n")
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    started = Preview(root, f"http://127.0.0.1:{port}{mount}", log)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                started.get()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve did not start:\n{started.output()}")
                time.sleep(0.3)
        yield started
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
