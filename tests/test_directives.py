"""The ``[[…]]`` directive syntax of hand-written pages."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import Confidence
from claimsite.render.directives import DirectiveError, expand
from claimsite.render.renderer import PageContext, Renderer
from tests.conftest import TODAY, text


@pytest.fixture
def page(valid_text: str) -> PageContext:
    return Renderer(Catalog(validate_text(valid_text, "data.yaml", TODAY))).page("")


def expand_page(page: PageContext, markdown: str) -> BeautifulSoup:
    return BeautifulSoup(expand(markdown, page, "docs/index.md"), "html.parser")


def errors(page: PageContext, markdown: str) -> list[str]:
    with pytest.raises(DirectiveError) as caught:
        expand(markdown, page, "docs/index.md")
    return [problem.format() for problem in caught.value.problems]


def test_spec_table_filters(page: PageContext) -> None:
    doc = expand_page(page, "Intro\n\n[[spec-table category=price]]\n")
    assert [row["data-claim"] for row in doc.select("tbody tr")] == ["price"]
    doc = expand_page(page, "[[spec-table status=contradicted,unverified]]")
    assert [row["data-claim"] for row in doc.select("tbody tr")] == ["weight", "price"]
    doc = expand_page(page, "[[spec-table claims=price,weight]]")
    assert [row["data-claim"] for row in doc.select("tbody tr")] == ["price", "weight"]


def test_block_output_is_separated_by_blank_lines(page: PageContext) -> None:
    out = expand("Before\n[[legend]]\nAfter", page, "docs/x.md")
    lines = out.split("\n")
    assert lines[0] == "Before" and lines[1] == "" and lines[-2] == "" and lines[-1] == "After"


def test_caption_with_spaces(page: PageContext) -> None:
    doc = expand_page(page, '[[spec-table caption="What it costs"]]')
    caption = doc.find("caption")
    assert caption is not None and caption.get_text() == "What it costs"


def test_inline_directives(page: PageContext) -> None:
    doc = expand_page(
        page, "Weight is [[badge weight]]; [[count status=unverified]] open; see [[cite maker]]."
    )
    badge = doc.select_one(".cs-badge")
    assert badge is not None and badge.get_text() == "Contradicted"
    assert "; 1 open;" in doc.get_text()
    assert doc.select_one("sup.cs-cite a")["href"] == "#ref-1"  # type: ignore[index]


def test_scoreboard_counts_and_legend_anchors(page: PageContext) -> None:
    doc = expand_page(page, "[[scoreboard]]\n\n[[legend]]")
    counts = {
        li["data-status"]: li.select_one(".cs-score__count").get_text()  # type: ignore[union-attr]
        for li in doc.select("li.cs-score")
    }
    assert counts == {"verified": "0", "unverified": "1", "contradicted": "1"}
    assert [tr["id"] for tr in doc.select("table.cs-legend tbody tr")] == [
        "status-verified",
        "status-unverified",
        "status-contradicted",
    ]


def test_directives_in_code_are_left_alone(page: PageContext) -> None:
    markdown = "Write `[[badge weight]]` inline.\n\n```\n[[spec-table]]\n[[nonsense]]\n```\n"
    assert expand(markdown, page, "docs/x.md") == markdown


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "Title\n\n[[spec-tabel]]\n",
            ["docs/index.md:3:1: unknown directive 'spec-tabel' — did you mean 'spec-table'?"],
        ),
        (
            "[[spec-table categroy=price]]\n[[spec-table status=nope]]\nSee [[badge wieght]].\n",
            [
                "docs/index.md:1:1: unknown option 'categroy' for 'spec-table' — did you mean "
                "'category'?",
                "docs/index.md:2:1: unknown status 'nope' — use an id from the data's status list",
                "docs/index.md:3:5: unknown claim 'wieght' — did you mean 'weight'?",
            ],
        ),
        (
            "Here: [[legend]] inline",
            [
                "docs/index.md:1:7: 'legend' makes a block and must stand alone on its line — "
                "[[legend]]"
            ],
        ),
        (
            "[[badge]]",
            ["docs/index.md:1:1: wrong number of arguments for 'badge' — write [[badge CLAIM-ID]]"],
        ),
        (
            "[[spec-table category=size status=unverified]]",
            [
                "docs/index.md:1:1: the filters select no claims — loosen the category/status "
                "filters"
            ],
        ),
    ],
)
def test_every_mistake_is_reported_at_its_line_and_column(
    page: PageContext, markdown: str, expected: list[str]
) -> None:
    """All mistakes on a page at once, each at its ``page:line:col`` with a fix."""
    assert errors(page, markdown) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("", ""), "2025-06-02"),  # the newest history entry
        (("published: 2025-06-01\n", "published: 2025-06-03\n"), "2025-06-03"),  # evidence
        (("as_of: 2025-06-01", "as_of: 2025-08-01"), "2025-08-01"),  # a verified value
        (("- date: 2025-06-02", "- date: 2025-09-09"), "2025-09-09"),
        (
            ("    related: [price]\n", "    related: [price]\n    reviewed: 2025-10-10\n"),
            "2025-10-10",
        ),
    ],
)
def test_as_of_is_the_newest_date_in_the_data(
    valid_text: str, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in valid_text
    if "published" in old:  # read after it appeared
        valid_text = valid_text.replace("accessed: 2025-06-02", "accessed: 2025-06-04")
    page = Renderer(Catalog(validate_text(valid_text.replace(old, new), "d.yaml", TODAY))).page("")
    doc = expand_page(page, "No release, as of [[as-of]].")
    time = doc.select_one("time.cs-as-of")
    assert time is not None and time["datetime"] == expected
    day = dt.date.fromisoformat(expected)
    assert time.get_text() == f"{day.day} {day:%B %Y}"


def test_legend_defines_every_confidence_level_a_claim_page_links_to(page: PageContext) -> None:
    doc = expand_page(page, "[[legend]]")
    ids = [str(tr["id"]) for tr in doc.select("table.cs-confidence-scale tbody tr")]
    assert ids == [f"confidence-{level.value}" for level in Confidence]
    claim = page.catalog.claims["weight"]
    claim_page = BeautifulSoup(page.renderer.claim_page(claim), "html.parser")
    link = claim_page.select_one(".cs-confidence a")
    assert link is not None and link.get_text() == claim.confidence.value
    assert link["href"] == f"../../methodology/#confidence-{claim.confidence.value}"
    assert text(claim_page.select_one(".cs-confidence")).startswith("Confidence in this verdict: ")


@pytest.mark.parametrize(("drop_second_claim", "total"), [(False, "2 claims"), (True, "1 claim")])
def test_scoreboard_total_has_the_right_plural(
    valid_text: str, drop_second_claim: bool, total: str
) -> None:
    if drop_second_claim:
        valid_text = valid_text.split("\n  - id: price\n    category")[0].replace(
            "    related: [price]\n", ""
        )
    page = Renderer(Catalog(validate_text(valid_text, "data.yaml", TODAY))).page("")
    found = expand_page(page, "[[scoreboard]]").select_one(".cs-score__total")
    assert " ".join(text(found).split()) == f"{total} in all"
