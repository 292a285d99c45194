"""Open data: the claims as JSON and CSV, and every machine-readable file a build publishes.

``claims.json`` keeps the data file's structure (described by the JSON Schema) plus a
``schema_version`` and each claim's page ``url``; ``claims.csv`` is one flat row per claim for
spreadsheets. Both are pure functions of the data, so builds reproduce.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim, Variant
from claimsite.datafile.schema import SCHEMA_PATH, ids_in, schema_text
from claimsite.outputs.feed import FEED_PATH, atom_feed
from claimsite.render.pages import GeneratedFile
from claimsite.render.renderer import Renderer
from claimsite.render.urls import SiteUrls

SCHEMA_VERSION = "1.1"
"""Version of the export format: the minor number grows with added fields, the major number
when a field changes meaning or goes away."""

JSON_PATH = "claims.json"
CSV_PATH = "claims.csv"

CSV_COLUMNS = (
    "id",
    "spec",
    "category",
    "category_title",
    "status",
    "status_label",
    "confidence",
    "claimed",
    "claimed_sources",
    "actual",
    "actual_as_of",
    "actual_sources",
    "conclusion",
    "first_claimed_source",
    "first_claimed_date",
    "evidence_sources",
    "last_status_change",
    "reviewed",
    "exception",
    "url",
)
"""One row per claim; lists are joined with " | " (values) or spaces (ids)."""


def _page_url(urls: SiteUrls, claim_id: str, site_url: str | None) -> str:
    """Absolute when the site's address is known, else relative to the site's root."""
    path = urls.claim_url(claim_id)
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def claims_json(catalog: Catalog, urls: SiteUrls, site_url: str | None) -> str:
    """All claims, statuses, categories, sources and events, as formatted JSON."""
    data = catalog.data
    body: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    body.update(data.model_dump(mode="json", exclude_none=True))
    for claim, dumped in zip(data.claims, body["claims"], strict=True):
        dumped["url"] = _page_url(urls, claim.id, site_url)
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _shown(variants: list[Variant]) -> str:
    return " | ".join(variant.shown() for variant in variants)


def _csv_row(catalog: Catalog, urls: SiteUrls, site_url: str | None, claim: Claim) -> list[str]:
    actual = claim.actual
    first = claim.first_claimed
    return [
        claim.id,
        claim.spec,
        claim.category,
        catalog.categories[claim.category].title,
        claim.status,
        catalog.statuses[claim.status].label,
        claim.confidence.value,
        _shown(claim.claimed),
        " ".join(claim.source_ids()),
        actual.shown() if actual else "",
        actual.as_of.isoformat() if actual else "",
        " ".join(actual.sources) if actual else "",
        claim.conclusion,
        first.source if first else "",
        first.date.isoformat() if first and first.date else "",
        " ".join(dict.fromkeys(item.source for item in claim.evidence)),
        claim.history[-1].date.isoformat() if claim.history else "",
        reviewed.isoformat() if (reviewed := claim.last_reviewed()) else "",
        claim.exception or "",
        _page_url(urls, claim.id, site_url),
    ]


def claims_csv(catalog: Catalog, urls: SiteUrls, site_url: str | None) -> str:
    """One row per claim (RFC 4180: CRLF line ends, quotes where needed), with a header."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for claim in catalog.data.claims:
        writer.writerow(_csv_row(catalog, urls, site_url, claim))
    return out.getvalue()


def machine_files(
    renderer: Renderer, site_name: str, site_url: str | None, language: str = "en"
) -> Iterator[GeneratedFile]:
    """Every machine-readable file of a build: the exports, the JSON Schema and the feed."""
    catalog, urls = renderer.catalog, renderer.urls
    yield GeneratedFile(JSON_PATH, claims_json(catalog, urls, site_url))
    yield GeneratedFile(CSV_PATH, claims_csv(catalog, urls, site_url))
    yield GeneratedFile(SCHEMA_PATH, schema_text(ids_in(catalog.data.model_dump(mode="json"))))
    yield GeneratedFile(FEED_PATH, atom_feed(catalog, urls, site_name, site_url, language))
