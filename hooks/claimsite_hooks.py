"""MkDocs hooks: a thin adapter between MkDocs' build events and the claimsite engine.

All logic lives in the ``claimsite`` package. MkDocs keeps this module imported across
``mkdocs serve`` rebuilds, so the one piece of module state is replaced at every ``on_config``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from claimsite.directives import DirectiveError, expand
from claimsite.errors import DataFileError
from claimsite.loader import load_catalog
from claimsite.pages import (
    STATIC_CSS,
    STATUS_CSS,
    claims_navigation,
    generated_files,
    with_claims_navigation,
)
from claimsite.render import Renderer
from claimsite.urls import SiteUrls

_renderer: Renderer | None = None


def _settings(config: MkDocsConfig) -> dict[str, str]:
    settings = config.extra.get("claimsite") or {}
    if not isinstance(settings, dict):
        raise PluginError("extra.claimsite in mkdocs.yml must be a mapping (data: PATH, ...)")
    return {str(key): str(value) for key, value in settings.items()}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data once per build; fail the build with every problem found."""
    global _renderer
    _renderer = None
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
    config.nav = with_claims_navigation(config.nav, claims_navigation(_renderer))
    config.extra_css = [*config.extra_css, STATIC_CSS, STATUS_CSS]
    return config


def _current() -> Renderer:
    if _renderer is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("claimsite hooks: on_config did not run")
    return _renderer


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated claim pages, category pages and stylesheets."""
    for generated in generated_files(_current()):
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
