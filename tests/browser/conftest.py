"""The built site in a real browser: a strict build, a local server, Debian's Chromium.

Everything is started here and stopped at the end of the session, bounded in time. Claim ids,
counts and labels always come from ``data/claims.yaml`` (never hard-coded), so the tests keep
checking the site as the data changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog
from claimsite.render.urls import SiteUrls

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "claims.yaml"
CHROMIUM = Path(os.environ.get("CLAIMSITE_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
"""Where the screenshots go, for a person to look at (git-ignored)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Without these Chromium, run as root, refuses to start or keeps calling Google's hosts."""
BUILD_TIMEOUT = 300
STEP_TIMEOUT_MS = 15_000

Scheme = Literal["light", "dark"]


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not write a log line per request into the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class Site:
    root: Path
    base_url: str
    urls: SiteUrls

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def claim_url(self, claim_id: str) -> str:
        return self.url(self.urls.claim_url(claim_id))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DATA)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """``mkdocs build --strict`` into a temporary directory, served on a free local port."""
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"the strict build failed:\n{build.stdout}\n{build.stderr}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(out)))
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield Site(out, f"http://127.0.0.1:{port}/", SiteUrls())
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Browsing:
    """Opens pages in fresh browser contexts and records every request that leaves the site.

    Requests to any other host are blocked (the tests run offline) and listed in ``foreign``.
    """

    browser: Browser
    site: Site
    foreign: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def open(
        self, path: str = "", *, width: int = 1280, height: int = 900, scheme: Scheme = "light"
    ) -> Page:
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            reduced_motion="reduce",
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
        context.route("**/*", self._guard)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(self.site.url(path), wait_until="load")
        return page

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.site.base_url):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def browsing(browser: Browser, site: Site) -> Iterator[Browsing]:
    session = Browsing(browser, site)
    try:
        yield session
    finally:
        session.close()
