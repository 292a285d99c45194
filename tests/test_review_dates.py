"""Review dates: ``reviewed`` on claims, ``recorded`` on history entries, where they show
(claim page, ClaimReview, CSV, feed) and ``check --stale-after``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimsite.cli import main
from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog, validate_text
from claimsite.datafile.review import stale_claims
from claimsite.errors import DataFileError
from claimsite.outputs.exports import claims_csv
from claimsite.outputs.feed import ATOM, atom_feed, changes
from claimsite.outputs.structured_data import claim_review
from claimsite.render.renderer import Renderer
from claimsite.render.urls import SiteUrls
from tests.conftest import REPO, line_of

TODAY = dt.date(2026, 1, 1)
NS = {"atom": ATOM}

FIXTURE = """\
meta: {subject: Gadget, publisher: Review Desk}
statuses:
  - {id: good, label: Good, definition: Fine., colour: "#00aa00", rating: 2}
  - {id: bad, label: Bad, definition: Wrong., colour: "#aa0000", rating: 1}
  - {id: open, label: Open, definition: Not known., colour: "#777777", verdict: false}
categories: [{id: k, title: K, description: Everything.}]
sources:
  - id: s
    title: Maker's page
    publisher: Maker
    url: "https://example.org/maker"
    accessed: 2025-01-05
    kind: primary
claims:
  - id: a
    spec: Length
    category: k
    status: bad
    reviewed: 2025-09-01
    claimed: {text: Long, sources: [s]}
    conclusion: It is short.
    evidence: [{source: s}]
    history:
      - {date: 2025-01-01, status: open, note: Added.}
      - {date: 2025-01-03, status: bad, note: Measured., recorded: 2025-08-01}
      - {date: 2025-08-15, status: bad, note: Checked again; no change.}
  - id: b
    spec: Shape
    category: k
    status: open
    claimed: {text: Round, sources: [s]}
    conclusion: Unknown.
    history:
      - {date: 2025-02-01, status: open, note: Added.}
"""


def catalog(text: str = FIXTURE) -> Catalog:
    return Catalog(validate_text(text, "f.yaml", TODAY))


def only_message(text: str) -> tuple[str, int]:
    with pytest.raises(DataFileError) as caught:
        validate_text(text, "f.yaml", TODAY)
    [problem] = caught.value.problems
    return problem.message, problem.line


def test_reviewed_is_the_claims_own_date_else_the_latest_recorded_entry() -> None:
    found = catalog()
    assert found.claims["a"].last_reviewed() == dt.date(2025, 9, 1)
    assert found.claims["b"].last_reviewed() == dt.date(2025, 2, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "recorded: 2025-08-01",
            "recorded: 2024-12-01",
            "recorded date is before the date of the evidence",
        ),
        (
            "reviewed: 2025-09-01",
            "reviewed: 2025-08-10",
            "reviewed date is before the latest history entry (2025-08-15)",
        ),
        ("reviewed: 2025-09-01", "reviewed: 2027-01-01", "date 2027-01-01 is in the future"),
    ],
)
def test_review_dates_are_checked(old: str, new: str, message: str) -> None:
    text = FIXTURE.replace(old, new)
    assert only_message(text) == (message, line_of(text, new))


def test_claim_page_says_when_the_verdict_was_last_reviewed() -> None:
    renderer = Renderer(catalog())
    page = BeautifulSoup(renderer.claim_page(renderer.catalog.claims["a"]), "html.parser")
    reviewed = page.select_one(".cs-reviewed time")
    assert reviewed is not None
    assert reviewed["datetime"] == "2025-09-01"
    assert reviewed.get_text() == "1 September 2025"


def test_history_shows_when_a_late_entry_was_recorded() -> None:
    renderer = Renderer(catalog())
    page = BeautifulSoup(renderer.claim_page(renderer.catalog.claims["a"]), "html.parser")
    rows = page.select(".cs-history tbody tr")
    dates = [row.select_one(".cs-date time")["datetime"] for row in rows]  # type: ignore[index]
    assert dates == ["2025-01-01", "2025-01-03", "2025-08-15"]
    recorded = [row.select_one(".cs-recorded time") for row in rows]
    assert [tag["datetime"] if tag else None for tag in recorded] == [None, "2025-08-01", None]


def test_claim_review_is_modified_on_the_review_date() -> None:
    found = catalog()
    review = claim_review(found, found.claims["a"], None)
    assert review["datePublished"] == "2025-01-01"
    assert review["dateModified"] == "2025-09-01"


def test_csv_carries_the_review_date() -> None:
    rows = list(csv.DictReader(io.StringIO(claims_csv(catalog(), SiteUrls(), None))))
    assert [(row["id"], row["reviewed"]) for row in rows] == [
        ("a", "2025-09-01"),
        ("b", "2025-02-01"),
    ]


def test_feed_lists_only_real_changes_dated_by_their_evidence() -> None:
    found = catalog()
    listed = [(c.claim.id, c.entry.status, c.previous) for c in changes(found)]
    # a's third entry repeats "bad" and changes nothing, so it is not an entry
    assert listed == [("b", "open", None), ("a", "bad", "open"), ("a", "open", None)]
    root = ET.fromstring(atom_feed(found, SiteUrls(), "Site", None))
    entries = root.findall("atom:entry", NS)
    change = entries[1]
    assert change.findtext("atom:updated", namespaces=NS) == "2025-01-03T00:00:00Z"
    assert change.findtext("atom:published", namespaces=NS) == "2025-01-03T00:00:00Z"
    summary = change.findtext("atom:summary", namespaces=NS) or ""
    assert "Recorded on 2025-08-01." in summary
    assert "Verdict last reviewed 2025-09-01." in summary
    # the feed itself changed when the last entry was written down or a claim reviewed
    assert root.findtext("atom:updated", namespaces=NS) == "2025-09-01T00:00:00Z"


def test_the_real_feed_has_no_entry_that_changes_nothing() -> None:
    found = load_catalog(REPO / "data" / "claims.yaml")
    root = ET.fromstring(atom_feed(found, SiteUrls(), "Site", None))
    titles = [entry.findtext("atom:title", namespaces=NS) or "" for entry in root]
    for title in titles:
        if " → " in title:
            before, after = title.rsplit(": ", 1)[1].split(" → ")
            assert before != after, title


def test_stale_claims_are_listed_oldest_first() -> None:
    found = catalog()
    assert stale_claims(found, TODAY, 365) == []
    assert stale_claims(found, TODAY, 100) == [
        "0: b — last reviewed 2025-02-01 (334 days ago)",
        "0: a — last reviewed 2025-09-01 (122 days ago)",
    ]


def test_check_lists_stale_claims_without_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "claims.yaml"
    data.write_text(FIXTURE, encoding="utf-8")
    assert main(["check", str(data), "--stale-after", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"{data}:{line_of(FIXTURE, '  - id: b')}: b — last reviewed 2025-02-01" in out[1]
    assert out[-1] == f"{data}: 2 claims not reviewed in the last 1 day"
    assert main(["check", str(data), "--stale-after", "1", "--fail-stale"]) == 1
    assert main(["check", str(data), "--stale-after", "100000", "--fail-stale"]) == 0


def test_every_real_claim_records_its_review_date() -> None:
    found = load_catalog(REPO / "data" / "claims.yaml")
    assert [claim.id for claim in found.data.claims if claim.reviewed is None] == []
