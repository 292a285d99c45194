"""The pages the engine generates, and where they go in the navigation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from markupsafe import escape

from claimsite.render.renderer import Renderer

NAV_MARKER = "@claims"
"""A nav entry with this value (``- Claims: "@claims"``) is replaced by the claim pages."""

NAV_THEME_DIR = str(package_files("claimsite.render").joinpath("theme"))
"""Theme templates the engine puts before Material's: ``partials/nav-item.html`` keeps the
navigation's cost per page independent of the number of claims (see that file)."""

NAV_CACHE = "claimsite_nav_cache"
"""Template global (a dict, fresh each build) in which that partial keeps the HTML of pruned
sections: each is rendered once per distinct link, not once per page."""

STATIC_CSS = "assets/claimsite/claimsite.css"
STATUS_CSS = "assets/claimsite/statuses.css"


@dataclass(frozen=True)
class GeneratedFile:
    src_path: str
    content: str | bytes | Path
    """Text for pages, stylesheets and exports; bytes for images; or a file on disk that holds
    the bytes (share cards kept in their cache), so that a large build need not hold them all
    in memory."""

    @property
    def text(self) -> str:
        """The content of a page or other text file."""
        if not isinstance(self.content, str):
            raise TypeError(f"{self.src_path} is a binary file, not text")
        return self.content


def generated_files(renderer: Renderer) -> Iterator[GeneratedFile]:
    """Every file the engine adds to the site: one page per claim and per category, the CSS."""
    catalog, urls = renderer.catalog, renderer.urls
    for category in catalog.data.categories:
        yield GeneratedFile(urls.category_src(category.id), renderer.category_page(category.id))
    for claim in catalog.data.claims:
        yield GeneratedFile(urls.claim_src(claim.id), renderer.claim_page(claim))
    stylesheet = (
        package_files("claimsite.render").joinpath("assets/claimsite.css").read_text("utf-8")
    )
    yield GeneratedFile(STATIC_CSS, stylesheet)
    yield GeneratedFile(STATUS_CSS, renderer.status_css())


def claims_navigation(renderer: Renderer) -> list[dict[str, list[str]]]:
    """Claims grouped by category, each group led by its category page (a section index).

    Section titles are HTML-escaped here: MkDocs and Material print nav titles as they are.
    """
    catalog, urls = renderer.catalog, renderer.urls
    return [
        {
            str(escape(category.title)): [
                urls.category_src(category.id),
                *(urls.claim_src(claim.id) for claim in catalog.claims_by_category[category.id]),
            ]
        }
        for category in catalog.data.categories
        if catalog.claims_by_category[category.id]
    ]


def with_claims_navigation(
    nav: list[Any] | None, section: list[dict[str, list[str]]]
) -> list[Any] | None:
    """Put the claims section where the nav has the marker, or at the end of the nav.

    Without a nav in ``mkdocs.yml`` MkDocs builds one from the files, and the generated pages
    are found like any other, so nothing is changed.
    """
    if nav is None:
        return None
    result: list[Any] = []
    placed = False
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == NAV_MARKER:
                result.append({title: section})
                placed = True
                continue
        result.append(item)
    if not placed:
        result.append({"Claims": section})
    return result
