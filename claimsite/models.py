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
    """Base for every mapping in the file: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class UrlStatus(StrEnum):
    """Wikipedia's ``url-status``: decides whether the live or the archived link comes first."""

    LIVE = "live"
    DEAD = "dead"
    UNFIT = "unfit"


class SourceKind(StrEnum):
    PRIMARY = "primary"
    PRESS = "press"
    BLOG = "blog"
    SOCIAL = "social"
    FORUM = "forum"


class Confidence(StrEnum):
    CONFIDENT = "confident"
    LIKELY = "likely"
    SPECULATIVE = "speculative"
    UNKNOWN = "unknown"


class Meta(Model):
    """Facts about the site as a publication, used in structured data and feeds."""

    subject: Text
    publisher: Text
    publisher_url: str | None = None
    licence: Text = "CC BY 4.0"
    repo_edit_url: str | None = None
    """Base address for "edit this claim" links, e.g. ``https://github.com/o/r/edit/main/``."""
    corrections_url: str | None = None


class Status(Model):
    """One step of the rating scale; the list order in the file is the scale's order."""

    id: Identifier
    label: Text
    definition: Text
    colour: HexColour
    icon: str | None = None
    verdict: bool = True
    """False for "no verdict yet" statuses (unverified) that need no evidence."""


class Category(Model):
    id: Identifier
    title: Text
    description: Text


class Source(Model):
    id: Identifier
    title: Text
    publisher: Text
    author: Text | None = None
    published: dt.date | None = None
    url: str
    accessed: dt.date
    archive_url: str | None = None
    archive_date: dt.date | None = None
    url_status: UrlStatus = UrlStatus.LIVE
    kind: SourceKind
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")] = "en"
    note: Text | None = None


class Value(Model):
    """A figure or a statement: ``value`` (+ ``unit``) for numbers, ``text`` for words.

    ``display`` overrides how the figure is written (``1.2T`` rather than ``1200000000000``).
    """

    value: float | None = None
    unit: Text | None = None
    display: Text | None = None
    text: Text | None = None

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
    note: Text | None = None


class Actual(Value):
    """What is known to be true, as of a date."""

    as_of: dt.date
    sources: list[Identifier] = Field(default_factory=list)
    note: Text | None = None


class Comparison(Value):
    """A known figure to set beside the claim (another model's size, a competitor's price)."""

    label: Text
    as_of: dt.date
    sources: list[Identifier] = Field(min_length=1)


class FirstClaimed(Model):
    source: Identifier
    date: dt.date | None = None


class Evidence(Model):
    source: Identifier
    quote: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    locator: Text | None = None
    note: Text | None = None


class HistoryEntry(Model):
    date: dt.date
    status: Identifier
    note: Text


class Claim(Model):
    id: Identifier
    category: Identifier
    spec: Text
    claimed: list[Variant] = Field(min_length=1)
    actual: Actual | None = None
    comparisons: list[Comparison] = Field(default_factory=list)
    chart: Identifier | None = None
    """Claims sharing a chart id are drawn together on one claimed-vs-actual chart."""
    status: Identifier
    confidence: Confidence = Confidence.UNKNOWN
    conclusion: Text
    explanation: str = ""
    first_claimed: FirstClaimed | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    related: list[Identifier] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)

    @field_validator("claimed", mode="before")
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


class Dataset(Model):
    """The whole data file."""

    meta: Meta
    statuses: list[Status] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    claims: list[Claim] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
