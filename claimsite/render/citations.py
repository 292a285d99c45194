"""Per-page citation numbering: numbers in order of first use, with links both ways."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """One place a source is cited: its number and the anchors for the two-way link."""

    number: int
    source_id: str
    back_anchor: str

    @property
    def reference_anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass
class Reference:
    """A numbered entry in the References list, with every place that cites it."""

    number: int
    source_id: str
    back_anchors: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


class CitationRegistry:
    """Hands out citation numbers for one page; create a new one for every page."""

    def __init__(self) -> None:
        self._references: dict[str, Reference] = {}

    def cite(self, source_id: str) -> Citation:
        reference = self._references.get(source_id)
        if reference is None:
            reference = Reference(len(self._references) + 1, source_id)
            self._references[source_id] = reference
        back_anchor = f"cite-{reference.number}-{len(reference.back_anchors) + 1}"
        reference.back_anchors.append(back_anchor)
        return Citation(reference.number, source_id, back_anchor)

    def references(self) -> list[Reference]:
        return list(self._references.values())

    def __bool__(self) -> bool:
        return bool(self._references)
