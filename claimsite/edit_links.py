"""Links from each claim page back to its source: "edit this claim" and "report a correction".

The edit link opens the data file on the repository host at the claim's line. Positions are
otherwise computed only when validation fails, so the lines come from one cheap pass over the
text (:func:`claim_lines`) made once per build, never per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from claimsite.models import Meta
from claimsite.render import Renderer

TEMPLATE_GLOBAL = "edit_links"
"""Name under which the claim page template finds the build's :class:`EditLinks`."""


def claim_lines(text: str) -> dict[str, int]:
    """The line (1-based) where each claim's entry starts, by claim id.

    Reads the block style editors write (``claims:`` then ``- id: ...`` items); a claim written
    some other way is simply left out, and its edit link opens the file at the top.
    """
    lines: dict[str, int] = {}
    in_claims = False
    item_indent: int | None = None
    key_indent = -1
    item_start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        is_item = stripped == "-" or stripped.startswith("- ")
        if indent == 0 and not is_item:
            in_claims = stripped.split(":", 1)[0].strip() == "claims"
            item_indent = None
            continue
        if not in_claims:
            continue
        if is_item and (item_indent is None or indent == item_indent):
            item_indent, item_start = indent, number
            rest = stripped[1:].lstrip(" ")
            key_indent = len(line) - len(rest)
            stripped, indent = rest, key_indent
        if indent == key_indent and stripped.startswith("id:"):
            claim_id = stripped[3:].split(" #", 1)[0].strip().strip("\"'")
            lines.setdefault(claim_id, item_start)
    return lines


@dataclass(frozen=True)
class ClaimLinks:
    edit: str | None
    correction: str | None


class EditLinks:
    """The two links of every claim page; either is ``None`` when the data's meta lacks it."""

    def __init__(self, meta: Meta, data_path: str, lines: Mapping[str, int]) -> None:
        self._edit_base = (
            f"{meta.repo_edit_url.rstrip('/')}/{data_path}" if meta.repo_edit_url else None
        )
        self._correction = meta.corrections_url
        self._lines = lines

    @classmethod
    def for_file(cls, meta: Meta, data_file: Path, repo_path: str) -> EditLinks:
        """Links for the data file at ``data_file``, known as ``repo_path`` in the repository."""
        return cls(meta, repo_path, claim_lines(data_file.read_text(encoding="utf-8")))

    def for_claim(self, claim_id: str) -> ClaimLinks:
        edit = None
        if self._edit_base is not None:
            line = self._lines.get(claim_id)
            edit = f"{self._edit_base}#L{line}" if line else self._edit_base
        return ClaimLinks(edit, self._correction)


def install(renderer: Renderer, links: EditLinks) -> None:
    """Make the links available to the claim page template for this build."""
    renderer.env.globals[TEMPLATE_GLOBAL] = links
