"""Renderer output, checked with an HTML parser: tables, badges, citations, escaping, links."""

from __future__ import annotations

import posixpath

import pytest
from bs4 import BeautifulSoup, Tag

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.checks import find_raw_html
from claimsite.datafile.loader import validate_text
from claimsite.render.colours import contrast, text_colour_for
from claimsite.render.renderer import Renderer
from claimsite.render.safe_markdown import SafeMarkdown
from claimsite.render.urls import LinksFrom, SiteUrls, relative_url
from tests.conftest import TODAY


def renderer_for(text: str) -> Renderer:
    return Renderer(Catalog(validate_text(text, "data.yaml", TODAY)))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_spec_table_has_a_row_per_claim_with_badge_and_citations(valid_text: str) -> None:
    renderer = renderer_for(valid_text)
    page = renderer.page("")
    table = soup(str(page.spec_table(renderer.catalog.data.claims)))
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Spec", "Claimed", "Verified / actual", "Status", "Sources"]
    rows = table.select("tbody tr")
    assert [row["data-claim"] for row in rows] == ["weight", "price"]
    weight = rows[0]
    assert weight.select_one("th a")["href"] == "claims/weight/"  # type: ignore[index]
    assert weight.select_one(".cs-claimed").get_text() == "12 kg"  # type: ignore[union-attr]
    assert "10 kg" in weight.select_one(".cs-actual").get_text()  # type: ignore[union-attr]
    badge = weight.select_one(".cs-badge")
    assert isinstance(badge, Tag)
    assert badge.get_text() == "Contradicted"
    assert badge["href"] == "methodology/#status-contradicted"
    assert badge["title"] == "Evidence says the opposite."
    price_variants = rows[1].select_one(".cs-claimed")
    assert price_variants is not None and len(price_variants.find_all("br")) == 1


def test_citations_are_numbered_in_order_of_first_use(valid_text: str) -> None:
    renderer = renderer_for(valid_text)
    page = renderer.page("")
    html = str(page.spec_table(renderer.catalog.data.claims)) + page.references()
    doc = soup(html)
    numbers = [a.get_text() for a in doc.select("sup.cs-cite a")]
    assert numbers == ["[1]", "[1]", "[2]"]  # weight: leak; price: leak again, then paper
    refs = doc.select("ol.cs-references > li")
    assert [li["id"] for li in refs] == ["ref-1", "ref-2"]
    assert [li["data-source"] for li in refs] == ["leak", "paper"]


def test_every_citation_resolves_and_every_backlink_returns(valid_text: str) -> None:
    renderer = renderer_for(valid_text)
    claim = renderer.catalog.claims["weight"]
    doc = soup(renderer.claim_page(claim))
    ids = {tag["id"] for tag in doc.find_all(id=True)}
    cites = doc.select("sup.cs-cite")
    assert cites, "the claim page cites its sources"
    for sup in cites:
        link = sup.find("a")
        assert isinstance(link, Tag)
        assert str(link["href"]).removeprefix("#") in ids
    for back in doc.select(".cs-backlinks a"):
        assert str(back["href"]).removeprefix("#") in ids
    # the leak is cited once; the maker as actual value, then as evidence
    maker = doc.select_one('li[data-source="maker"] .cs-backlinks')
    assert maker is not None and len(maker.find_all("a")) == 2


@pytest.mark.parametrize(
    ("claim", "source", "first", "second", "second_href"),
    [
        # a live source: its own address first, the archived copy beside it
        (
            "weight",
            "maker",
            "https://maker.example/spec",
            ".cs-archive",
            "https://web.archive.org/",
        ),
        # a dead one: the archived copy first, the original beside it
        (
            "price",
            "paper",
            "https://archive.ph/abcde",
            ".cs-original",
            "https://paper.example/story",
        ),
    ],
)
def test_reference_links_live_or_archived_copy_first(
    valid_text: str, claim: str, source: str, first: str, second: str, second_href: str
) -> None:
    renderer = renderer_for(valid_text)
    doc = soup(renderer.claim_page(renderer.catalog.claims[claim]))
    item = doc.select_one(f'ol.cs-references li[data-source="{source}"]')
    assert item is not None
    title = item.select_one(".cs-ref-title")
    assert title is not None and title["href"] == first
    other = item.select_one(second)
    assert other is not None and str(other["href"]).startswith(second_href)
    if source == "maker":
        assert "Accessed 2 June 2025" in item.get_text()


def test_claim_page_sections_and_disagreement_note(valid_text: str) -> None:
    renderer = renderer_for(valid_text)
    weight = renderer.claim_page(renderer.catalog.claims["weight"])
    assert weight.startswith('---\ntitle: "Weight"\n')
    for heading in (
        "## Why this verdict",
        "## Evidence",
        "## History",
        "## Related claims",
        "## References",
    ):
        assert heading in weight
    doc = soup(weight)
    assert doc.select_one(".cs-verdict .cs-badge").get_text() == "Contradicted"  # type: ignore[union-attr]
    assert doc.select_one(".cs-explanation strong").get_text() == "12 kg"  # type: ignore[union-attr]
    assert [b.get_text() for b in doc.select(".cs-history .cs-badge")] == [
        "Unverified",
        "Contradicted",
    ]
    assert doc.select_one(".cs-evidence q").get_text() == "weighs 10 kg"  # type: ignore[union-attr]
    price = soup(renderer.claim_page(renderer.catalog.claims["price"]))
    assert price.select_one(".cs-disagree") is not None
    assert price.select_one(".cs-no-evidence") is not None
    assert doc.select_one(".cs-disagree") is None


def test_text_from_yaml_is_escaped(valid_text: str) -> None:
    """Validation refuses markup in plain text; the renderer escapes it all the same."""
    valid = validate_text(valid_text, "data.yaml", TODAY)
    weight, price = valid.claims
    hostile = valid.model_copy(
        update={
            "claims": [
                weight.model_copy(update={"spec": "<img src=x onerror=alert(1)>"}),
                price.model_copy(
                    update={"conclusion": "<script>x</script> Nobody published a price yet."}
                ),
            ]
        }
    )
    renderer = Renderer(Catalog(hostile))
    page = renderer.page("")
    doc = soup(str(page.spec_table(renderer.catalog.data.claims)))
    assert doc.find("img") is None
    assert doc.select_one("tbody th a").get_text() == "<img src=x onerror=alert(1)>"  # type: ignore[union-attr]
    claim_page = renderer.claim_page(renderer.catalog.claims["price"])
    front_matter, body = claim_page.split("\n---\n", 1)
    assert "<script>" not in front_matter  # MkDocs themes print meta values unescaped
    assert "&lt;script&gt;x&lt;/script&gt; Nobody" in front_matter
    assert soup(body).find("script") is None


def test_title_front_matter_is_quoted(valid_text: str) -> None:
    text = valid_text.replace("spec: Weight", "spec: 'Weight: \"net\" # kg'")
    page = renderer_for(text).claim_page(renderer_for(text).catalog.claims["weight"])
    assert page.splitlines()[1] == 'title: "Weight: &#34;net&#34; # kg"'


def test_safe_markdown_escapes_raw_html_and_drops_unsafe_links() -> None:
    md = SafeMarkdown()
    doc = soup(md.render("hi <b>there</b> [x](javascript:alert(1)) [ok](https://a.example)"))
    assert doc.find("b") is None
    links = doc.find_all("a")
    assert [link.get("href") for link in links] == ["https://a.example"]
    assert "[x](javascript:alert(1))" in doc.get_text()  # the unsafe link stays text
    assert find_raw_html("a < b and `<b>` in code") == ""
    assert find_raw_html("see <img src=x>") == "<img src=x>"


def test_relative_urls() -> None:
    assert relative_url("claims/a/", "") == "claims/a/"
    assert relative_url("claims/b/", "claims/a/") == "../b/"
    assert relative_url("", "claims/a/") == "../../"
    assert (
        relative_url("methodology/#status-x", "categories/size/") == "../../methodology/#status-x"
    )
    assert relative_url("claims/a.html", "claims/b.html") == "a.html"
    assert relative_url("", "") == "./"


_PATHS = [
    "",
    "index.html",
    "claims/",
    "claims/a/",
    "claims/b/",
    "claims/a.html",
    "a/b/c/",
    "categories/size/",
    "methodology/",
    "./claims/a/",
    "claims//a/",
    "../up/",
    "/abs/x/",
]


def _relpath_reference(target: str, base: str) -> str:
    """The definition: ``posixpath.relpath`` from the page's folder (the former code)."""
    target_path, hash_mark, fragment = target.partition("#")
    base_dir = base.rsplit("/", 1)[0] if "/" in base else ""
    relative = posixpath.relpath(target_path or ".", base_dir or ".")
    if target_path == "" or target_path.endswith("/"):
        relative = "./" if relative == "." else f"{relative}/"
    return f"{relative}{hash_mark}{fragment}"


@pytest.mark.parametrize("base", _PATHS)
def test_relative_urls_equal_relpath(base: str) -> None:
    links = LinksFrom(base)
    for target in [*_PATHS, "methodology/#status-x", "#top", "claims/a/#ref-1"]:
        expected = _relpath_reference(target, base)
        assert (links.to(target), links.to(target)) == (expected, expected), (target, base)


def test_site_urls_follow_use_directory_urls() -> None:
    assert SiteUrls().claim_url("a") == "claims/a/"
    assert SiteUrls().category_url("size") == "categories/size/"
    assert SiteUrls(directory_urls=False).claim_url("a") == "claims/a.html"
    assert SiteUrls(directory_urls=False).category_url("size") == "categories/size/index.html"


def test_badge_text_colour_always_meets_contrast(valid_text: str) -> None:
    for background in ("#1b7f3b", "#6b7280", "#b91c1c", "#ffff00", "#777777", "#000080"):
        assert contrast(background, text_colour_for(background)) >= 4.5
    css = renderer_for(valid_text).status_css()
    assert ".cs-badge--verified { background-color: #1b7f3b; color: #ffffff; }" in css


def test_source_list_puts_primary_sources_first(valid_text: str) -> None:
    """Groups follow the weight of evidence (primary, press, blog, social, forum), not the
    order in which kinds happen to occur in the data."""
    renderer = renderer_for(valid_text)
    doc = soup(str(renderer.page("sources/").source_list()))
    assert [h2["id"] for h2 in doc.select("h2")] == ["kind-primary", "kind-press", "kind-forum"]
