"""``claimsite generate``: the site as plain Markdown, for engines that run no MkDocs hooks.

Zensical (and any other engine that reads ``mkdocs.yml`` and Python-Markdown pages) cannot run
the hooks, so this writes out what they would add, computed by the same
:class:`~claimsite.build.site.SiteBuild`: ``OUT/docs/`` holds the hand-written pages with every
directive expanded and their References appended, the generated claim and category pages, the
stylesheets and the machine files; ``OUT/mkdocs.yml`` is the site's configuration with the
claims navigation written in and the hooks entry removed. Each page's head tags go into its
front matter as ``claimsite_head``, which the theme override prints when the hooks did not
supply them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimsite.build.config_file import Tagged, config_text, read_config
from claimsite.build.site import SiteBuild, SiteConfig
from claimsite.errors import ClaimsiteError, ExitCode, Problem
from claimsite.outputs.head import CONTEXT_KEY, PageFacts
from claimsite.render.pages import NAV_THEME_DIR

MARKER = ".claimsite-generated"
"""Written into OUT, so that a later run may replace what an earlier one wrote, and only that."""

DROPPED_KEYS = ("hooks", "watch", "site_dir")
"""Settings that point into the source repository or need MkDocs to run them."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


class GenerateError(ClaimsiteError):
    """The site cannot be generated; the message says why and how to fix it."""

    exit_code = ExitCode.PROBLEMS


@dataclass(frozen=True)
class Generated:
    """What a run wrote: the configuration file and the number of pages and other files."""

    config: Path
    pages: int
    files: int


ENGINES = {"zensical": True, "mkdocs": False}
"""Engine → whether it resolves relative links in a page's HTML from the page's source file."""


def _config_of(raw: dict[str, Any], config_path: Path, engine: str) -> SiteConfig:
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    extra = raw.get("extra") if isinstance(raw.get("extra"), dict) else {}
    assert isinstance(theme, dict) and isinstance(extra, dict)
    site_name = raw.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        raise GenerateError("mkdocs.yml has no site_name: add one (it titles every page)")
    return SiteConfig(
        root=config_path.resolve().parent,
        site_name=site_name,
        site_description=raw.get("site_description") or None,
        site_url=raw.get("site_url") or None,
        use_directory_urls=bool(raw.get("use_directory_urls", True)),
        language=str(theme.get("language") or "en"),
        claimsite=extra.get("claimsite"),
        config_file=config_path,
        links_from_source=ENGINES[engine],
    )


def _nav_titles(nav: object) -> dict[str, str]:
    """Page path → the title the nav gives it (MkDocs prefers that over everything else)."""
    titles: dict[str, str] = {}
    if isinstance(nav, list):
        for item in nav:
            titles.update(_nav_titles(item))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                titles[value] = str(title)
            else:
                titles.update(_nav_titles(value))
    return titles


def split_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) as MkDocs splits them; no front matter gives an empty mapping."""
    match = _FRONT_MATTER.match(markdown)
    if match is None:
        return {}, markdown
    meta = read_front_matter(match.group(1) or "")
    return meta, markdown[match.end() :]


def read_front_matter(text: str) -> dict[str, Any]:
    import yaml

    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _title(src_path: str, meta: dict[str, Any], body: str, nav_title: str | None) -> str:
    """The page title as MkDocs chooses it: nav, front matter, first heading, file name."""
    if nav_title is not None:
        return nav_title
    if "title" in meta:
        return str(meta["title"])
    heading = _H1.search(body)
    if heading is not None:
        return _INLINE_MARKUP.sub(lambda m: m.group(1) or "", heading.group(1)).strip()
    if src_path == "index.md":
        return "Home"
    name = src_path.rsplit("/", 1)[-1].removesuffix(".md")
    if name == "index":
        name = src_path.rsplit("/", 2)[-2] if "/" in src_path else name
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _with_head(markdown: str, head_html: str) -> str:
    """The page with ``claimsite_head`` added to its front matter (JSON is valid YAML)."""
    line = f"{CONTEXT_KEY}: {json.dumps(head_html, ensure_ascii=False)}\n"
    match = _FRONT_MATTER.match(markdown)
    if match is None:
        return f"---\n{line}---\n\n{markdown}"
    inner = match.group(1) or ""
    return f"---\n{inner}{line}---\n{markdown[match.end() :]}"


def _hand_written(docs_dir: Path) -> Iterator[tuple[str, Path]]:
    """(source path, file) of every file MkDocs would take from ``docs_dir``: no dot-files."""
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix(), path


def _prepare(out: Path, root: Path) -> None:
    out = out.resolve()
    if out == root.resolve() or root.resolve().is_relative_to(out):
        raise GenerateError(f"{out} holds the site's sources: choose another folder")
    if out.exists():
        if not out.is_dir():
            raise GenerateError(f"{out} is a file: choose a folder")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise GenerateError(
                f"{out} is not empty and was not written by claimsite generate: choose a new "
                "or empty folder"
            )
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by claimsite generate; safe to delete\n", "utf-8")


class _Tree:
    """The files of one run under OUT. A file whose bytes are unchanged is not rewritten and
    files an earlier run wrote but this one did not are removed, so an engine's file watcher
    (``zensical serve``) sees exactly the pages an edit changed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: set[Path] = set()

    def write(self, relative: str, content: str | bytes | Path) -> None:
        path = self.out / relative
        if isinstance(content, Path):
            content = content.read_bytes()
        elif isinstance(content, str):
            content = content.encode("utf-8")
        self.written.add(path)
        if path.is_file() and path.read_bytes() == content:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def copy_folder(self, source: Path, relative: str) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                self.write(f"{relative}/{path.relative_to(source).as_posix()}", path)

    def prune(self, *folders: str) -> None:
        """Remove what earlier runs left in ``folders`` and this run did not write."""
        for folder in folders:
            for path in sorted((self.out / folder).rglob("*"), reverse=True):
                if path.is_file() and path not in self.written:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()


def generate(config_path: Path, out: Path, engine: str = "zensical") -> Generated:
    """Write the plain Markdown site for ``config_path`` into ``out``, for ``engine``."""
    if engine not in ENGINES:
        raise GenerateError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    raw = read_config(config_path)
    root = config_path.resolve().parent
    build = SiteBuild(_config_of(raw, config_path, engine))
    config = build.config
    docs_dir = root / str(raw.get("docs_dir", "docs"))
    if not docs_dir.is_dir():
        raise GenerateError(f"docs_dir {docs_dir} is not a folder: fix docs_dir in mkdocs.yml")
    _prepare(out, root)
    tree = _Tree(out)
    nav = build.navigation(raw.get("nav"))
    nav_titles = _nav_titles(nav)
    pages: dict[str, str] = {}
    files = 0
    generated = list(build.files())
    generated_paths = {item.src_path for item in generated}
    problems: list[Problem] = []
    for src_path, path in _hand_written(docs_dir):
        if src_path in generated_paths:
            raise GenerateError(
                f"docs/{src_path} is a generated page: remove the hand-written file"
            )
        if src_path.endswith(".md"):
            markdown = path.read_text(encoding="utf-8")
            try:
                pages[src_path] = build.page_markdown(markdown, src_path)
            except ClaimsiteError as error:
                problems.extend(error.problems)
        else:
            tree.write(f"docs/{src_path}", path)
            files += 1
    if problems:
        raise GenerateError(problems)
    for item in generated:
        if item.src_path.endswith(".md"):
            pages[item.src_path] = item.text
        else:
            tree.write(f"docs/{item.src_path}", item.content)
            files += 1
    for src_path, markdown in pages.items():
        meta, body = split_front_matter(markdown)
        if CONTEXT_KEY in meta:
            raise GenerateError(
                f"docs/{src_path}: front matter key {CONTEXT_KEY} is reserved for the engine: "
                "remove it"
            )
        url = build.urls.url_of(src_path)
        description = meta.get("description")
        facts = PageFacts(
            src_path=src_path,
            url=url,
            title=_title(src_path, meta, body, nav_titles.get(src_path)),
            description=str(description) if description else None,
            canonical_url=f"{config.site_url.rstrip('/')}/{url}" if config.site_url else None,
            is_homepage=src_path == "index.md",
        )
        tree.write(f"docs/{src_path}", _with_head(markdown, str(build.head_html(facts))))
    config_out = _out_config(raw, build, nav)
    theme = _write_theme(raw.get("theme"), root, tree, engine)
    if theme is not None:
        config_out["theme"] = theme
    tree.write("mkdocs.yml", config_text(config_out))
    tree.prune("docs", "overrides")
    return Generated(out / "mkdocs.yml", len(pages), files)


def _write_theme(theme: object, root: Path, tree: _Tree, engine: str) -> object:
    """The theme setting for the generated tree, its overrides copied to ``OUT/overrides``.

    For MkDocs the engine's navigation partial goes there too (the hooks put it before
    Material's; a site's own override of it still wins). Zensical renders its own navigation.
    """
    if isinstance(theme, str):
        theme = {"name": theme}
    if not isinstance(theme, dict):
        return theme
    custom_dir = theme.get("custom_dir")
    if engine == "mkdocs":
        tree.copy_folder(Path(NAV_THEME_DIR), "overrides")
    if isinstance(custom_dir, str):
        tree.copy_folder(root / custom_dir, "overrides")
    if any(path.parent.is_relative_to(tree.out / "overrides") for path in tree.written):
        theme = {**theme, "custom_dir": "overrides"}
    return theme


def _out_config(raw: dict[str, Any], build: SiteBuild, nav: list[Any] | None) -> dict[str, Any]:
    """The site's configuration for the generated tree: same settings, no hooks."""
    result = {key: value for key, value in raw.items() if key not in DROPPED_KEYS}
    result["docs_dir"] = "docs"
    if nav is not None:
        result["nav"] = nav
    result["extra_css"] = build.extra_css(list(raw.get("extra_css") or []))
    extra = dict(raw.get("extra") or {})
    extra.pop("claimsite", None)
    if extra:
        result["extra"] = extra
    else:
        result.pop("extra", None)
    for key, value in result.items():
        if isinstance(value, Tagged) and value.tag == "!relative":  # pragma: no cover
            raise GenerateError(f"mkdocs.yml: {key} uses !relative, which generate cannot move")
    return result
