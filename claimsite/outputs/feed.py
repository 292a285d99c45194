"""An Atom feed of verdict changes, so that followers learn when a rumour is confirmed or
refuted.

Built from the claims' histories alone: an entry is a history entry whose status differs from
the one before (a review that left the verdict as it was is no news). Entry ids are derived
from the claim, the date and the status, and every date comes from the data, so the same data
always gives the same file. An entry is dated when its evidence appeared (the history entry's
``date``), so the feed follows the story rather than the days the site was edited; a change
written down later says so in its summary, and its new id makes feed readers show it as new.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim, Dataset, HistoryEntry
from claimsite.render.urls import SiteUrls

FEED_PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Change:
    """One history entry, with the status it replaced (``None`` for a claim's first rating)."""

    claim: Claim
    entry: HistoryEntry
    previous: str | None


def changes(catalog: Catalog) -> list[Change]:
    """Every real verdict change (a first rating, or a new status), newest first by the day it
    its evidence appeared; same-day changes keep the data file's claim order."""
    found: list[tuple[int, Change]] = []
    for order, claim in enumerate(catalog.data.claims):
        previous: str | None = None
        for entry in claim.history:
            if entry.status != previous:
                found.append((order, Change(claim, entry, previous)))
            previous = entry.status
    found.sort(key=lambda item: (-item[1].entry.date.toordinal(), item[0]))
    return [change for _, change in found]


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def entry_id(subject: str, change: Change) -> str:
    """A stable, unique id: the same claim, date and status always give the same id."""
    return _urn(f"claimsite:{subject}/{change.claim.id}/{change.entry.date}/{change.entry.status}")


def latest_date(data: Dataset) -> dt.date:
    """The newest date in the data: the feed's ``updated`` when no claim has a history yet."""
    dates = [source.accessed for source in data.sources]
    dates += [entry.entered for claim in data.claims for entry in claim.history]
    dates += [event.date for event in data.events]
    return max(dates)


def _feed_updated(all_changes: list[Change]) -> dt.date | None:
    """The newest day any entry changed: written down, or its claim reviewed (entries show
    both)."""
    days = [change.entry.entered for change in all_changes]
    days += [day for change in all_changes if (day := change.claim.last_reviewed())]
    return max(days, default=None)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(
    catalog: Catalog, urls: SiteUrls, site_name: str, site_url: str | None, language: str = "en"
) -> str:
    """The feed as XML text. Links are absolute when ``site_url`` is known, else relative to
    the feed, which sits at the site's root."""
    data = catalog.data
    base = site_url.rstrip("/") + "/" if site_url else ""
    all_changes = changes(catalog)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    _add(feed, "title", f"{site_name}: verdict changes")
    _add(feed, "subtitle", f"Changes of verdict on the claims about {data.meta.subject}.")
    _add(feed, "id", f"{base}{FEED_PATH}" if base else _urn(f"claimsite:{data.meta.subject}/feed"))
    updated = _feed_updated(all_changes) or latest_date(data)
    _add(feed, "updated", _timestamp(updated))
    if base:
        _add(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{FEED_PATH}")
    _add(feed, "link", rel="alternate", type="text/html", href=base or "./")
    author = _add(feed, "author")
    _add(author, "name", data.meta.publisher)
    if data.meta.publisher_url:
        _add(author, "uri", data.meta.publisher_url)
    _add(feed, "rights", f"Data licence: {data.meta.licence}")
    _add(feed, "generator", "claimsite")
    for change in all_changes:
        _entry(feed, catalog, urls, base, change)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _entry(feed: ET.Element, catalog: Catalog, urls: SiteUrls, base: str, change: Change) -> None:
    claim, history = change.claim, change.entry
    new = catalog.statuses[history.status].label
    if change.previous is None:
        verdict = f"rated {new}"
    else:
        verdict = f"{catalog.statuses[change.previous].label} → {new}"
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(catalog.data.meta.subject, change))
    _add(entry, "title", f"{claim.spec}: {verdict}")
    _add(entry, "updated", _timestamp(history.date))
    _add(entry, "published", _timestamp(history.date))
    _add(entry, "link", rel="alternate", type="text/html", href=base + urls.claim_url(claim.id))
    _add(entry, "category", term=history.status, label=new)
    _add(entry, "summary", _summary(claim, history))


def _summary(claim: Claim, history: HistoryEntry) -> str:
    """The reason, the day it was written down when that was later, and the last review."""
    parts = [history.note]
    if history.recorded is not None and history.recorded != history.date:
        parts.append(f"Recorded on {history.recorded.isoformat()}.")
    reviewed = claim.last_reviewed()
    if reviewed is not None:
        parts.append(f"Verdict last reviewed {reviewed.isoformat()}.")
    return " ".join(parts)
