"""What changed between two versions of the data file, as Markdown for a pull-request summary.

A reviewer needs the meaning of a change, not a line diff: which claims came and went (and which
were only renamed), whose verdict moved and on what new evidence, which figures changed, which
sources were added or dropped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from claimsite.datafile.catalog import Catalog, cited_by_claim
from claimsite.datafile.models import Actual, Claim, Dataset, Evidence, Source

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|$#~])")

VALUE_FIELDS = ("claimed", "actual")
SIDE_SECTIONS = ("meta", "statuses", "categories", "events")


def md(text: str) -> str:
    """Editor text made inert in Markdown (no emphasis, links, HTML or maths)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """A code span (ids, file names): shown as is, so nothing inside is escaped."""
    return "`" + text.replace("`", "'") + "`"


def _ids(ids: list[str]) -> str:
    return ", ".join(code(item) for item in ids) or "none"


@dataclass(frozen=True)
class Pair:
    """One claim in both versions (its id may differ when it was renamed)."""

    old: Claim
    new: Claim

    def changed_fields(self) -> list[str]:
        old, new = self.old.model_dump(), self.new.model_dump()
        return [name for name in Claim.model_fields if name != "id" and old[name] != new[name]]


@dataclass
class DataDiff:
    added: list[Claim] = field(default_factory=list)
    removed: list[Claim] = field(default_factory=list)
    renamed: list[Pair] = field(default_factory=list)
    status_changes: list[Pair] = field(default_factory=list)
    value_changes: list[Pair] = field(default_factory=list)
    other_edits: list[tuple[Pair, list[str]]] = field(default_factory=list)
    sources_added: list[Source] = field(default_factory=list)
    sources_removed: list[Source] = field(default_factory=list)
    sources_uncited: list[Source] = field(default_factory=list)
    sources_edited: list[tuple[Source, list[str]]] = field(default_factory=list)
    other_sections: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(vars(self).values())


def _content(claim: Claim) -> dict[str, Any]:
    return claim.model_dump(exclude={"id"})


def _match_renames(removed: list[Claim], added: list[Claim]) -> list[Pair]:
    """Pair removed and added claims that are one claim under a new id: first those equal in
    everything but the id, then those with the same spec and category."""
    pairs: list[Pair] = []
    keys = (_content, lambda claim: (claim.category, claim.spec.casefold()))
    for key in keys:
        for old in list(removed):
            matches = [new for new in added if key(new) == key(old)]
            if len(matches) == 1:
                pairs.append(Pair(old, matches[0]))
                removed.remove(old)
                added.remove(matches[0])
    return pairs


def _cited(data: Dataset) -> set[str]:
    cited = {source for claim in data.claims for source in cited_by_claim(claim)}
    return cited | {source for event in data.events for source in event.sources}


def compare(base: Dataset, head: Dataset) -> DataDiff:
    """Every change a reviewer should see, in the head file's order."""
    diff = DataDiff()
    old_claims = {claim.id: claim for claim in base.claims}
    new_claims = {claim.id: claim for claim in head.claims}
    removed = [claim for claim in base.claims if claim.id not in new_claims]
    added = [claim for claim in head.claims if claim.id not in old_claims]
    diff.renamed = _match_renames(removed, added)
    diff.removed, diff.added = removed, added
    renamed_to = {pair.new.id: pair for pair in diff.renamed}
    for claim in head.claims:
        pair = renamed_to.get(claim.id)
        if pair is None and claim.id in old_claims:
            pair = Pair(old_claims[claim.id], claim)
        if pair is None:
            continue
        changed = pair.changed_fields()
        if "status" in changed:
            diff.status_changes.append(pair)
        if any(name in changed for name in VALUE_FIELDS):
            diff.value_changes.append(pair)
        shown_elsewhere = {"status", *VALUE_FIELDS}
        if "status" in changed:
            shown_elsewhere |= {"evidence", "history", "conclusion"}
        rest = [name for name in changed if name not in shown_elsewhere]
        if rest:
            diff.other_edits.append((pair, rest))
    old_sources = {source.id: source for source in base.sources}
    new_sources = {source.id: source for source in head.sources}
    diff.sources_added = [s for s in head.sources if s.id not in old_sources]
    diff.sources_removed = [s for s in base.sources if s.id not in new_sources]
    was_cited, is_cited = _cited(base), _cited(head)
    diff.sources_uncited = [
        source
        for source in head.sources
        if source.id in was_cited and source.id not in is_cited and source.id in old_sources
    ]
    for source in head.sources:
        old = old_sources.get(source.id)
        if old is not None and old != source:
            before, after = old.model_dump(), source.model_dump()
            edited = [name for name in Source.model_fields if before[name] != after[name]]
            diff.sources_edited.append((source, edited))
    diff.other_sections = [
        name for name in SIDE_SECTIONS if getattr(base, name) != getattr(head, name)
    ]
    return diff


class _Writer:
    """Markdown for one diff; statuses and sources are looked up in the version they are from."""

    def __init__(self, base: Catalog, head: Catalog) -> None:
        self.base, self.head = base, head
        self.lines: list[str] = []

    def section(self, title: str, items: list[str]) -> None:
        if items:
            self.lines += ["", f"### {title}", "", *items]

    @staticmethod
    def claim(claim: Claim) -> str:
        return f"**{md(claim.spec)}** (`{claim.id}`)"

    def status(self, catalog: Catalog, status_id: str) -> str:
        status = catalog.statuses.get(status_id)
        return md(status.label) if status else f"`{status_id}`"

    def source(self, source: Source) -> str:
        return f"`{source.id}`: {md(source.title)} ({md(source.publisher)})"

    def evidence(self, item: Evidence) -> str:
        source = self.head.sources[item.source]
        text = f"{md(source.title)} ({md(source.publisher)}, `{source.id}`)"
        if item.quote:
            text += f": “{md(item.quote)}”"
        if item.locator:
            text += f" — {md(item.locator)}"
        return text

    @staticmethod
    def actual(actual: Actual | None) -> str:
        if actual is None:
            return "none"
        return f"{md(actual.shown())} (as of {actual.as_of.isoformat()})"

    @staticmethod
    def claimed(claim: Claim) -> str:
        return " / ".join(md(variant.shown()) for variant in claim.claimed)

    def status_change(self, pair: Pair) -> list[str]:
        old = self.status(self.base, pair.old.status)
        new = self.status(self.head, pair.new.status)
        lines = [f"- {self.claim(pair.new)}: {old} → {new}"]
        new_evidence = [item for item in pair.new.evidence if item not in pair.old.evidence]
        lines += [f"  - New evidence: {self.evidence(item)}" for item in new_evidence]
        if not new_evidence:
            lines.append("  - No new evidence")
        new_history = [entry for entry in pair.new.history if entry not in pair.old.history]
        lines += [f"  - Why ({entry.date.isoformat()}): {md(entry.note)}" for entry in new_history]
        if pair.new.conclusion != pair.old.conclusion:
            lines.append(f"  - Conclusion: {md(pair.new.conclusion)}")
        return lines

    def edits(self, pair: Pair, names: list[str]) -> list[str]:
        """One line per edited field: before → after, the changed words highlighted."""
        lines = [f"- {self.claim(pair.new)}"]
        for name in names:
            old, new = as_words(getattr(pair.old, name)), as_words(getattr(pair.new, name))
            label = name.replace("_", " ").capitalize()
            lines.append(f"  - {label}: {before_after(old, new)}")
        return lines

    def value_change(self, pair: Pair) -> list[str]:
        """Changed figures, then changed sources of unchanged figures."""
        old, new = pair.old, pair.new
        lines = [f"- {self.claim(new)}"]
        if self.claimed(old) != self.claimed(new):
            lines.append(f"  - Claimed: {self.claimed(old)} → {self.claimed(new)}")
        if old.source_ids() != new.source_ids():
            lines.append(f"  - Claimed by: {_ids(old.source_ids())} → {_ids(new.source_ids())}")
        if self.actual(old.actual) != self.actual(new.actual):
            lines.append(f"  - Actual: {self.actual(old.actual)} → {self.actual(new.actual)}")
        old_sources = old.actual.sources if old.actual else []
        new_sources = new.actual.sources if new.actual else []
        if old_sources != new_sources:
            lines.append(f"  - Actual per: {_ids(old_sources)} → {_ids(new_sources)}")
        return lines


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def as_words(value: Any) -> str:
    """A field's value as one line of text: ids joined, mappings as ``key: value``."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_defaults=True)
    if value is None or value == [] or value == "":
        return "none"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {as_words(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(as_words(item) for item in value)
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split())


CONTEXT_WORDS = 6
"""Unchanged words kept on each side of a change; longer stretches are shortened to "…"."""


def _marked(words: list[str], changed: set[int], marker: str, focus: set[int]) -> str:
    """Words as Markdown: changed runs wrapped in ``marker``, context far from ``focus`` (the
    changes on either side) cut to "…"."""
    near = {
        index
        for spot in focus
        for index in range(spot - CONTEXT_WORDS, spot + CONTEXT_WORDS)
        if 0 <= index < len(words)
    }
    out: list[str] = []
    index = 0
    while index < len(words):
        if index not in near:
            out.append("…")
            while index < len(words) and index not in near:
                index += 1
            continue
        run_end = index
        while (
            run_end < len(words) and run_end in near and (run_end in changed) == (index in changed)
        ):
            run_end += 1
        text = md(" ".join(words[index:run_end]))
        out.append(f"{marker}{text}{marker}" if index in changed else text)
        index = run_end
    return " ".join(out)


def before_after(before: str, after: str) -> str:
    """``before → after`` with the words that changed struck out and in bold."""
    old, new = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    removed: set[int] = set()
    added: set[int] = set()
    old_focus: set[int] = set()
    new_focus: set[int] = set()
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            removed.update(range(old_start, old_end))
            added.update(range(new_start, new_end))
            old_focus.update({old_start, old_end})
            new_focus.update({new_start, new_end})
    before_text = _marked(old, removed, "~~", old_focus)
    return f"{before_text} → {_marked(new, added, '**', new_focus)}"


def to_markdown(
    base: Catalog, head: Catalog, base_name: str, head_name: str, base_note: str = "base"
) -> str:
    """The change summary: a heading, a one-line tally, then one section per kind of change."""
    diff = compare(base.data, head.data)
    out = _Writer(base, head)
    out.lines.append("## Changes to the claims data")
    out.lines.append("")
    out.lines.append(f"Comparing {code(base_name)} ({base_note}) with {code(head_name)} (head).")
    if diff.is_empty():
        out.lines += ["", "No changes to the claims or sources."]
        return "\n".join(out.lines) + "\n"
    tally = [
        _count(len(diff.added), "claim added", "claims added"),
        _count(len(diff.removed), "claim removed", "claims removed"),
        _count(len(diff.renamed), "claim renamed", "claims renamed"),
        _count(len(diff.status_changes), "status change", "status changes"),
        _count(len(diff.value_changes), "value change", "value changes"),
        _count(len(diff.other_edits), "other edit", "other edits"),
        _count(len(diff.sources_added), "source added", "sources added"),
        _count(len(diff.sources_removed), "source removed", "sources removed"),
        _count(len(diff.sources_uncited), "source no longer cited", "sources no longer cited"),
        _count(len(diff.sources_edited), "source edited", "sources edited"),
        _count(len(diff.other_sections), "other section changed", "other sections changed"),
    ]
    out.lines += ["", f"{', '.join(item for item in tally if not item.startswith('0 '))}."]
    out.section(
        "Claims added",
        [
            f"- {out.claim(c)}: {out.status(head, c.status)} — {md(c.conclusion)}"
            for c in diff.added
        ],
    )
    out.section(
        "Claims removed",
        [f"- {out.claim(c)}, was {out.status(base, c.status)}" for c in diff.removed],
    )
    out.section(
        "Claims renamed",
        [f"- `{p.old.id}` → `{p.new.id}` (**{md(p.new.spec)}**)" for p in diff.renamed],
    )
    out.section(
        "Status changes", [line for p in diff.status_changes for line in out.status_change(p)]
    )
    out.section("Value changes", [line for p in diff.value_changes for line in out.value_change(p)])
    out.section(
        "Other edits", [line for p, names in diff.other_edits for line in out.edits(p, names)]
    )
    out.section("Sources added", [f"- {out.source(s)}" for s in diff.sources_added])
    out.section("Sources removed", [f"- {out.source(s)}" for s in diff.sources_removed])
    out.section("Sources no longer cited", [f"- {out.source(s)}" for s in diff.sources_uncited])
    out.section(
        "Sources edited",
        [f"- {out.source(s)}: {', '.join(names)}" for s, names in diff.sources_edited],
    )
    out.section("Other sections changed", [f"- `{name}`" for name in diff.other_sections])
    return "\n".join(out.lines) + "\n"
