"""schema.org ClaimReview for a claim page, so search engines and fact-check tools can read it.

Everything comes from the data: the rating is the status's ``rating`` (a status without one is
named but kept off the numeric scale), dates are the claim's own, never the build's, so builds
reproduce.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import Markup

from claimsite.datafile.catalog import Catalog, cited_by_claim
from claimsite.datafile.models import Claim, Source

CONTEXT = "https://schema.org"


def rating_value(catalog: Catalog, status_id: str) -> int | None:
    """The status's place on the numeric scale, or None when it is kept off the scale."""
    return catalog.statuses[status_id].rating


def rating_bounds(catalog: Catalog) -> tuple[int, int] | None:
    """The worst and best ratings any status has, or None when no status is rated."""
    ratings = [status.rating for status in catalog.data.statuses if status.rating is not None]
    return (min(ratings), max(ratings)) if ratings else None


def _review_rating(catalog: Catalog, claim: Claim) -> dict[str, Any]:
    """schema.org ``Rating``: always named; numeric only for statuses on the scale."""
    rating: dict[str, Any] = {"@type": "Rating"}
    value = rating_value(catalog, claim.status)
    bounds = rating_bounds(catalog)
    if value is not None and bounds is not None:
        rating.update(ratingValue=value, bestRating=bounds[1], worstRating=bounds[0])
    rating["alternateName"] = catalog.statuses[claim.status].label
    rating["ratingExplanation"] = claim.conclusion
    return rating


def claim_reviewed(claim: Claim) -> str:
    """The claim in words: what it is about and every form in which it was made."""
    forms = " or ".join(variant.shown() for variant in claim.claimed)
    return f"{claim.spec}: {forms}"


def date_published(catalog: Catalog, claim: Claim) -> dt.date:
    """When the review was first published: the first history entry, else the day its newest
    source was read (the review cannot predate it). Both are in the data, so builds agree."""
    if claim.history:
        return claim.history[0].entered
    return max(catalog.sources[source_id].accessed for source_id in cited_by_claim(claim))


def _organisation(name: str, url: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        found["url"] = url
    return found


def _creative_work(source: Source, date: dt.date | None = None) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": source.url,
        "headline": source.title,
        "publisher": _organisation(source.publisher),
    }
    published = date or source.published
    if published is not None:
        work["datePublished"] = published.isoformat()
    if source.author:
        work["author"] = {"@type": "Person", "name": source.author}
    return work


def _item_reviewed(catalog: Catalog, claim: Claim) -> dict[str, Any]:
    """The claim as schema.org ``Claim``: who made it, where it first and then appeared."""
    first_id = claim.first_claimed.source if claim.first_claimed else claim.claimed[0].sources[0]
    first = catalog.sources[first_id]
    first_date = claim.first_claimed.date if claim.first_claimed else None
    item: dict[str, Any] = {
        "@type": "Claim",
        "name": claim.spec,
        "author": (
            {"@type": "Person", "name": first.author}
            if first.author
            else _organisation(first.publisher)
        ),
        "firstAppearance": _creative_work(first, first_date),
    }
    appeared = first_date or first.published
    if appeared is not None:
        item["datePublished"] = appeared.isoformat()
    others = [source_id for source_id in claim.source_ids() if source_id != first_id]
    if others:
        item["appearance"] = [_creative_work(catalog.sources[s]) for s in others]
    return item


def claim_review(catalog: Catalog, claim: Claim, page_url: str | None) -> dict[str, Any]:
    """The ClaimReview object of one claim; ``page_url`` is its absolute address, if known."""
    meta = catalog.data.meta
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": claim_reviewed(claim),
        "reviewRating": _review_rating(catalog, claim),
        "itemReviewed": _item_reviewed(catalog, claim),
        "author": _organisation(meta.publisher, meta.publisher_url),
        "datePublished": date_published(catalog, claim).isoformat(),
    }
    reviewed = claim.last_reviewed()
    if reviewed is not None:
        review["dateModified"] = reviewed.isoformat()
    if page_url:
        review["url"] = page_url
    return review


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
"""JSON escapes for the characters that could end a script element early (``</script>``) or
switch the HTML parser into another state (``<!--``); the JSON means the same."""


def json_ld_script(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` element that cannot end early."""
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE)
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')
