"""The engine-neutral part of a build: what the hooks add to MkDocs, as plain values.

A :class:`SiteBuild` is made once per build from a :class:`SiteConfig` (the few settings of
``mkdocs.yml`` the engine reads). It loads and validates the data, and answers each question
an engine asks: the navigation, the extra stylesheets, the files to add, a hand-written page's
Markdown with its directives expanded, a page's head tags. Errors come out as
:class:`BuildError` with every problem in the message, for the adapter to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from claimsite.build.settings import read_settings
from claimsite.datafile.loader import load_catalog
from claimsite.errors import ClaimsiteError, DataFileError, Problem
from claimsite.outputs import edit_links
from claimsite.outputs.exports import machine_files
from claimsite.outputs.head import PageFacts, PageHead
from claimsite.outputs.share_cards import CACHE_FOLDER as CARD_CACHE
from claimsite.render.directives import DirectiveError, expand
from claimsite.render.pages import (
    STATIC_CSS,
    STATUS_CSS,
    GeneratedFile,
    claims_navigation,
    generated_files,
    with_claims_navigation,
)
from claimsite.render.renderer import Renderer
from claimsite.render.urls import SiteUrls

DIRECTIVE_MARK = "[["
"""Pages without it have no directives: they pass through untouched."""


class BuildError(ClaimsiteError):
    """The site cannot be built as configured; the message lists every problem."""


def _shorter(problem: Problem, root: Path) -> Problem:
    """The problem with its file named from the site's folder, as editors open it."""
    prefix = f"{root}/"
    if not problem.file.startswith(prefix):
        return problem
    return problem.located(problem.file.removeprefix(prefix), problem.line, problem.column)


@dataclass(frozen=True)
class SiteConfig:
    """The settings of ``mkdocs.yml`` a build depends on, read by whichever engine runs."""

    root: Path
    """The folder of the configuration file: relative data paths start here."""
    site_name: str
    site_description: str | None = None
    site_url: str | None = None
    use_directory_urls: bool = True
    language: str = "en"
    claimsite: object = None
    """The ``extra.claimsite`` value as written (see :class:`SiteSettings`)."""
    config_file: Path | None = None
    """The configuration file, to point at a wrong setting's line."""
    links_from_source: bool = False
    """Relative links start from each page's source file (see :class:`SiteUrls`)."""


class SiteBuild:
    """Everything the engine adds to one build of one site."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        settings = read_settings(config.claimsite, config.config_file)
        data_path = Path(settings.data)
        try:
            catalog = load_catalog(
                data_path if data_path.is_absolute() else config.root / data_path
            )
        except DataFileError as error:
            raise BuildError(
                [_shorter(problem, config.root) for problem in error.problems]
            ) from None
        self.urls = SiteUrls(
            directory_urls=config.use_directory_urls,
            legend_page=settings.legend_page,
            links_from_source=config.links_from_source,
        )
        self.renderer = Renderer(catalog, self.urls)
        if not data_path.is_absolute():
            links = edit_links.EditLinks(
                catalog.data.meta, data_path.as_posix(), catalog.claim_lines
            )
            edit_links.install(self.renderer, links)
        self.head = PageHead(self.renderer, config.site_name, config.site_description)

    def navigation(self, nav: list[Any] | None) -> list[Any] | None:
        """The site's nav with the claims section in place of the ``@claims`` marker."""
        return with_claims_navigation(nav, claims_navigation(self.renderer))

    def extra_css(self, extra_css: list[str]) -> list[str]:
        """The site's stylesheets and the engine's two."""
        return [*extra_css, STATIC_CSS, STATUS_CSS]

    def files(self) -> Iterator[GeneratedFile]:
        """Claim and category pages, stylesheets, exports, JSON Schema, feed, share cards."""
        yield from generated_files(self.renderer)
        yield from machine_files(
            self.renderer,
            self.config.site_name,
            self.config.site_url,
            self.config.language,
            card_cache=self.config.root / CARD_CACHE,
        )

    def page_markdown(self, markdown: str, src_path: str) -> str:
        """A hand-written page with its directives expanded and its References appended."""
        if DIRECTIVE_MARK not in markdown:
            return markdown
        context = self.renderer.page(self.urls.link_base(src_path))
        try:
            expanded = expand(markdown, context, f"docs/{src_path}")
        except DirectiveError as error:
            raise BuildError(error.problems) from None
        return expanded + context.references()

    def head_html(self, facts: PageFacts) -> Markup:
        """Feed link, Open Graph tags and (on claim pages) ClaimReview JSON-LD."""
        return self.head.html(facts)
