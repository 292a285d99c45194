"""Where generated pages live and how pages link to each other.

The engine computes links itself (generated HTML bypasses MkDocs' Markdown link rewriting), so
every address a template writes comes from here and is relative to the page it appears on.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteUrls:
    """Source paths and site addresses of generated pages, for one ``use_directory_urls`` mode."""

    directory_urls: bool = True
    claims_dir: str = "claims"
    categories_dir: str = "categories"
    cards_dir: str = "cards"
    legend_page: str = "methodology.md"
    links_from_source: bool = False
    """Write a page's relative links from its source file instead of its address (engines
    such as Zensical resolve every relative link in a page, raw HTML too, from its Markdown
    file; MkDocs leaves the links in HTML as written)."""

    def claim_src(self, claim_id: str) -> str:
        return f"{self.claims_dir}/{claim_id}.md"

    def category_src(self, category_id: str) -> str:
        return f"{self.categories_dir}/{category_id}/index.md"

    def url_of(self, src_path: str) -> str:
        """The site address MkDocs gives a Markdown file (mirrors ``File.url``)."""
        stem = src_path.removesuffix(".md")
        if not self.directory_urls:
            return "" if stem == "index" else f"{stem}.html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/"

    def link_base(self, src_path: str) -> str:
        """What the relative links on the page made from ``src_path`` start from."""
        return src_path if self.links_from_source else self.url_of(src_path)

    def claim_url(self, claim_id: str) -> str:
        return self.url_of(self.claim_src(claim_id))

    def category_url(self, category_id: str) -> str:
        return self.url_of(self.category_src(category_id))

    def status_url(self, status_id: str) -> str:
        return f"{self.url_of(self.legend_page)}#status-{status_id}"

    def card_path(self, claim_id: str) -> str:
        """The claim's share card (a PNG), a file beside the pages."""
        return f"{self.cards_dir}/{claim_id}.png"

    def confidence_url(self, level: str) -> str:
        """Where a confidence level is defined: beside the rating scale (``[[legend]]``)."""
        return f"{self.url_of(self.legend_page)}#confidence-{level}"


class LinksFrom:
    """Relative addresses as seen from one page.

    Every generated link goes through here, so it is computed the way ``posixpath.relpath``
    does (same result, tested against it), from the page's folder split once, without
    ``relpath``'s working-directory lookup per link; repeated targets come from a cache.
    """

    def __init__(self, base: str) -> None:
        base_dir = base.rsplit("/", 1)[0] if "/" in base else ""
        self._base_dir = base_dir
        self._base_parts = _parts(base_dir)
        self._cache: dict[str, str] = {}

    def to(self, target: str) -> str:
        """Address of site-root-relative ``target`` from this page."""
        found = self._cache.get(target)
        if found is None:
            found = self._cache[target] = self._relative(target)
        return found

    def _relative(self, target: str) -> str:
        target_path, hash_mark, fragment = target.partition("#")
        target_parts = _parts(target_path or ".")
        if target_parts is None or self._base_parts is None:
            relative = posixpath.relpath(target_path or ".", self._base_dir or ".")
        else:
            base_parts, common = self._base_parts, 0
            for mine, theirs in zip(base_parts, target_parts, strict=False):
                if mine != theirs:
                    break
                common += 1
            steps = [".."] * (len(base_parts) - common) + target_parts[common:]
            relative = "/".join(steps) if steps else "."
        if target_path == "" or target_path.endswith("/"):
            relative = "./" if relative == "." else f"{relative}/"
        return f"{relative}{hash_mark}{fragment}"


def _parts(path: str) -> list[str] | None:
    """The path's folders as ``relpath`` compares them, or ``None`` when it is absolute or
    climbs (``..``) and only ``relpath`` itself gives the exact answer."""
    parts = [part for part in path.split("/") if part and part != "."]
    return None if path.startswith("/") or ".." in parts else parts


def relative_url(target: str, base: str) -> str:
    """Address of site-root-relative ``target`` as seen from the page at ``base``."""
    return LinksFrom(base).to(target)
