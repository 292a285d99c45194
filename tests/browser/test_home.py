"""The home page against the data file: scoreboard counts and one spec-table row per claim."""

from __future__ import annotations

from typing import cast

from claimsite.datafile.catalog import Catalog
from tests.browser.conftest import Browsing
from tests.browser.helpers import in_viewport


def test_scoreboard_counts_equal_the_data(browsing: Browsing, catalog: Catalog) -> None:
    page = browsing.open()
    counts = catalog.status_counts()
    shown = {
        status.id: page.locator(
            f'.cs-scoreboard li.cs-score[data-status="{status.id}"] .cs-score__count'
        ).inner_text()
        for status in catalog.data.statuses
    }
    assert shown == {status.id: str(counts.get(status.id, 0)) for status in catalog.data.statuses}
    total = page.locator(".cs-scoreboard .cs-score__total .cs-score__count").inner_text()
    assert total == str(len(catalog.data.claims))


def test_every_claim_has_a_row_with_its_badge(browsing: Browsing, catalog: Catalog) -> None:
    page = browsing.open()
    rows = cast(
        list[list[str]],
        page.locator(".cs-spec-table tr[data-claim]").evaluate_all(
            """rows => rows.map(row => [
                row.dataset.claim,
                row.querySelector('.cs-status .cs-badge')?.textContent.trim() ?? ''
            ])"""
        ),
    )
    badges: dict[str, set[str]] = {}
    for claim_id, badge in rows:
        badges.setdefault(claim_id, set()).add(badge)
    expected = {claim.id: {catalog.statuses[claim.status].label} for claim in catalog.data.claims}
    assert badges == expected


def test_citation_number_scrolls_to_its_reference_and_back(browsing: Browsing) -> None:
    page = browsing.open(height=500)
    citation = page.locator(".cs-spec-table sup.cs-cite").first
    back_anchor = citation.get_attribute("id")
    target = citation.locator("a").get_attribute("href")
    assert back_anchor and target and target.startswith("#ref-")
    reference = page.locator(target)
    assert not in_viewport(reference), "the reference should start off screen for this test"
    citation.locator("a").click()
    page.wait_for_url(f"**{target}")
    assert in_viewport(reference)
    assert reference.evaluate("el => el.matches(':target')")
    back = reference.locator(f'.cs-backlinks a[href="#{back_anchor}"]')
    back.click()
    page.wait_for_url(f"**#{back_anchor}")
    assert in_viewport(page.locator(f"#{back_anchor}"))
