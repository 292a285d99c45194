"""MkDocs hooks: a thin adapter between MkDocs' build events and the claimsite engine.

It lives in the package so that every site made with ``python -m claimsite new`` registers the
same hooks (its ``hooks/claimsite_hooks.py`` re-exports this module). Everything the hooks add
comes from :class:`claimsite.build.site.SiteBuild`, which ``claimsite generate`` uses too, so
hooked and generated builds cannot drift apart. MkDocs keeps this module imported across
``mkdocs serve`` rebuilds, so the module state is replaced at every ``on_config``.

Under ``mkdocs serve`` a data or directive problem does not fail the build (MkDocs would then
leave every browser request waiting until it is fixed): the build finishes with the problems
recorded, every page of the preview becomes the problem page, and the full list is printed at
every rebuild. ``mkdocs build`` fails on them as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from claimsite.build.site import SiteBuild, SiteConfig
from claimsite.errors import ClaimsiteError, Problem
from claimsite.outputs.head import CONTEXT_KEY, PageFacts
from claimsite.render.pages import NAV_CACHE, NAV_THEME_DIR
from claimsite.render.problem_page import problem_page

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_startup",
]
"""The events MkDocs calls; ``hooks/claimsite_hooks.py`` re-exports exactly these."""

_build: SiteBuild | None = None
_previewing = False
"""True under ``mkdocs serve``: problems go to the browser instead of failing the build."""
_problems: list[Problem] = []
"""Problems found during the current build (only kept while previewing)."""


def on_startup(command: str, dirty: bool) -> None:
    """Note whether this run is a live preview (``serve``) or a build that must fail."""
    global _previewing
    _previewing = command == "serve"


def _report(error: ClaimsiteError) -> None:
    """Fail the build, or while previewing, keep the problems for the problem page."""
    if not _previewing:
        raise PluginError(str(error)) from None
    _problems.extend(error.problems)


def _data_unusable() -> bool:
    """Previewing data that failed to load: no engine output, every page shows the problems."""
    return _build is None and bool(_problems)


def on_post_build(config: MkDocsConfig) -> None:
    """While previewing with problems: print them all, and show them on every page."""
    if not _problems:
        return
    report = ClaimsiteError(_problems).report()
    print(
        f"claimsite: the preview shows these problems until they are fixed:\n{report}",
        file=sys.stderr,
    )
    page = problem_page(_problems, config.site_name)
    site = Path(config.site_dir)
    for html in [*site.rglob("*.html"), site / "404.html"]:
        html.write_text(page, encoding="utf-8")


def site_config(config: MkDocsConfig) -> SiteConfig:
    """The settings the engine needs, from MkDocs' loaded configuration."""
    return SiteConfig(
        root=Path(config.config_file_path).parent,
        site_name=config.site_name,
        site_description=config.site_description,
        site_url=config.site_url,
        use_directory_urls=config.use_directory_urls,
        language=str(config.theme.get("language") or "en"),
        claimsite=config.extra.get("claimsite"),
        config_file=Path(config.config_file_path),
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the data once per build; fail the build with every problem found."""
    global _build
    _build = None
    _problems.clear()
    try:
        _build = SiteBuild(site_config(config))
    except ClaimsiteError as error:
        _report(error)
        config.nav = None  # previewing: no claim pages to list; every page shows the problems
        return config
    config.nav = _build.navigation(config.nav)
    _put_nav_theme_first(config)
    config.extra_css = _build.extra_css(config.extra_css)
    return config


def _put_nav_theme_first(config: MkDocsConfig) -> None:
    """Let the engine's navigation partial replace Material's (a site's custom_dir still wins)."""
    dirs = config.theme.dirs
    if NAV_THEME_DIR not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, NAV_THEME_DIR)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """A fresh cache for the navigation partial's pruned sections (see ``NAV_CACHE``)."""
    env.globals[NAV_CACHE] = {}
    return env


def _current() -> SiteBuild:
    if _build is None:  # pragma: no cover - MkDocs always runs on_config first
        raise PluginError("claimsite hooks: on_config did not run")
    return _build


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated claim pages, category pages and stylesheets, and the machine files
    (exports, JSON Schema, feed, share cards)."""
    if _data_unusable():
        return files
    try:
        generated_files = list(_current().files())
    except ClaimsiteError as error:  # e.g. the share cards' fonts are missing
        raise PluginError(str(error)) from None
    for generated in generated_files:
        if files.get_file_from_path(generated.src_path) is not None:
            raise PluginError(
                f"docs/{generated.src_path} is a generated page: remove the hand-written file"
            )
        if isinstance(generated.content, Path):
            added = File.generated(config, generated.src_path, abs_src_path=str(generated.content))
        else:
            added = File.generated(config, generated.src_path, content=generated.content)
        files.append(added)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Expand data directives in hand-written pages and append their references."""
    if page.file.generated_by is not None:
        return markdown
    if _data_unusable():
        return ""
    try:
        return _current().page_markdown(markdown, page.file.src_uri)
    except ClaimsiteError as error:
        _report(error)
        return ""


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    """Give the theme override the page's head tags (feed link, Open Graph, ClaimReview)."""
    if _data_unusable():
        return context
    description = page.meta.get("description")
    facts = PageFacts(
        src_path=page.file.src_uri,
        url=page.url,
        title=page.title or config.site_name,
        description=str(description) if description else None,
        canonical_url=page.canonical_url,
        is_homepage=page.is_homepage,
    )
    context[CONTEXT_KEY] = _current().head_html(facts)  # type: ignore[literal-required]
    return context
