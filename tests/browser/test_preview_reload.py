"""The live preview in a real browser: an open page turns into the problem list when the data
breaks, and back into the page by itself when the data is fixed (no manual reload)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from claimsite.render.problem_page import MARKER
from tests.browser.conftest import STEP_TIMEOUT_MS
from tests.preview_server import WAIT_SECONDS, serving
from tests.test_build import make_project

GOOD = "status: contradicted\n    conclusion"
BROKEN = "status: Contradicted\n    conclusion"


def test_an_open_page_shows_the_problems_and_comes_back_after_the_fix(
    browser: Browser, tmp_path: Path
) -> None:
    wait_ms = int(WAIT_SECONDS * 1000)
    with serving(make_project(tmp_path / "site"), tmp_path / "serve.log", "/widget/") as preview:
        context = browser.new_context()
        context.set_default_timeout(STEP_TIMEOUT_MS)
        try:
            page = context.new_page()
            page.goto(preview.base + "claims/weight/", wait_until="load")
            assert "Weight" in page.inner_text("h1")

            preview.edit("data/claims.yaml", GOOD, BROKEN)
            listed = page.wait_for_selector(f"#{MARKER}", timeout=wait_ms)
            assert listed is not None
            assert "unknown status 'Contradicted'" in listed.inner_text()
            assert "did you mean 'contradicted'?" in listed.inner_text()

            preview.edit("data/claims.yaml", BROKEN, GOOD)
            page.wait_for_selector(f"#{MARKER}", state="detached", timeout=wait_ms)
            page.wait_for_selector("h1", timeout=wait_ms)
            assert "Weight" in page.inner_text("h1")
            assert page.url == preview.base + "claims/weight/"
        finally:
            context.close()
