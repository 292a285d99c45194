"""Typed models of the claims data file.

The models describe *shape* only: types, required fields, allowed words. Rules that look
across the file (ids that must exist, evidence a verdict needs) live in ``checks.py`` so that
every problem can be reported at once with its position.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]
"""A lower-case kebab-case id: stable, URL-safe, used in page addresses."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class Model(BaseModel):
    """Base for every mapping in the file: unknown keys are errors, not silently dropped.

    Attribute docstrings become field descriptions in the JSON Schema: editors see them as help.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class UrlStatus(StrEnum):
    """Wikipedia's ``url-status``: decides whether the live or the archived link comes first."""

    LIVE = "live"
    DEAD = "dead"
    UNFIT = "unfit"


class SourceKind(StrEnum):
    """What a source is: primary sources are evidence; the others mostly show who said what."""

    PRIMARY = "primary"
    PRESS = "press"
    BLOG = "blog"
    SOCIAL = "social"
    FORUM = "forum"


class Confidence(StrEnum):
    """How sure the verdict is."""

    CONFIDENT = "confident"
    LIKELY = "likely"
    SPECULATIVE = "speculative"
    UNKNOWN = "unknown"


class Meta(Model):
    """Facts about the site as a publication, used in structured data and feeds."""

    subject: Text
    """What the site is about: the product, person or event the claims concern."""
    publisher: Text
    """Who publishes the site: the author of its reviews in structured data."""
    publisher_url: str | None = None
    """The publisher's home page (https://…)."""
    licence: Text = "CC BY 4.0"
    """Licence of the data: shown on the Data page and in the exports."""
    repo_edit_url: str | None = None
    """Base address for "edit this claim" links, e.g. ``https://github.com/o/r/edit/main/``."""
    corrections_url: str | None = None
    """Where readers report a mistake ("report a correction" links)."""


class Status(Model):
    """One step of the rating scale; the list order in the file is the scale's order."""

    id: Identifier
    """Used by claims' ``status:`` and by history entries."""
    label: Text
    """The word on the badge."""
    definition: Text
    """When this status applies, shown in the rating scale."""
    colour: HexColour
    """Badge colour, written ``"#rrggbb"`` (quoted)."""
    icon: str | None = None
    verdict: bool = True
    """False for "no verdict yet" statuses (unverified) that need no evidence."""


class Category(Model):
    """A group of claims with its own page."""

    id: Identifier
    """Used by claims' ``category:``."""
    title: Text
    """Heading of the category page and its navigation entry."""
    description: Text
    """One sentence shown under the heading."""


class Source(Model):
    """A publication the site cites, by its id."""

    id: Identifier
    """Cited by this id from claims, evidence and events."""
    title: Text
    """Title of the article or page, as published."""
    publisher: Text
    """Site or organisation that published it."""
    author: Text | None = None
    """Author(s) as credited."""
    published: dt.date | None = None
    """Publication date, YYYY-MM-DD."""
    url: str
    """Address of the source (https://…)."""
    accessed: dt.date
    """When it was last read, YYYY-MM-DD."""
    archive_url: str | None = None
    """Address of an archived copy, e.g. https://web.archive.org/web/<timestamp>/<url>."""
    archive_date: dt.date | None = None
    """When the archived copy was made."""
    url_status: UrlStatus = UrlStatus.LIVE
    kind: SourceKind
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")] = "en"
    """Language code of the source: ``en``, ``zh``, ``zh-Hans``."""
    note: Text | None = None


class Value(Model):
    """A figure or a statement: ``value`` (+ ``unit``) for numbers, ``text`` for words.

    ``display`` overrides how the figure is written (``1.2T`` rather than ``1200000000000``).
    """

    value: float | None = None
    """A plain number; put the unit in ``unit``."""
    unit: Text | None = None
    """Unit of ``value``."""
    display: Text | None = None
    """How readers see the figure, e.g. ``1.2 trillion``."""
    text: Text | None = None
    """A statement in words, for claims that are not numbers."""

    def shown(self) -> str:
        """The words a reader sees in the spec table."""
        if self.display:
            return self.display
        if self.value is not None:
            number = f"{self.value:,.6g}" if abs(self.value) >= 1000 else f"{self.value:g}"
            return f"{number} {self.unit}" if self.unit else number
        return self.text or ""


class Variant(Value):
    """One version of what was claimed, with the sources that say it this way."""

    sources: list[Identifier] = Field(min_length=1)
    """Ids of the sources that make the claim in this form."""
    note: Text | None = None


class Actual(Value):
    """What is known to be true, as of a date."""

    as_of: dt.date
    """The date it was known to be true, YYYY-MM-DD."""
    sources: list[Identifier] = Field(default_factory=list)
    """Ids of the sources that establish it."""
    note: Text | None = None


class Comparison(Value):
    """A known figure to set beside the claim (another model's size, a competitor's price)."""

    label: Text
    """What the figure belongs to, e.g. another model."""
    as_of: dt.date
    sources: list[Identifier] = Field(min_length=1)


class FirstClaimed(Model):
    """Where a claim first appeared."""

    source: Identifier
    """Id of the source where the claim first appeared."""
    date: dt.date | None = None
    """When it appeared, if not the source's publication date."""


class Evidence(Model):
    """A source behind the verdict, with the words or place that matter."""

    source: Identifier
    """Id of the source."""
    quote: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    """A short quotation, at most 300 characters."""
    locator: Text | None = None
    """Where in the source: section, page, table row or timestamp."""
    note: Text | None = None


class HistoryEntry(Model):
    """A change of status: the feed of verdict changes is built from these."""

    date: dt.date
    """When the status changed."""
    status: Identifier
    """The status it changed to."""
    note: Text
    """Why: the evidence or event behind the change."""


class Claim(Model):
    """One claim, its verdict and the evidence for it; each has its own page."""

    id: Identifier
    """Stable id, part of the page address: keep it once published."""
    category: Identifier
    """Id of the claim's category."""
    spec: Text
    """What the claim is about, e.g. ``Total parameters``: the page title."""
    claimed: list[Variant] = Field(min_length=1)
    """What was claimed: one mapping, or a list when sources give different versions."""
    actual: Actual | None = None
    """What is actually known, with its date and sources."""
    comparisons: list[Comparison] = Field(default_factory=list)
    """Known figures to set beside the claim."""
    chart: Identifier | None = None
    """Claims sharing a chart id are drawn together on one claimed-vs-actual chart."""
    status: Identifier
    """Id of the current status; a verdict status needs evidence."""
    confidence: Confidence = Confidence.UNKNOWN
    conclusion: Text
    """The verdict in one sentence; also the page description."""
    explanation: str = ""
    """Markdown: the reasoning behind the verdict."""
    first_claimed: FirstClaimed | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    """The sources behind the verdict: required for every verdict status."""
    related: list[Identifier] = Field(default_factory=list)
    """Ids of related claims."""
    history: list[HistoryEntry] = Field(default_factory=list)
    """Status changes, oldest first; the last one matches ``status``."""

    @field_validator("claimed", mode="before", json_schema_input_type=Variant | list[Variant])
    @classmethod
    def _one_variant_may_stand_alone(cls, value: object) -> object:
        """Editors write a single claimed value as a mapping; several as a list."""
        return [value] if isinstance(value, dict) else value

    def source_ids(self) -> list[str]:
        """Sources that make the claim, in first-mention order, without repeats."""
        seen: dict[str, None] = {}
        for variant in self.claimed:
            for source in variant.sources:
                seen.setdefault(source)
        return list(seen)

    def variants_disagree(self) -> bool:
        return len(self.claimed) > 1


class Event(Model):
    """A dated step of the story, for the timeline."""

    date: dt.date
    title: Text
    description: Text
    sources: list[Identifier] = Field(min_length=1)
    claims: list[Identifier] = Field(default_factory=list)
    """Ids of the claims the event concerns."""


class Dataset(Model):
    """The whole data file."""

    meta: Meta
    statuses: list[Status] = Field(min_length=1)
    """The rating scale in order: the first status rates best in structured data."""
    categories: list[Category] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    claims: list[Claim] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
