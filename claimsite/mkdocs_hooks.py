"""MkDocs hooks: a thin adapter between MkDocs' build events and the claimsite engine.

It lives in the package so that every site made with ``python -m claimsite new`` registers the
same hooks (its ``hooks/claimsite_hooks.py`` re-exports this module). All logic lives in the
engine modules. MkDocs keeps this module imported across ``mkdocs serve`` rebuilds, so the one
piece of module state is replaced at every ``on_config``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from claimsite.datafile.loader import load_catalog
from claimsite.errors import DataFileError
from claimsite.outputs import edit_links
from claimsite.outputs.exports import machine_files
from claimsite.outputs.head import CONTEXT_KEY, PageFacts, PageHead
from claimsite.render.directives import DirectiveError, expand
from claimsite.render.pages import (
    STATIC_CSS,
    STATUS_CSS,
    claims_navigation,
    generated_files,
    with_claims_navigation,
)
from claimsite.render.renderer import Renderer
from claimsite.render.urls import SiteUrls

_renderer: Renderer | None = None
_head: PageHead | None = None


def _settings(config: MkDocsConfig) -> dict[str, str]:
    settings = config.extra.get("claimsite") or {}
    if not isinstance(settings, dict):
        raise PluginError("extra.claimsite in mkdocs.yml must be a mapping (data: PATH, ...)")
    return {str(key): str(value) for key, value in settings.items()}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data once per build; fail the build with every problem found."""
    global _renderer, _head
    _renderer = _head = None
    settings = _settings(config)
    root = Path(config.config_file_path).parent
    data_path = Path(settings.get("data", "data/claims.yaml"))
    try:
        catalog = load_catalog(root / data_path if not data_path.is_absolute() else data_path)
    except DataFileError as error:
        shown = [problem.format().replace(str(root) + "/", "", 1) for problem in error.problems]
        raise PluginError("the claims data has problems:\n" + "\n".join(shown)) from None
    urls = SiteUrls(
        directory_urls=config.use_directory_urls,
        legend_page=settings.get("legend_page", "methodology.md"),
    )
    _renderer = Renderer(catalog, urls)
    if not data_path.is_absolute():
        links = edit_links.EditLinks(catalog.data.meta, data_path.as_posix(), catalog.claim_lines)
        edit_links.install(_renderer, links)
    _head = PageHead(_renderer, config.site_name, config.site_description)
    config.nav = with_claims_navigation(config.nav, claims_navigation(_renderer))
    config.extra_css = [*config.extra_css, STATIC_CSS, STATUS_CSS]
    return config


def _current() -> Renderer:
    if _renderer is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("claimsite hooks: on_config did not run")
    return _renderer


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated claim pages, category pages and stylesheets, and the machine files
    (exports, JSON Schema, feed)."""
    language = str(config.theme.get("language") or "en")
    machine = machine_files(_current(), config.site_name, config.site_url, language)
    for generated in [*generated_files(_current()), *machine]:
        if files.get_file_from_path(generated.src_path) is not None:
            raise PluginError(
                f"docs/{generated.src_path} is a generated page: remove the hand-written file"
            )
        files.append(File.generated(config, generated.src_path, content=generated.content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Expand data directives in hand-written pages and append their references."""
    if page.file.generated_by is not None or "[[" not in markdown:
        return markdown
    context = _current().page(page.url)
    try:
        expanded = expand(markdown, context, f"docs/{page.file.src_uri}")
    except DirectiveError as error:
        raise PluginError(str(error)) from None
    return expanded + context.references()


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    """Give the theme override the page's head tags (feed link, Open Graph, ClaimReview)."""
    if _head is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("claimsite hooks: on_config did not run")
    description = page.meta.get("description")
    facts = PageFacts(
        src_path=page.file.src_uri,
        url=page.url,
        title=page.title or config.site_name,
        description=str(description) if description else None,
        canonical_url=page.canonical_url,
        is_homepage=page.is_homepage,
    )
    context[CONTEXT_KEY] = _head.html(facts)  # type: ignore[literal-required]
    return context
