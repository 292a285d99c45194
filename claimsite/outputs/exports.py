"""Open data: the claims as JSON and CSV, and every machine-readable file a build publishes.

``claims.json`` keeps the data file's structure (described by the JSON Schema) plus a
``schema_version`` and each claim's page ``url``; ``claims.csv`` is one flat row per claim for
spreadsheets. Both are pure functions of the data, so builds reproduce.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim, FirstClaimed, Variant
from claimsite.datafile.schema import SCHEMA_PATH, ids_in, schema_text
from claimsite.outputs.feed import FEED_PATH, atom_feed
from claimsite.outputs.share_cards import share_card_files
from claimsite.render.pages import GeneratedFile
from claimsite.render.renderer import Renderer
from claimsite.render.urls import SiteUrls

SCHEMA_VERSION = "1.1"
"""Version of the export format: the minor number grows with added fields, the major number
when a field changes meaning or goes away."""

JSON_PATH = "claims.json"
CSV_PATH = "claims.csv"


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


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@dataclass(frozen=True)
class _Row:
    """What the cells of one claim's row are computed from."""

    catalog: Catalog
    claim: Claim
    url: str

    @property
    def first(self) -> FirstClaimed | None:
        return self.claim.first_claimed


CSV_COLUMNS: tuple[tuple[str, Callable[[_Row], str]], ...] = (
    ("id", lambda row: row.claim.id),
    ("spec", lambda row: row.claim.spec),
    ("category", lambda row: row.claim.category),
    ("category_title", lambda row: row.catalog.categories[row.claim.category].title),
    ("status", lambda row: row.claim.status),
    ("status_label", lambda row: row.catalog.statuses[row.claim.status].label),
    ("confidence", lambda row: row.claim.confidence.value),
    ("claimed", lambda row: _shown(row.claim.claimed)),
    ("claimed_sources", lambda row: " ".join(row.claim.source_ids())),
    ("actual", lambda row: row.claim.actual.shown() if row.claim.actual else ""),
    ("actual_as_of", lambda row: _date(row.claim.actual.as_of if row.claim.actual else None)),
    ("actual_sources", lambda row: " ".join(row.claim.actual.sources if row.claim.actual else [])),
    ("conclusion", lambda row: row.claim.conclusion),
    (
        "first_claimed_source",
        lambda row: first.source if (first := row.claim.first_claimed) else "",
    ),
    (
        "first_claimed_date",
        lambda row: _date(first.date if (first := row.claim.first_claimed) else None),
    ),
    ("evidence_sources", lambda row: " ".join(dict.fromkeys(e.source for e in row.claim.evidence))),
    (
        "last_status_change",
        lambda row: _date(row.claim.history[-1].date if row.claim.history else None),
    ),
    ("reviewed", lambda row: _date(row.claim.last_reviewed())),
    ("exception", lambda row: row.claim.exception or ""),
    ("url", lambda row: row.url),
)
"""One row per claim: each column's name and how its cell is computed, in order. Lists are
joined with " | " (values) or spaces (ids)."""

CSV_HEADER = tuple(name for name, _ in CSV_COLUMNS)


def claims_csv(catalog: Catalog, urls: SiteUrls, site_url: str | None) -> str:
    """One row per claim (RFC 4180: CRLF line ends, quotes where needed), with a header."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for claim in catalog.data.claims:
        row = _Row(catalog, claim, _page_url(urls, claim.id, site_url))
        writer.writerow([inert_in_spreadsheets(cell(row)) for _, cell in CSV_COLUMNS])
    return out.getvalue()


_FORMULA_START = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?\d[\d,.]*(?:[eE][+-]?\d+)?%?")


def inert_in_spreadsheets(text: str) -> str:
    """A cell no spreadsheet runs as a formula: text from the data that starts like one
    (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe, as OWASP advises for CSV
    exports; plain numbers such as ``-5`` stay as they are."""
    if _FORMULA_START.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def machine_files(
    renderer: Renderer,
    site_name: str,
    site_url: str | None,
    language: str = "en",
    card_cache: Path | None = None,
) -> Iterator[GeneratedFile]:
    """Every machine-readable file of a build: the exports, the JSON Schema, the feed and the
    claims' share cards (:class:`ShareCardError` when their fonts are missing; drawn cards are
    kept in ``card_cache`` when given)."""
    catalog, urls = renderer.catalog, renderer.urls
    yield GeneratedFile(JSON_PATH, claims_json(catalog, urls, site_url))
    yield GeneratedFile(CSV_PATH, claims_csv(catalog, urls, site_url))
    yield GeneratedFile(SCHEMA_PATH, schema_text(ids_in(catalog.data.model_dump(mode="json"))))
    yield GeneratedFile(FEED_PATH, atom_feed(catalog, urls, site_name, site_url, language))
    yield from share_card_files(catalog, urls, site_name, card_cache)
