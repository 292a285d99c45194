"""The live preview with a real ``mkdocs serve`` on 127.0.0.1: a broken edit shows its problems
in the browser instead of leaving requests waiting; fixing it brings the site back.

The server runs on a free port, every request and wait is bounded, and the test stops it.
"""

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
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimsite.errors import Problem
from claimsite.render.problem_page import MARKER, problem_page
from tests.conftest import text
from tests.test_build import make_project

REQUEST_SECONDS = 15.0
"""Longest a request may take: a preview with problems answers, it never waits for a fix."""
WAIT_SECONDS = 60.0
"""Longest wait for a rebuild to show up after an edit."""
BROKEN_STATUS = "status: <b>Contradicted</b>\n    conclusion"


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


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    root = make_project(tmp_path / "site")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("watch: [data]\n")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    started = Preview(root, f"http://127.0.0.1:{port}/widget/", log)
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


def shows_problems(page: BeautifulSoup) -> bool:
    return page.find(id=MARKER) is not None


def problems_listed(page: BeautifulSoup) -> list[str]:
    listed = page.find(id=MARKER)
    assert listed is not None
    return [" ".join(item.get_text(" ").split()) for item in listed.find_all("li")]


def test_a_broken_edit_shows_its_problems_and_a_fix_brings_the_site_back(
    preview: Preview,
) -> None:
    assert not shows_problems(preview.get()[1])

    preview.edit("data/claims.yaml", "status: contradicted\n    conclusion", BROKEN_STATUS)
    page = preview.until(shows_problems)
    (problem,) = problems_listed(page)
    assert problem.startswith("data/claims.yaml:")
    assert "unknown status '<b>Contradicted</b>'" in problem, "editor text shown as text"
    assert "Fix: " in problem and "contradicted" in problem
    assert page.find("b") is None, "editor text never becomes markup"
    for path in ("", "methodology/", "claims/weight/", "no-such-page/"):
        assert shows_problems(preview.get(path)[1]), path

    preview.edit("data/claims.yaml", BROKEN_STATUS, "status: contradicted\n    conclusion")
    fixed = preview.until(lambda page: not shows_problems(page), "claims/weight/")
    assert "Weight" in text(fixed.find("h1"))


def test_directive_problems_show_too_and_every_rebuild_prints_them(preview: Preview) -> None:
    preview.edit("docs/index.md", "[[badge weight]]", "[[badge wieght]] and [[no-such-thing]]")
    page = preview.until(shows_problems, "methodology/")
    listed = problems_listed(page)
    assert len(listed) == 2
    assert all(item.startswith("docs/index.md:") for item in listed)
    assert any("wieght" in item and "weight" in item for item in listed)

    first = preview.output().count("unknown directive")
    assert first >= 1
    index = preview.root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8"), encoding="utf-8")  # the same error again
    deadline = time.monotonic() + WAIT_SECONDS
    while preview.output().count("unknown directive") <= first:
        if time.monotonic() > deadline:
            pytest.fail(f"the repeated error was not printed again:\n{preview.output()}")
        time.sleep(0.3)


def test_problem_page_escapes_editor_text() -> None:
    problems = [
        Problem(
            ("claims", 0, "status"),
            "unknown status '<img src=x onerror=alert(1)>'",
            hint="use </ol><script>alert(2)</script>",
            file="data/claims.yaml",
            line=3,
            column=13,
        )
    ]
    page = BeautifulSoup(problem_page(problems, "A <site>"), "html.parser")
    assert page.find("img") is None
    assert len(page.find_all("script")) == 1, "only the page's own reload script"
    assert problems_listed(page) == [
        "data/claims.yaml:3:13 : unknown status '<img src=x onerror=alert(1)>' "
        "(claims[0].status) Fix: use </ol><script>alert(2)</script>"
    ]
    assert page.title is not None and page.title.get_text().endswith("— A <site>")
