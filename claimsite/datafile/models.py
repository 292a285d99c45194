"""Typed models of the claims data file.

The models describe *shape* only: types, required fields, allowed words. Rules that look
across the file (ids that must exist, evidence a verdict needs) live in ``checks.py`` so that
every problem can be reported at once with its position.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic.fields import FieldInfo

from claimsite.datafile.field_help import describe_fields

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$"
ICON_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
"""A lower-case kebab-case id: stable, URL-safe, used in page addresses."""


@dataclass(frozen=True)
class RefersTo:
    """Marks an id field as naming an entry of a top-level section.

    Declared once, here; the cross-file check (unknown ids), the editor messages (valid ids,
    did-you-mean) and the per-site JSON Schema (ids as enumerations) all read it.
    """

    section: str
    """The top-level section whose entries' ``id`` the field names, e.g. ``sources``."""
    kind: str
    """One entry of that section in words, e.g. ``source``."""

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        generated = handler(schema)
        generated[REFERS_TO_KEY] = self.section
        return generated


REFERS_TO_KEY = "x-claimsite-refers-to"
"""Marker in the generated schema; the schema module turns it into an enumeration of ids."""

StatusId = Annotated[Identifier, RefersTo("statuses", "status")]
CategoryId = Annotated[Identifier, RefersTo("categories", "category")]
SourceId = Annotated[Identifier, RefersTo("sources", "source")]
ClaimId = Annotated[Identifier, RefersTo("claims", "claim")]


@dataclass(frozen=True)
class TextFormat:
    """How a text field reaches readers, declared on its type and enforced in ``checks.py``.

    The data file is untrusted input: every text field is either plain text, shown exactly as
    written (markup, Markdown links and ``{…}`` are refused), or Markdown, rendered with raw
    HTML off and http(s) links only.
    """

    name: str


PLAIN_TEXT = TextFormat("plain text")
MARKDOWN = TextFormat("Markdown")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), PLAIN_TEXT]
"""Words shown as written: titles, labels, notes, figures' wording."""
MarkdownText = Annotated[str, MARKDOWN]
"""Editors' Markdown: paragraphs, emphasis, lists and http(s) links; no raw HTML."""

WEB_ADDRESS_PATTERN = r"^https?://\S+$"

PATTERN_FIXES: dict[str, tuple[str, str]] = {
    ID_PATTERN: ("is not a valid id", "ids use lower-case letters, digits and single hyphens"),
    COLOUR_PATTERN: ("is not a colour", 'write "#" and six hex digits, in quotes: "#1b7f3b"'),
    LANGUAGE_PATTERN: ("is not a language code", "use a code such as en, zh or zh-Hans"),
    WEB_ADDRESS_PATTERN: ("is not a web address", "write the full address, starting with https://"),
}
"""What a value that misses each pattern is, and how to fix it: for messages and for the
schema's ``patternErrorMessage`` (so no editor ever reads a regular expression)."""

WebAddress = Annotated[
    str, WithJsonSchema({"type": "string", "format": "uri", "pattern": WEB_ADDRESS_PATTERN})
]
"""An absolute http(s) address. The cross-file checks explain what is wrong with a bad one; the
schema's format and pattern let an editor's language server underline it while it is typed."""
HexColour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]


class Model(BaseModel):
    """Base for every mapping in the file: unknown keys are errors, not silently dropped.

    Attribute docstrings become field descriptions in the JSON Schema: editors see them as help
    (set by :func:`describe_fields` at the end of this module).
    ``defer_build``: the validators are built once, when the whole data set is first validated,
    not once per class at import (that cost every command a start-up delay).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
    publisher_url: WebAddress | None = None
    """The publisher's home page (https://…)."""
    licence: Text = "CC BY 4.0"
    """Licence of the data: shown on the Data page and in the exports."""
    repo_edit_url: WebAddress | None = None
    """Base address for "edit this claim" links, e.g. ``https://github.com/o/r/edit/main/``."""
    corrections_url: WebAddress | None = None
    """Where readers report a mistake ("report a correction" links)."""


class EvidenceRule(Model):
    """Minimum evidence a verdict needs: every count given must be met (0 = no minimum)."""

    evidence: NonNegativeInt = 0
    """At least this many entries under the claim's ``evidence:``."""
    primary: NonNegativeInt = 0
    """At least this many distinct primary sources (``kind: primary``) among the evidence."""
    publishers: NonNegativeInt = 0
    """At least this many distinct publishers among the evidence's primary and press sources
    (a syndicated copy, ``copy_of:``, counts as its original's publisher; blogs, forums and
    social posts show who said what and do not count)."""


class EvidenceRequirements(EvidenceRule):
    """What a claim with this status must show, checked by ``check`` and the build."""

    actual: bool = False
    """True: the claim must state what is verified (an ``actual:`` value or statement)."""
    any_of: list[EvidenceRule] = Field(default_factory=list)
    """Alternatives: at least one of these rules must also be met (e.g. a primary source, or
    two independent publishers)."""


class Status(Model):
    """One step of the rating scale; the list order in the file is the order readers see."""

    id: Identifier
    """Used by claims' ``status:`` and by history entries."""
    label: Text
    """The word on the badge."""
    definition: Text
    """When this status applies, shown in the rating scale."""
    colour: HexColour
    """Badge colour, written ``"#rrggbb"`` (quoted)."""
    icon: Annotated[str, StringConstraints(pattern=ICON_PATTERN)] | None = None
    """Optional Material icon name shown on the badge, e.g. ``material/check``."""
    verdict: bool = True
    """False for "no verdict yet" statuses (unverified) that need no evidence."""
    rating: PositiveInt | None = None
    """Place on the numeric scale of structured data (ClaimReview): higher rates the claim as
    truer. Leave it out to keep the status off the numeric scale (e.g. "no verdict yet")."""
    requires: EvidenceRequirements | None = None
    """The evidence a claim needs for this verdict, e.g. ``{evidence: 1, primary: 1}``; the
    methodology page shows these rules through ``[[evidence-rules]]``."""


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
    url: WebAddress
    """Address of the source (https://…)."""
    accessed: dt.date
    """When it was last read, YYYY-MM-DD."""
    archive_url: WebAddress | None = None
    """Address of an archived copy, e.g. https://web.archive.org/web/<timestamp>/<url>."""
    archive_date: dt.date | None = None
    """When the archived copy was made."""
    url_status: UrlStatus = UrlStatus.LIVE
    """``live`` (default), ``dead`` or ``unfit``: a dead or unfit source shows its archive first."""
    kind: SourceKind
    """``primary``, ``press``, ``blog``, ``social`` or ``forum``."""
    copy_of: SourceId | None = None
    """Id of the source this one reproduces (a syndicated copy): for evidence rules both
    count as one publisher, the original's."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = "en"
    """Language code of the source: ``en``, ``zh``, ``zh-Hans``."""
    note: Text | None = None
    """Anything a reader should know about the source (paywalled, undated, translated)."""


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

    sources: list[SourceId] = Field(min_length=1)
    """Ids of the sources that make the claim in this form."""
    note: Text | None = None
    """How this version differs from the others, in a few words."""


class Actual(Value):
    """What is known to be true, as of a date."""

    as_of: dt.date
    """The date it was known to be true, YYYY-MM-DD."""
    sources: list[SourceId] = Field(default_factory=list)
    """Ids of the sources that establish it."""
    note: Text | None = None
    """A caveat about the known value."""


class Comparison(Value):
    """A known figure to set beside the claim (another model's size, a competitor's price)."""

    label: Text
    """What the figure belongs to, e.g. another model."""
    as_of: dt.date
    """The date the figure was true, YYYY-MM-DD."""
    sources: list[SourceId] = Field(min_length=1)
    """Ids of the sources that give the figure."""


class FirstClaimed(Model):
    """Where a claim first appeared."""

    source: SourceId
    """Id of the source where the claim first appeared."""
    date: dt.date | None = None
    """When it appeared, if not the source's publication date."""


class Evidence(Model):
    """A source behind the verdict, with the words or place that matter."""

    source: SourceId
    """Id of the source."""
    quote: Annotated[Text, StringConstraints(max_length=300)] | None = None
    """A short quotation, at most 300 characters."""
    locator: Text | None = None
    """Where in the source: section, page, table row or timestamp."""
    note: Text | None = None
    """What this evidence shows, when the quote alone does not say it."""


class HistoryEntry(Model):
    """A step in a claim's verdict: the feed of verdict changes is built from these."""

    date: dt.date
    """When the evidence behind this step appeared (not when it was written down here)."""
    status: StatusId
    """The status it led to (the same status again records a review that changed nothing)."""
    note: Text
    """Why: the evidence or event behind the change."""
    recorded: dt.date | None = None
    """When this entry was recorded on the site, if later than ``date``."""

    @property
    def entered(self) -> dt.date:
        """When the site took this step: the day it was recorded, else the evidence's date."""
        return self.recorded or self.date


class Claim(Model):
    """One claim, its verdict and the evidence for it; each has its own page."""

    id: Identifier
    """Stable id, part of the page address: keep it once published."""
    category: CategoryId
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
    status: StatusId
    """Id of the current status; a verdict status needs evidence."""
    confidence: Confidence = Confidence.UNKNOWN
    """How sure the verdict is: ``confident``, ``likely``, ``speculative`` or ``unknown``."""
    conclusion: Text
    """The verdict in one sentence; also the page description."""
    explanation: MarkdownText = ""
    """Markdown: the reasoning behind the verdict."""
    first_claimed: FirstClaimed | None = None
    """Where and when the claim first appeared."""
    evidence: list[Evidence] = Field(default_factory=list)
    """The sources behind the verdict: required for every verdict status."""
    related: list[ClaimId] = Field(default_factory=list)
    """Ids of related claims."""
    history: list[HistoryEntry] = Field(default_factory=list)
    """Status changes, oldest first; the last one matches ``status``."""
    reviewed: dt.date | None = None
    """When the verdict was last checked against the evidence, YYYY-MM-DD (without it: the
    day the latest history entry was recorded)."""
    exception: Text | None = None
    """Why this verdict stands although the evidence falls short of its status's rules;
    shown on the claim's page."""

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

    def last_reviewed(self) -> dt.date | None:
        """When the verdict was last reviewed: ``reviewed``, else the latest history entry."""
        if self.reviewed is not None:
            return self.reviewed
        return max((entry.entered for entry in self.history), default=None)


class Event(Model):
    """A dated step of the story, for the timeline."""

    date: dt.date
    """When it happened, YYYY-MM-DD."""
    title: Text
    """What happened, in a few words."""
    description: Text
    """What happened and why it matters, in a sentence or two."""
    sources: list[SourceId] = Field(min_length=1)
    """Ids of the sources that report the event."""
    claims: list[ClaimId] = Field(default_factory=list)
    """Ids of the claims the event concerns."""


class Dataset(Model):
    """The whole data file."""

    meta: Meta
    """Facts about the site as a publication."""
    statuses: list[Status] = Field(min_length=1)
    """The rating scale in the order readers see it; each status's ``rating`` places it on the
    numeric scale of structured data."""
    categories: list[Category] = Field(min_length=1)
    """Groups of claims, each with its own page."""
    sources: list[Source] = Field(min_length=1)
    """Every publication the site cites."""
    claims: list[Claim] = Field(min_length=1)
    """The claims, each with its verdict and evidence."""
    events: list[Event] = Field(default_factory=list)
    """The timeline of the story, oldest first."""


DocumentPath = tuple[str | int, ...]
Marker = TypeVar("Marker")


def refers_to(field: FieldInfo) -> RefersTo | None:
    """The section whose ids a field names (for a list of ids, its items), or None."""
    return _declared(RefersTo, field.metadata, field.annotation)


def text_format(field: FieldInfo) -> TextFormat | None:
    """Whether a field is plain text or Markdown (for a list of texts, its items), or None."""
    return _declared(TextFormat, field.metadata, field.annotation)


def _declared(kind: type[Marker], metadata: list[Any], annotation: Any) -> Marker | None:
    """The ``kind`` marker in a field's metadata, or anywhere inside its annotation."""
    for item in metadata:
        if isinstance(item, kind):
            return item
    for arg in typing.get_args(annotation):
        found = arg if isinstance(arg, kind) else _declared(kind, [], arg)
        if found is not None:
            return found
    return None


def texts(
    model: BaseModel, path: DocumentPath = ()
) -> Iterator[tuple[DocumentPath, TextFormat, str]]:
    """Every plain-text and Markdown value in ``model``, with its path and format."""
    return _marked_values(model, text_format, path)


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X``, ``list[X]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def field_at(path: DocumentPath, root: type[BaseModel] = Dataset) -> FieldInfo | None:
    """The field of a ``root`` document that a path names (list indexes skipped), or None."""
    model: type[BaseModel] | None = root
    field: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = model_in(field.annotation)
    return field


def references(
    model: BaseModel, path: DocumentPath = ()
) -> Iterator[tuple[DocumentPath, RefersTo, str]]:
    """Every id in ``model`` that names an entry of a section, with its path and section."""
    return _marked_values(model, refers_to, path)


def _marked_values(
    model: BaseModel, marker_of: Callable[[FieldInfo], Marker | None], path: DocumentPath
) -> Iterator[tuple[DocumentPath, Marker, str]]:
    """Every string in ``model`` whose field ``marker_of`` marks, with its path and marker."""
    for name, marker in _marked_fields(type(model), marker_of):
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*path, name) if index is None else (*path, name, index)
            if marker is not None and isinstance(item, str):
                yield here, marker, item
            elif isinstance(item, BaseModel):
                yield from _marked_values(item, marker_of, here)


@functools.cache
def _marked_fields(
    model: type[BaseModel], marker_of: Callable[[FieldInfo], Marker | None]
) -> tuple[tuple[str, Marker | None], ...]:
    """The fields of ``model`` that are marked or hold models that may be: worked out once
    per class, not once per entry (a large file has tens of thousands of entries)."""
    return tuple(
        (name, marker_of(field))
        for name, field in model.model_fields.items()
        if marker_of(field) is not None or model_in(field.annotation) is not None
    )


describe_fields(sys.modules[__name__])
