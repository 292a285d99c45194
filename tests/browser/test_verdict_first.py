"""What a reader sees first on a phone: the finding with its date, and every verdict without
sideways scrolling; and table words that never break mid-word at any width."""

from __future__ import annotations

from typing import cast

import pytest

from claimsite.datafile.catalog import Catalog
from tests.browser.conftest import Browsing
from tests.browser.helpers import box, horizontal_overflow, richest_claim, words_broken_across_lines

PHONE = (375, 740)
MAX_GAP_UNDER_H1 = 24
"""Pixels between the H1 and the finding: more is a blank band a reader scrolls past."""


def test_phone_shows_the_finding_its_date_and_every_verdict(
    browsing: Browsing, catalog: Catalog
) -> None:
    width, height = PHONE
    page = browsing.open(width=width, height=height)
    h1, finding = box(page.locator("h1")), box(page.locator(".cs-finding"))
    as_of = page.locator(".cs-finding time.cs-as-of")
    assert as_of.get_attribute("datetime") == catalog.as_of.isoformat()
    assert finding["bottom"] <= height and box(as_of)["bottom"] <= height, "above the fold"
    assert 0 <= finding["top"] - h1["bottom"] <= MAX_GAP_UNDER_H1
    badges = cast(
        list[dict[str, float | str]],
        page.locator(".cs-spec-table tr[data-claim]").evaluate_all(
            """rows => rows.map(row => {
                const b = row.querySelector('.cs-status .cs-badge').getBoundingClientRect();
                return {claim: row.dataset.claim, left: b.left, right: b.right};
            })"""
        ),
    )
    assert len(badges) == len(catalog.data.claims)
    outside = [
        badge["claim"]
        for badge in badges
        if not 0 <= float(badge["left"]) <= float(badge["right"]) <= width
    ]
    assert outside == []
    wrap = page.locator(".cs-table-wrap:has(.cs-spec-table)").first
    scroll, client = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll <= client, "the spec table fits the phone without a sideways scroll"
    assert horizontal_overflow(page) == (width, width)


@pytest.mark.parametrize("width", [PHONE[0], 1280])
def test_no_word_in_a_table_breaks_mid_word(
    browsing: Browsing, catalog: Catalog, width: int
) -> None:
    home = browsing.open(width=width)
    assert words_broken_across_lines(home.locator(".cs-spec-table :is(th, td)")) == []
    claim = browsing.open(browsing.site.urls.claim_url(richest_claim(catalog).id), width=width)
    history = claim.locator(".cs-history :is(th, td)")
    assert history.count() > 0
    assert words_broken_across_lines(history) == []
    assert horizontal_overflow(claim)[0] <= width
    wrap = claim.locator(".cs-table-wrap:has(.cs-history)")
    scroll, client = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll <= client, "the History reads without a sideways scroll"


def test_rows_with_a_confirming_verdict_show_what_is_confirmed(
    browsing: Browsing, catalog: Catalog
) -> None:
    """A status whose rule needs ``actual`` (Verified) never shows "—" in the spec table."""
    confirming = {
        status.id
        for status in catalog.data.statuses
        if status.requires is not None and status.requires.actual
    }
    assert confirming, "the scale has a status that confirms claims"
    page = browsing.open(width=PHONE[0], height=PHONE[1])
    shown = cast(
        dict[str, str],
        page.locator(".cs-spec-table tr[data-claim]").evaluate_all(
            """rows => Object.fromEntries(rows.map(row => [
                row.dataset.claim, row.querySelector('.cs-actual').innerText.trim()
            ]))"""
        ),
    )
    claims = [claim for claim in catalog.data.claims if claim.status in confirming]
    assert claims
    for claim in claims:
        assert claim.actual is not None
        value = shown[claim.id]
        assert value not in ("", "—") and claim.actual.shown() in value, claim.id
        assert f"{claim.actual.as_of:%B %Y}" in value, f"{claim.id}: the value's date"
