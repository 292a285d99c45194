"""The site under three engines: MkDocs and ProperDocs with the hooks, Zensical from
``claimsite generate``. Every page's article must say the same thing in each: the same claims,
badges, values and citations, with every link landing on the same page and anchor."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from claimsite.build.generate import GenerateError, generate
from claimsite.datafile.loader import load_catalog
from tests.conftest import REPO
from tests.site_build import engine_site, real_site

CATALOG = load_catalog(REPO / "data" / "claims.yaml")
OTHER_ENGINES = ["properdocs", "zensical", "generated-mkdocs"]
"""ProperDocs runs the hooks; Zensical, and MkDocs without hooks, build ``claimsite generate``."""


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))


def _article(site: Path, page: str) -> Tag:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, f"{page}: no article"
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    return article


SITE_ROOT = "/served/under/"
"""Pages are resolved as if served below a path, as on a project host, so that a link with
one ``../`` too many shows up instead of being clamped at the server's root."""


def _target(page: str, href: str) -> str:
    """Where a link lands, as a site path with its anchor (``claims/x/#row-y``)."""
    url, fragment = urldefrag(urljoin(SITE_ROOT + page.removesuffix("index.html"), href))
    if url.startswith(("http:", "https:", "mailto:")):
        return href
    path = posixpath.normpath(url) + ("/" if url.endswith("/") else "")
    if not path.startswith(SITE_ROOT):
        return f"outside the site: {href}"
    return f"{path.removeprefix(SITE_ROOT)}#{fragment}"


@dataclass(frozen=True)
class Content:
    """What a reader gets from one page's article, whatever markup the engine wrapped it in."""

    text: str
    claims: tuple[str, ...]
    badges: tuple[tuple[str, str], ...]
    links: tuple[str, ...]


def _content(site: Path, page: str) -> Content:
    article = _article(site, page)
    return Content(
        text=" ".join(article.get_text("").split()),
        claims=tuple(str(node["data-claim"]) for node in article.select("[data-claim]")),
        badges=tuple(
            (badge.get_text(" ", strip=True), _target(page, str(badge.get("href", ""))))
            for badge in article.select(".cs-badge")
        ),
        links=tuple(_target(page, str(a["href"])) for a in article.select("a[href]")),
    )


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_page_says_the_same_under_each_engine(engine: str) -> None:
    mkdocs, other = real_site(), engine_site(engine)
    assert _pages(other) == _pages(mkdocs)
    for page in _pages(mkdocs):
        expected, got = _content(mkdocs, page), _content(other, page)
        assert got == expected, f"{engine}: {page} differs from the MkDocs build"


def test_zensical_build_is_complete() -> None:
    """Claim and category pages, the full spec table, citations both ways, no directive left,
    and the head tags the hooks would add."""
    site = engine_site("zensical")
    data = CATALOG.data
    for claim in data.claims:
        assert (site / "claims" / claim.id / "index.html").is_file(), claim.id
    for category in data.categories:
        assert (site / "categories" / category.id / "index.html").is_file(), category.id
    home = _article(site, "index.html")
    rows = {str(row["data-claim"]) for row in home.select("table.cs-spec-table tr[data-claim]")}
    assert rows == {claim.id for claim in data.claims}
    for page in _pages(site):
        article = _article(site, page)
        for code in article.select("code"):
            code.decompose()
        assert "[[" not in article.get_text(), f"{page}: unexpanded directive"
        ids = {str(node["id"]) for node in article.select("[id]")}
        for link in article.select("sup.cs-cite a, .cs-backlinks a"):
            assert str(link["href"]).removeprefix("#") in ids, f"{page}: {link['href']}"
    claim = data.claims[0]
    head = BeautifulSoup(
        (site / "claims" / claim.id / "index.html").read_text(encoding="utf-8"), "html.parser"
    ).head
    assert head is not None
    ld = head.select_one('script[type="application/ld+json"]')
    assert ld is not None and json.loads(ld.get_text())["@type"] == "ClaimReview"
    og_url = head.select_one('meta[property="og:url"]')
    assert og_url is not None and str(og_url["content"]).endswith(f"claims/{claim.id}/")
    assert head.select_one('link[rel="alternate"][type="application/atom+xml"]') is not None
    for machine in ("claims.json", "claims.csv", "feed.xml", "schema/claims.schema.json"):
        assert (site / machine).is_file(), machine


def test_generated_config_has_no_hooks_and_the_claims_nav() -> None:
    out = engine_site("zensical").parent
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "claimsite" not in config.get("extra", {})
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    claims_section = next(item["Claims"] for item in config["nav"] if "Claims" in item)
    listed = {path for group in claims_section for paths in group.values() for path in paths}
    assert {f"claims/{claim.id}.md" for claim in CATALOG.data.claims} <= listed
    assert {"assets/claimsite/claimsite.css", "assets/claimsite/statuses.css"} <= set(
        config["extra_css"]
    )


@pytest.mark.parametrize(
    ("prepare", "expected"),
    [
        (lambda out: (out / "notes.txt").write_text("mine"), "not written by claimsite generate"),
        (lambda out: None, None),
    ],
)
def test_generate_refuses_a_folder_it_did_not_write(
    tmp_path: Path, prepare: object, expected: str | None
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert callable(prepare)
    prepare(out)
    if expected is None:
        generate(REPO / "mkdocs.yml", out)
        stale, page = out / "docs" / "claims" / "removed-claim.md", out / "docs" / "index.md"
        stale.write_text("left by an earlier run", "utf-8")
        written = page.stat().st_mtime_ns
        generate(REPO / "mkdocs.yml", out)  # a second run replaces the first
        assert not stale.exists()
        assert page.stat().st_mtime_ns == written  # unchanged bytes are not rewritten
        return
    with pytest.raises(GenerateError, match=expected):
        generate(REPO / "mkdocs.yml", out)


def test_generate_reports_directive_errors_with_the_page_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "data").mkdir()
    (site / "data" / "claims.yaml").write_bytes((REPO / "data" / "claims.yaml").read_bytes())
    (site / "docs" / "index.md").write_text("# Home\n\nSee [[badge no-such-claim]].\n", "utf-8")
    (site / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    with pytest.raises(GenerateError, match=r"docs/index\.md:3:5: .*no-such-claim"):
        generate(site / "mkdocs.yml", tmp_path / "out")
