"""ClaimReview JSON-LD and Open Graph tags, read from the built pages by a real extractor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import extruct
import pytest

from claimsite.datafile.catalog import Catalog, cited_by_claim
from claimsite.datafile.loader import load_catalog
from claimsite.datafile.models import Claim
from claimsite.outputs.structured_data import claim_review, rating_value
from tests.site_build import ROOT, real_site

SITE_URL_PREFIX = "https://"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "claims.yaml")


def extract(page: Path) -> dict[str, list[dict[str, Any]]]:
    html = page.read_text(encoding="utf-8")
    found: dict[str, list[dict[str, Any]]] = extruct.extract(
        html, syntaxes=["json-ld", "opengraph"], uniform=True
    )
    return found


def reviews(page: Path) -> list[dict[str, Any]]:
    return [item for item in extract(page)["json-ld"] if item.get("@type") == "ClaimReview"]


def claim_page(claim: Claim) -> Path:
    return real_site() / "claims" / claim.id / "index.html"


def test_every_claim_page_has_one_complete_claim_review(catalog: Catalog) -> None:
    ratings = [status.rating for status in catalog.data.statuses if status.rating is not None]
    for claim in catalog.data.claims:
        found = reviews(claim_page(claim))
        assert len(found) == 1, claim.id
        review = found[0]
        assert review["@context"] == "https://schema.org"
        assert review["claimReviewed"].startswith(f"{claim.spec}: ")
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == catalog.statuses[claim.status].label
        value = catalog.statuses[claim.status].rating
        if value is None:  # named, but kept off the numeric scale
            assert "ratingValue" not in rating
        else:
            assert rating["ratingValue"] == value
            assert (rating["worstRating"], rating["bestRating"]) == (min(ratings), max(ratings))
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"]
        assert item["firstAppearance"]["url"].startswith("http")
        assert review["author"] == {"@type": "Organization", "name": catalog.data.meta.publisher}
        published = dt.date.fromisoformat(review["datePublished"])
        if claim.history:
            assert published == claim.history[0].entered
        else:
            assert published == max(catalog.sources[s].accessed for s in cited_by_claim(claim))
        assert review["url"].startswith(SITE_URL_PREFIX)
        assert review["url"].endswith(f"/claims/{claim.id}/")


def test_first_appearance_is_the_first_claimed_source(catalog: Catalog) -> None:
    for claim in catalog.data.claims:
        first_id = claim.first_claimed.source if claim.first_claimed else claim.source_ids()[0]
        item = reviews(claim_page(claim))[0]["itemReviewed"]
        assert item["firstAppearance"]["url"] == catalog.sources[first_id].url


def test_rating_is_each_statuss_own(catalog: Catalog) -> None:
    """The rating comes from the status's ``rating``, not its place in the list (the order of
    the scale by meaning is tested in test_evidence_rules)."""
    for status in catalog.data.statuses:
        assert rating_value(catalog, status.id) == status.rating


def test_other_pages_have_no_claim_review() -> None:
    for page in ("index.html", "methodology/index.html", "sources/index.html"):
        assert reviews(real_site() / page) == []


def test_open_graph(catalog: Catalog) -> None:
    claim = catalog.data.claims[0]
    graph = extract(claim_page(claim))["opengraph"][0]
    assert graph["@type"] == "article"
    assert graph["og:title"] == claim.spec
    assert graph["og:description"] == claim.conclusion
    assert graph["og:url"].endswith(f"/claims/{claim.id}/")
    home = extract(real_site() / "index.html")["opengraph"][0]
    assert home["@type"] == "website"
    assert home["og:title"] == home["og:site_name"]


def test_review_without_site_url_has_no_url(catalog: Catalog) -> None:
    claim = catalog.data.claims[0]
    assert "url" not in claim_review(catalog, claim, None)
