"""A validated data set indexed for rendering: every lookup a page needs is a dict access."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cached_property

from claimsite.datafile.models import Category, Claim, Dataset, Event, Source, Status


class Catalog:
    """Read-only indexes over a :class:`Dataset`, built once per build."""

    def __init__(self, data: Dataset, claim_lines: Mapping[str, int] | None = None) -> None:
        self.data = data
        self.claim_lines: Mapping[str, int] = claim_lines or {}
        """Line of each claim in the data file (known when loaded from a file)."""
        self.statuses: dict[str, Status] = {status.id: status for status in data.statuses}
        self.categories: dict[str, Category] = {item.id: item for item in data.categories}
        self.sources: dict[str, Source] = {source.id: source for source in data.sources}
        self.claims: dict[str, Claim] = {claim.id: claim for claim in data.claims}
        self.claims_by_category: dict[str, list[Claim]] = {item.id: [] for item in data.categories}
        for claim in data.claims:
            self.claims_by_category[claim.category].append(claim)

    @property
    def events(self) -> list[Event]:
        return sorted(self.data.events, key=lambda event: event.date)

    def status_counts(self) -> Counter[str]:
        return Counter(claim.status for claim in self.data.claims)

    @cached_property
    def citing_claims(self) -> dict[str, list[Claim]]:
        """For each source id, the claims that cite it (as claim, actual value or evidence)."""
        citing: dict[str, list[Claim]] = {source_id: [] for source_id in self.sources}
        for claim in self.data.claims:
            for source_id in cited_by_claim(claim):
                citing[source_id].append(claim)
        return citing

    @cached_property
    def as_of(self) -> dt.date:
        """The newest date the data knows of: evidence published, values confirmed, verdicts
        changed or reviewed. Headline findings are true "as of" this day, so it moves when
        the data moves and is never typed by hand."""
        return max(self._evidence_dates(), default=dt.date.min)

    def _evidence_dates(self) -> Iterator[dt.date]:
        for claim in self.data.claims:
            if claim.reviewed is not None:
                yield claim.reviewed
            yield from (entry.date for entry in claim.history)
            yield from (comparison.as_of for comparison in claim.comparisons)
            if claim.actual is not None:
                yield claim.actual.as_of
            for item in claim.evidence:
                published = self.sources[item.source].published
                if published is not None:
                    yield published

    def uncited_sources(self) -> list[Source]:
        cited_by_events = {s for event in self.data.events for s in event.sources}
        return [
            source
            for source in self.data.sources
            if not self.citing_claims[source.id] and source.id not in cited_by_events
        ]


def cited_by_claim(claim: Claim) -> list[str]:
    """Every source a claim's page cites, in page order and without repeats."""
    order: dict[str, None] = dict.fromkeys(claim.source_ids())
    if claim.first_claimed is not None:
        order.setdefault(claim.first_claimed.source)
    if claim.actual is not None:
        for source_id in claim.actual.sources:
            order.setdefault(source_id)
    for comparison in claim.comparisons:
        for source_id in comparison.sources:
            order.setdefault(source_id)
    for evidence in claim.evidence:
        order.setdefault(evidence.source)
    return list(order)
