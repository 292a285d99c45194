""" "Edit this claim" opens the data file at the claim's line; "report a correction" is there
when the data names a place for corrections; neither appears when the data has no address."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog, validate_text
from claimsite.datafile.models import Meta
from claimsite.datafile.yamlsource import compose, entry_lines, parse, parse_document, positions_of
from claimsite.outputs.edit_links import EditLinks, install
from claimsite.render.renderer import Renderer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "claims.yaml"
FIXTURE = Path(__file__).parent / "diff_fixtures" / "base.yaml"


def test_lines_agree_with_the_yaml_parser_on_the_real_data() -> None:
    text = DATA.read_text(encoding="utf-8")
    positions = positions_of(compose(text, str(DATA)))
    claims = parse(text, str(DATA))["claims"]
    expected = {
        claim["id"]: positions.of_value(("claims", index)).line
        for index, claim in enumerate(claims)
    }
    assert load_catalog(DATA).claim_lines == expected


def claim_lines(text: str) -> dict[str, int]:
    return entry_lines(parse_document(text, "claims.yaml")[1], "claims")


def test_lines_for_other_layouts() -> None:
    text = (
        "meta: {subject: x}\n"
        "claims:\n"
        "- spec: First  # id comes second\n"
        "  id: first\n"
        "  evidence:\n"
        "  - source: s\n"
        "-   id: 'second'   # quoted, wide indent\n"
        "    related: [first]\n"
        "events:\n"
        "- id: not-a-claim\n"
    )
    assert claim_lines(text) == {"first": 3, "second": 7}


def _with_meta(meta_lines: str) -> str:
    return FIXTURE.read_text(encoding="utf-8").replace(
        "  publisher: Test Desk\n", f"  publisher: Test Desk\n{meta_lines}"
    )


def _renderer(meta_lines: str) -> Renderer:
    text = _with_meta(meta_lines)
    data = validate_text(text, "claims.yaml", dt.date(2030, 1, 1))
    renderer = Renderer(Catalog(data))
    install(renderer, EditLinks(data.meta, "data/claims.yaml", claim_lines(text)))
    return renderer


def _links(renderer: Renderer, claim_id: str) -> dict[str, str]:
    page = renderer.claim_page(renderer.catalog.claims[claim_id])
    soup = BeautifulSoup(page, "html.parser")
    paragraph = soup.select_one("p.cs-edit-links")
    if paragraph is None:
        return {}
    return {anchor.get_text(): str(anchor["href"]) for anchor in paragraph.find_all("a")}


def test_claim_page_links() -> None:
    meta_lines = (
        "  repo_edit_url: https://github.com/example/widget/edit/main/\n"
        "  corrections_url: https://github.com/example/widget/issues/new\n"
    )
    renderer = _renderer(meta_lines)
    line = _with_meta(meta_lines).splitlines().index("  - id: widget-price") + 1
    assert line > 60
    assert _links(renderer, "widget-price") == {
        "Edit this claim": f"https://github.com/example/widget/edit/main/data/claims.yaml#L{line}",
        "Report a correction": "https://github.com/example/widget/issues/new",
    }


@pytest.mark.parametrize(
    ("meta_lines", "expected"),
    [
        ("", set()),
        ("  corrections_url: https://example.org/fix\n", {"Report a correction"}),
        ("  repo_edit_url: https://example.org/edit/\n", {"Edit this claim"}),
    ],
)
def test_links_only_where_the_data_has_an_address(meta_lines: str, expected: set[str]) -> None:
    assert set(_links(_renderer(meta_lines), "widget-weight")) == expected


def test_unplaced_claim_links_to_the_file() -> None:
    meta = Meta(subject="x", publisher="y", repo_edit_url="https://example.org/edit/main")
    links = EditLinks(meta, "data/claims.yaml", {"known": 12})
    assert links.for_claim("known").edit == "https://example.org/edit/main/data/claims.yaml#L12"
    assert links.for_claim("other").edit == "https://example.org/edit/main/data/claims.yaml"
    assert re.search(r"#L\d+$", links.for_claim("known").edit or "")
