"""Links from each claim page back to its source: "edit this claim" and "report a correction".

The edit link opens the data file on the repository host at the claim's line, which the loader
reads off the parsed node tree once per build (``Catalog.claim_lines``), never per page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from claimsite.datafile.models import Meta
from claimsite.render.renderer import Renderer

TEMPLATE_GLOBAL = "edit_links"
"""Name under which the claim page template finds the build's :class:`EditLinks`."""


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

    def for_claim(self, claim_id: str) -> ClaimLinks:
        edit = None
        if self._edit_base is not None:
            line = self._lines.get(claim_id)
            edit = f"{self._edit_base}#L{line}" if line else self._edit_base
        return ClaimLinks(edit, self._correction)


def install(renderer: Renderer, links: EditLinks) -> None:
    """Make the links available to the claim page template for this build."""
    renderer.env.globals[TEMPLATE_GLOBAL] = links
