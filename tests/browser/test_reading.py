"""How readers use the site: search, dark mode, a phone-sized screen, direct links, privacy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim
from tests.browser.conftest import Browsing
from tests.browser.helpers import horizontal_overflow, painted_colours, search_word

MIN_CONTRAST = 4.5
PHONE = 375


def test_search_finds_a_claim_by_a_word_of_its_conclusion(
    browsing: Browsing, catalog: Catalog
) -> None:
    claim, word = search_word(catalog)
    page = browsing.open()
    page.wait_for_load_state("networkidle")  # the search index has arrived in the worker
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for()
    found = {urlsplit(href).path for href in results.evaluate_all("as => as.map(a => a.href)")}
    assert urlsplit(browsing.site.claim_url(claim.id)).path in found, f"searched for {word!r}"


def test_dark_mode_toggles_and_badges_stay_readable(browsing: Browsing) -> None:
    page = browsing.open()
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    for scheme in ("default", "slate"):
        if scheme == "slate":
            page.locator("label.md-header__button[for^='__palette']:visible").click()
            page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        badges = painted_colours(page.locator(".cs-badge"))
        assert badges, "the home page shows status badges"
        unreadable = [badge for badge in badges if badge.contrast < MIN_CONTRAST]
        assert not unreadable, f"{scheme}: {unreadable}"
    assert body.get_attribute("data-md-color-scheme") == "slate"


@pytest.mark.parametrize("path", ["", "timeline/", "charts/", "methodology/"])
def test_phone_width_has_no_horizontal_overflow(browsing: Browsing, path: str) -> None:
    page = browsing.open(path, width=PHONE, height=812)
    scroll_width, viewport = horizontal_overflow(page)
    assert viewport == PHONE
    assert scroll_width <= viewport


def test_every_claim_page_loads_directly_with_verdict_evidence_and_history(
    browsing: Browsing, catalog: Catalog
) -> None:
    page = browsing.open("404.html")
    for claim in catalog.data.claims:
        page.goto(browsing.site.claim_url(claim.id))
        _shows_the_claim(page, catalog, claim)


def _shows_the_claim(page: Page, catalog: Catalog, claim: Claim) -> None:
    assert page.locator("h1").inner_text() == claim.spec
    verdict = page.locator(".cs-verdict .cs-badge")
    assert verdict.inner_text() == catalog.statuses[claim.status].label
    assert page.locator(".cs-conclusion").inner_text() == claim.conclusion
    headings = page.locator("h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    assert "why-this-verdict" in headings and "evidence" in headings
    if claim.evidence:
        sources = page.locator(".cs-evidence li").evaluate_all(
            "items => items.map(li => li.dataset.source)"
        )
        assert sources == [item.source for item in claim.evidence]
    else:
        assert page.locator(".cs-no-evidence").count() == 1
    history = page.locator("table.cs-history tbody tr")
    assert history.count() == len(claim.history)
    if claim.history:
        assert "history" in headings
        badges = history.locator(".cs-badge").all_inner_texts()
        assert badges == [catalog.statuses[entry.status].label for entry in claim.history]


@pytest.mark.parametrize("path", ["", "charts/", "timeline/", "methodology/", "sources/"])
def test_no_request_leaves_the_site(browsing: Browsing, path: str) -> None:
    """The privacy page promises no third-party requests (fonts, scripts, analytics)."""
    page = browsing.open(path)
    page.wait_for_load_state("networkidle")
    assert browsing.foreign == []
    assert page.locator("link[href*='fonts.googleapis'], script[src^='http']").count() == 0
