"""The built timeline: a heading per year and month in the table of contents, and a badge
beside every claim an event mentions."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog
from tests.site_build import ROOT, real_site


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "claims.yaml")


@pytest.fixture(scope="module")
def timeline() -> BeautifulSoup:
    html = (real_site() / "timeline" / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_years_and_months_are_in_the_table_of_contents(
    catalog: Catalog, timeline: BeautifulSoup
) -> None:
    toc = [
        str(link["href"])
        for link in timeline.select(
            ".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link[href^='#timeline-']"
        )
    ]
    expected: list[str] = []
    for event in catalog.events:
        for anchor in (f"#timeline-{event.date.year}", f"#timeline-{event.date:%Y-%m}"):
            if anchor not in expected:
                expected.append(anchor)
    assert toc == expected
    for anchor in expected:
        heading = timeline.find(id=anchor[1:])
        assert heading is not None and heading.name in ("h2", "h3")


def test_every_mentioned_claim_has_its_badge(catalog: Catalog, timeline: BeautifulSoup) -> None:
    events = timeline.select("li.cs-event")
    assert len(events) == len(catalog.events)
    for item, event in zip(events, catalog.events, strict=True):
        shown = [
            (str(li.a["href"]).rstrip("/").rsplit("/", 1)[-1] if li.a else "", badge.get_text())
            for li in item.select(".cs-event__claims li")
            for badge in li.select(".cs-badge")
        ]
        assert shown == [
            (claim_id, catalog.statuses[catalog.claims[claim_id].status].label)
            for claim_id in event.claims
        ]
