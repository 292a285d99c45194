"""Strict MkDocs builds through the hooks, checked with an HTML parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import FIXTURES, REPO, text

MKDOCS_YML = """\
site_name: Widget X claims
site_url: https://example.org/widget/
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.indexes, navigation.prune]
plugins: [search]
hooks:
  - {hooks}
extra:
  claimsite:
    data: data/claims.yaml
markdown_extensions: [admonition, attr_list, md_in_html, toc]
nav:
  - Home: index.md
  - Claims: "@claims"
  - Methodology: methodology.md
"""

INDEX_MD = """\
# Widget X

[[scoreboard]]

Weight is [[badge weight]] according to the maker [[cite maker]].

[[spec-table]]
"""


def make_project(root: Path, data: str | None = None, index: str = INDEX_MD) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "data").mkdir()
    hooks = REPO / "hooks" / "claimsite_hooks.py"
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(hooks=hooks), encoding="utf-8")
    (root / "data" / "claims.yaml").write_text(
        data if data is not None else (FIXTURES / "valid.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (root / "docs" / "index.md").write_text(index, encoding="utf-8")
    (root / "docs" / "methodology.md").write_text("# Methodology\n\n[[legend]]\n", encoding="utf-8")
    return root


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """A strict, quiet ``mkdocs build`` of ``project`` into ``out``, dated reproducibly."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def html(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def assert_citations_resolve(doc: BeautifulSoup, where: str) -> int:
    """Every citation link points at a reference on the same page, and back."""
    ids = {str(tag["id"]) for tag in doc.find_all(id=True)}
    cites = doc.select("sup.cs-cite a")
    for link in cites:
        assert str(link["href"]).removeprefix("#") in ids, f"{where}: {link} has no target"
    for back in doc.select("ol.cs-references .cs-backlinks a"):
        assert str(back["href"]).removeprefix("#") in ids, f"{where}: dangling back-link {back}"
    refs = doc.select("ol.cs-references > li")
    assert [li["id"] for li in refs] == [f"ref-{n}" for n in range(1, len(refs) + 1)], where
    return len(cites)


def assert_internal_links_resolve(site: Path) -> None:
    """Every relative href in every page leads to a file of the built site."""
    for page in site.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in doc.select(".md-content a[href]"):
            href = str(link["href"])
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)}: broken link {href}"


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixture-project")
    project = make_project(root / "project")
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def test_generated_pages_exist(built_fixture: Path) -> None:
    for path in ("claims/weight", "claims/price", "categories/size", "categories/price"):
        assert (built_fixture / path / "index.html").exists(), path
    css = (built_fixture / "assets/claimsite/statuses.css").read_text(encoding="utf-8")
    assert ".cs-badge--contradicted" in css


def test_home_page_table_badges_and_citations(built_fixture: Path) -> None:
    doc = html(built_fixture, "")
    rows = doc.select("table.cs-spec-table tbody tr")
    assert [(row["data-claim"], row.select_one(".cs-badge").get_text()) for row in rows] == [  # type: ignore[union-attr]
        ("weight", "Contradicted"),
        ("price", "Unverified"),
    ]
    # maker cited first in the prose, then leak and paper from the table
    refs = [li["data-source"] for li in doc.select("ol.cs-references > li")]
    assert refs == ["maker", "leak", "paper"]
    numbers = [a.get_text() for a in doc.select("sup.cs-cite a")]
    assert numbers == ["[1]", "[2]", "[2]", "[3]"]
    assert_citations_resolve(doc, "home")
    scores = {
        li["data-status"]: text(li.select_one(".cs-score__count"))
        for li in doc.select("li.cs-score")
    }
    assert scores == {"verified": "0", "unverified": "1", "contradicted": "1"}


def test_claim_page(built_fixture: Path) -> None:
    doc = html(built_fixture, "claims/weight")
    assert doc.find("h1").get_text() == "Weight"  # type: ignore[union-attr]
    assert doc.select_one(".cs-verdict .cs-badge").get_text() == "Contradicted"  # type: ignore[union-attr]
    description = doc.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag)
    assert description["content"] == "The maker's spec sheet gives a lower weight than the leak."
    assert assert_citations_resolve(doc, "claims/weight") >= 3
    badge = doc.select_one(".cs-verdict .cs-badge")
    assert badge is not None and badge["href"] == "../../methodology/#status-contradicted"


def test_navigation_is_grouped_by_category(built_fixture: Path) -> None:
    doc = html(built_fixture, "claims/weight")
    nav = doc.select_one("nav.md-nav--primary")
    assert nav is not None
    labels = [
        label.get_text(" ", strip=True)
        for label in nav.select("label.md-nav__link, a.md-nav__link")
    ]
    assert any(label.startswith("Size") for label in labels)
    links = {str(a["href"]) for a in nav.select("a.md-nav__link")}
    assert "./" in links or "../weight/" in links


def test_internal_links_resolve(built_fixture: Path) -> None:
    assert_internal_links_resolve(built_fixture)


def test_bad_data_fails_the_build_with_every_problem(tmp_path: Path) -> None:
    data = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    data = data.replace("category: size", "category: sise").replace(
        "kind: forum", "kind: newspaper"
    )
    result = mkdocs_build(make_project(tmp_path / "p", data=data), tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/claims.yaml:" in result.stderr
    assert "unknown category 'sise'" in result.stderr
    assert "'newspaper' is not an allowed value for 'kind'" in result.stderr


def test_bad_directive_fails_the_build_naming_page_and_line(tmp_path: Path) -> None:
    index = "# Home\n\n[[spec-table category=nope]]\n"
    result = mkdocs_build(make_project(tmp_path / "p", index=index), tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "docs/index.md:3:1: unknown category 'nope'" in result.stderr


def test_hand_written_copy_of_a_generated_page_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs" / "claims").mkdir()
    (project / "docs" / "claims" / "weight.md").write_text("# Weight\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/claims/weight.md is a generated page" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to find the repository")
def test_the_real_site_builds_strict_and_every_citation_resolves(tmp_path: Path) -> None:
    result = mkdocs_build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    site = tmp_path / "site"
    pages = list(site.rglob("index.html"))
    assert len(pages) > 5
    for page in pages:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert_citations_resolve(doc, str(page.relative_to(site)))
    assert_internal_links_resolve(site)
