"""The Atom feed of verdict changes: one entry per history entry, stable ids, data dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog, validate_text
from claimsite.outputs.feed import ATOM, atom_feed, changes
from claimsite.render.urls import SiteUrls
from tests.site_build import ROOT, real_site

NS = {"atom": ATOM}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "claims.yaml")


@pytest.fixture(scope="module")
def feed() -> ET.Element:
    return ET.parse(real_site() / "feed.xml").getroot()


def text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None and found.text is not None, path
    return found.text


def real_changes(catalog: Catalog) -> list[tuple[str, dt.date, str]]:
    """(claim, day of the evidence, status) of every history entry whose status differs from
    the one before it: entries that repeat a status record a review, not a change."""
    found = []
    for claim in catalog.data.claims:
        previous = None
        for entry in claim.history:
            if entry.status != previous:
                found.append((claim.id, entry.date, entry.status))
            previous = entry.status
    return found


def test_one_entry_per_verdict_change(feed: ET.Element, catalog: Catalog) -> None:
    entries = feed.findall("atom:entry", NS)
    history = real_changes(catalog)
    assert len(entries) == len(history)
    ids = [text(entry, "atom:id") for entry in entries]
    assert len(set(ids)) == len(ids)
    dates = [dt.date.fromisoformat(text(e, "atom:updated")[:10]) for e in entries]
    assert dates == sorted(dates, reverse=True)
    seen = set()
    for entry in entries:
        link = entry.find("atom:link[@rel='alternate']", NS)
        assert link is not None
        claim_id = urlsplit(link.attrib["href"]).path.rstrip("/").rsplit("/", 1)[-1]
        status = entry.find("atom:category", NS)
        assert status is not None
        seen.add(
            (
                claim_id,
                dt.date.fromisoformat(text(entry, "atom:updated")[:10]),
                status.attrib["term"],
            )
        )
    assert seen == set(history)


def test_feed_metadata(feed: ET.Element, catalog: Catalog) -> None:
    assert text(feed, "atom:author/atom:name") == catalog.data.meta.publisher
    assert catalog.data.meta.licence in text(feed, "atom:rights")
    latest = max((h.date for c in catalog.data.claims for h in c.history), default=None)
    if latest is not None:
        assert text(feed, "atom:updated") == f"{latest.isoformat()}T00:00:00Z"
    self_link = feed.find("atom:link[@rel='self']", NS)
    assert self_link is not None and self_link.attrib["href"].endswith("/feed.xml")


def test_every_page_links_the_feed(catalog: Catalog) -> None:
    claim = f"claims/{catalog.data.claims[0].id}/index.html"
    for page in ("index.html", claim, "methodology/index.html"):
        path = real_site() / page
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        links = soup.select('head link[rel="alternate"][type="application/atom+xml"]')
        assert len(links) == 1, page
        target = urljoin(f"https://host/{page}", str(links[0]["href"]))
        assert target == "https://host/feed.xml"


FIXTURE = """
meta: {subject: Widget, publisher: Desk}
statuses:
  - {id: good, label: Good, definition: Fine., colour: "#00aa00"}
  - {id: open, label: Open, definition: Not known., colour: "#777777", verdict: false}
categories: [{id: c, title: C, description: D.}]
sources:
  - {id: s, title: T, publisher: P, url: "https://example.org/", accessed: 2025-01-05,
     kind: primary}
claims:
  - id: a
    category: c
    spec: Size
    claimed: {text: Big, sources: [s]}
    status: good
    conclusion: It is big.
    evidence: [{source: s}]
    history:
      - {date: 2025-01-01, status: open, note: Added.}
      - {date: 2025-01-03, status: good, note: Measured.}
  - id: b
    category: c
    spec: Colour
    claimed: {text: Red, sources: [s]}
    status: open
    conclusion: Unknown.
    history:
      - {date: 2025-01-03, status: open, note: Added.}
"""


def test_changes_are_newest_first_with_previous_status() -> None:
    catalog = Catalog(validate_text(FIXTURE, "f.yaml", dt.date(2030, 1, 1)))
    found = [(c.claim.id, c.entry.status, c.previous) for c in changes(catalog)]
    assert found == [("a", "good", "open"), ("b", "open", None), ("a", "open", None)]
    root = ET.fromstring(atom_feed(catalog, SiteUrls(), "Site", None))
    titles = [text(entry, "atom:title") for entry in root.findall("atom:entry", NS)]
    assert titles == ["Size: Open → Good", "Colour: rated Open", "Size: rated Open"]
    first_link = root.find("atom:entry/atom:link", NS)
    assert first_link is not None
    assert first_link.attrib["href"] == "claims/a/"
    again = ET.fromstring(atom_feed(catalog, SiteUrls(), "Site", "https://example.org/x/"))
    assert [text(e, "atom:id") for e in root.findall("atom:entry", NS)] == [
        text(e, "atom:id") for e in again.findall("atom:entry", NS)
    ], "entry ids must not depend on where the site is hosted"
