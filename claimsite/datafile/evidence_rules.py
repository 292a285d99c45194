"""The evidence a verdict needs, declared per status under ``requires:`` and checked per claim.

One table (:data:`MEASURES`) says what each rule counts and how it reads, so the methodology
page (``[[evidence-rules]]``) and the check's messages describe the same rule in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from claimsite.datafile.models import (
    Claim,
    EvidenceRequirements,
    EvidenceRule,
    Source,
    SourceKind,
    Status,
)
from claimsite.datafile.wording import counted

OUTLET_KINDS = frozenset({SourceKind.PRIMARY, SourceKind.PRESS})
"""Kinds of source whose publishers count towards ``publishers``."""


def _evidence_sources(claim: Claim, sources: Mapping[str, Source]) -> list[Source]:
    """The claim's evidence sources, each once, skipping ids the reference check reports."""
    ids = dict.fromkeys(item.source for item in claim.evidence)
    return [sources[source_id] for source_id in ids if source_id in sources]


def count_evidence(claim: Claim, sources: Mapping[str, Source]) -> int:
    return len(claim.evidence)


def count_primary(claim: Claim, sources: Mapping[str, Source]) -> int:
    return sum(1 for s in _evidence_sources(claim, sources) if s.kind is SourceKind.PRIMARY)


def publishers(claim: Claim, sources: Mapping[str, Source]) -> list[str]:
    """Distinct publishers of the evidence's primary and press sources; a syndicated copy
    counts as its original's publisher."""
    found: dict[str, None] = {}
    for source in _evidence_sources(claim, sources):
        original = sources.get(source.copy_of) if source.copy_of else None
        counted = original or source
        if counted.kind in OUTLET_KINDS:
            found.setdefault(counted.publisher)
    return list(found)


def count_publishers(claim: Claim, sources: Mapping[str, Source]) -> int:
    return len(publishers(claim, sources))


@dataclass(frozen=True)
class Measure:
    """One countable rule: the field that sets its minimum, how it reads, how it counts."""

    field: str
    phrase: Callable[[int], str]
    count: Callable[[Claim, Mapping[str, Source]], int]


EVIDENCE = Measure(
    "evidence",
    lambda n: f"at least {counted(n, 'evidence entry', 'evidence entries')}",
    count_evidence,
)
MEASURES: tuple[Measure, ...] = (
    EVIDENCE,
    Measure(
        "primary",
        lambda n: f"at least {counted(n, 'primary source', 'primary sources')}",
        count_primary,
    ),
    Measure(
        "publishers",
        lambda n: (
            f"evidence from at least {counted(n, 'publisher', 'different publishers')} "
            "(primary or press)"
        ),
        count_publishers,
    ),
)

ACTUAL_PHRASE = "a verified value or statement"


def _rule_phrases(rule: EvidenceRule) -> list[str]:
    return [m.phrase(getattr(rule, m.field)) for m in MEASURES if getattr(rule, m.field) > 0]


def describe(requirements: EvidenceRequirements | None) -> list[str]:
    """The rules in words, one phrase per rule, for the methodology page."""
    if requirements is None:
        return []
    phrases = _rule_phrases(requirements)
    if requirements.actual:
        phrases.append(ACTUAL_PHRASE)
    options = [" and ".join(_rule_phrases(rule)) for rule in requirements.any_of]
    options = [option for option in options if option]
    if len(options) == 1:
        phrases.append(options[0])
    elif options:
        phrases.append("either " + ", or ".join(options))
    return phrases


def status_rules(status: Status) -> list[str]:
    """What a verdict with this status needs, in words: every verdict needs at least one
    evidence entry (checked on its own) even when ``requires:`` asks for nothing more."""
    phrases = describe(status.requires)
    if status.requires is not None and status.requires.evidence > 0:
        return phrases
    return [EVIDENCE.phrase(1), *phrases]


def _rule_shortfalls(rule: EvidenceRule, claim: Claim, sources: Mapping[str, Source]) -> list[str]:
    missing: list[str] = []
    for measure in MEASURES:
        needed = getattr(rule, measure.field)
        if needed > 0:
            has = measure.count(claim, sources)
            if has < needed:
                missing.append(f"{measure.phrase(needed)} (has {has})")
    return missing


def actual_shortfall(requirements: EvidenceRequirements, claim: Claim) -> list[str]:
    """The ``actual`` rule alone: the one rule that does not count evidence."""
    missing = requirements.actual and claim.actual is None
    return [f"{ACTUAL_PHRASE} (has no 'actual:')"] if missing else []


def shortfalls(
    requirements: EvidenceRequirements, claim: Claim, sources: Mapping[str, Source]
) -> list[str]:
    """Each rule the claim's evidence does not meet, with what it has; empty when it passes."""
    missing = _rule_shortfalls(requirements, claim, sources) + actual_shortfall(requirements, claim)
    if requirements.any_of:
        options = [_rule_shortfalls(rule, claim, sources) for rule in requirements.any_of]
        if all(options):
            missing.append("one of: " + ", or ".join(" and ".join(option) for option in options))
    return missing
