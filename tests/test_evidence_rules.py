"""Evidence rules declared per status (``requires:``): the check, exceptions, the methodology
table, and the numeric ratings of structured data."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog, validate_text
from claimsite.datafile.models import Dataset
from claimsite.errors import DataFileError, Problem
from claimsite.outputs.structured_data import claim_review, rating_value
from claimsite.render.directives import expand
from claimsite.render.renderer import Renderer
from tests.conftest import REPO, TODAY, line_of

FILE = "rules.yaml"

BASE = """\
meta: {subject: Widget X, publisher: Test Desk}
statuses:
  - id: verified
    label: Verified
    definition: Confirmed.
    colour: "#1b7f3b"
    rating: 3
    requires:
      actual: true
      any_of:
        - primary: 1
        - publishers: 2
  - id: open
    label: Open
    definition: No verdict yet.
    colour: "#6b7280"
    verdict: false
  - id: reported
    label: Reported
    definition: A newspaper says so.
    colour: "#0e7490"
    rating: 2
    requires: {evidence: 2, publishers: 1}
  - id: wrong
    label: Wrong
    definition: Evidence says the opposite.
    colour: "#b91c1c"
    rating: 1
categories:
  - {id: c, title: C, description: All.}
sources:
  - {id: blog, title: B, publisher: Blog, url: "https://b.example/", accessed: 2025-01-01,
     kind: blog}
  - {id: maker, title: M, publisher: Maker, url: "https://m.example/", accessed: 2025-01-01,
     kind: primary}
  - {id: wire, title: W, publisher: Wire, url: "https://w.example/", accessed: 2025-01-01,
     kind: press}
  - {id: paper, title: P, publisher: Paper, url: "https://p.example/", accessed: 2025-01-01,
     kind: press}
  - {id: copy, title: W copy, publisher: Copier, url: "https://c.example/",
     accessed: 2025-01-01, kind: press, copy_of: wire}
claims:
  - id: size
    category: c
    spec: Size
    claimed: {text: Big, sources: [blog]}
    actual: {text: Small, as_of: 2025-01-01, sources: [maker]}
    status: verified
    conclusion: It is small.
    evidence:
      - source: maker
"""


EXCEPTION = "    exception: The wire is the record.\n"


def problems(text: str) -> list[Problem]:
    with pytest.raises(DataFileError) as caught:
        validate_text(text, FILE, TODAY)
    return caught.value.problems


def with_claim(status: str, evidence: list[str], actual: bool = True, extra: str = "") -> str:
    """The base file with the claim's status, evidence sources and actual value replaced."""
    text = BASE.replace("status: verified", f"status: {status}")
    listed = "".join(f"      - source: {source}\n" for source in evidence)
    text = text.replace(
        "    evidence:\n      - source: maker\n", f"    evidence:\n{listed}" if listed else ""
    )
    if not actual:
        text = text.replace("    actual: {text: Small, as_of: 2025-01-01, sources: [maker]}\n", "")
    return text + extra


def test_the_base_file_meets_its_rules() -> None:
    assert isinstance(validate_text(BASE, FILE, TODAY), Dataset)


@pytest.mark.parametrize(
    ("status", "evidence", "actual", "expected"),
    [
        (
            "verified",
            ["maker"],
            False,
            "needs a verified value or statement (has no 'actual:')",
        ),
        (
            "verified",
            ["blog", "wire"],
            True,
            "needs one of: at least 1 primary source (has 0), or evidence from at least 2 "
            "different publishers (primary or press) (has 1)",
        ),
        (  # a syndicated copy counts as its original's publisher
            "verified",
            ["wire", "copy"],
            True,
            "(has 1)",
        ),
        (
            "reported",
            ["blog"],
            True,
            "needs at least 2 evidence entries (has 1); evidence from at least 1 publisher "
            "(primary or press) (has 0)",
        ),
    ],
)
def test_shortfalls_are_reported_at_the_status(
    status: str, evidence: list[str], actual: bool, expected: str
) -> None:
    text = with_claim(status, evidence, actual)
    [problem] = problems(text)
    assert problem.message.startswith(f"the evidence falls short of status '{status}': ")
    assert expected in problem.message
    assert problem.path == "claims[0].status"
    assert problem.line == line_of(text, f"status: {status}")
    assert "exception:" in problem.hint


@pytest.mark.parametrize(
    "evidence",
    [["maker"], ["wire", "paper"], ["blog", "wire", "paper"]],
)
def test_either_alternative_is_enough(evidence: list[str]) -> None:
    validate_text(with_claim("verified", evidence), FILE, TODAY)


def test_an_exception_lets_a_short_verdict_stand() -> None:
    text = with_claim(
        "verified", ["wire", "copy"], extra="    exception: The wire is the record.\n"
    )
    data = validate_text(text, FILE, TODAY)
    assert data.claims[0].exception == "The wire is the record."


def test_an_exception_that_is_not_needed_is_refused() -> None:
    text = BASE + "    exception: Not needed.\n"
    [problem] = problems(text)
    assert problem.message == (
        "the evidence meets the rules of status 'verified': the exception is not needed"
    )
    assert problem.line == line_of(text, "exception:")


def test_a_verdict_without_evidence_is_reported_once() -> None:
    text = with_claim("reported", [])
    [problem] = problems(text)
    assert problem.message == "status 'reported' is a verdict but the claim lists no evidence"


def test_a_no_verdict_status_cannot_have_rules() -> None:
    text = BASE.replace("    verdict: false\n", "    verdict: false\n    requires: {evidence: 1}\n")
    [problem] = problems(text)
    assert problem.path == "statuses[1].requires"


@pytest.mark.parametrize(
    ("snippet", "hint"),
    [("copy_of: wire", "copy_of: wirr"), ("copy_of: wire", "copy_of: copy")],
)
def test_copy_of_must_name_another_source(snippet: str, hint: str) -> None:
    [problem] = problems(BASE.replace(snippet, hint))
    assert problem.path == "sources[4].copy_of"


def renderer(text: str) -> Renderer:
    return Renderer(Catalog(validate_text(text, FILE, TODAY)))


def test_methodology_table_shows_every_status_rule_and_rating() -> None:
    text = with_claim(
        "verified", ["wire", "copy"], extra="    exception: The wire is the record.\n"
    )
    page = renderer(text).page("methodology/")
    html = BeautifulSoup(expand("[[evidence-rules]]", page, "docs/m.md"), "html.parser")
    rows = {
        row["data-status"]: [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in html.select("table.cs-evidence-rules tbody tr")
    }
    assert list(rows) == ["verified", "open", "reported", "wrong"]
    assert rows["verified"][1] == (
        "at least 1 evidence entry; a verified value or statement; either at least 1 primary "
        "source, or evidence from at least 2 different publishers (primary or press)"
    )
    assert rows["open"][1:] == ["No verdict yet: no evidence needed", "not rated"]
    assert rows["reported"][1:] == [
        "at least 2 evidence entries; evidence from at least 1 publisher (primary or press)",
        "2",
    ]
    assert rows["wrong"][1:] == ["at least 1 evidence entry", "1"]
    [excepted] = html.select(".cs-exceptions li")
    assert excepted["data-claim"] == "size"
    assert "The wire is the record." in excepted.get_text()


def test_claim_page_shows_the_exception_and_what_it_lacks() -> None:
    text = with_claim(
        "verified", ["wire", "copy"], extra="    exception: The wire is the record.\n"
    )
    built = renderer(text)
    page = BeautifulSoup(built.claim_page(built.catalog.claims["size"]), "html.parser")
    box = page.select_one(".cs-exception")
    assert box is not None
    assert "at least 1 primary source (has 0)" in box.get_text()
    assert "Why the verdict stands: The wire is the record." in box.get_text()


def test_a_claim_without_an_exception_shows_none() -> None:
    built = renderer(BASE)
    page = BeautifulSoup(built.claim_page(built.catalog.claims["size"]), "html.parser")
    assert page.select_one(".cs-exception") is None


def test_a_status_without_a_rating_is_named_but_not_rated() -> None:
    catalog = Catalog(validate_text(with_claim("open", [], actual=False), FILE, TODAY))
    rating = claim_review(catalog, catalog.claims["size"], None)["reviewRating"]
    assert rating["alternateName"] == "Open"
    assert "ratingValue" not in rating and "bestRating" not in rating


def test_ratings_use_the_data_and_its_bounds() -> None:
    catalog = Catalog(validate_text(with_claim("reported", ["wire", "paper"]), FILE, TODAY))
    rating = claim_review(catalog, catalog.claims["size"], None)["reviewRating"]
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (2, 1, 3)


def test_the_real_scale_rates_by_meaning_not_list_order() -> None:
    """Outdated "may once have been fair" and Misattributed means "the figure is real": both
    rate above Disputed and Contradicted; Verified is best and Unverified is off the scale."""
    catalog = load_catalog(REPO / "data" / "claims.yaml")
    ratings = {status.id: rating_value(catalog, status.id) for status in catalog.data.statuses}
    assert ratings["unverified"] is None
    order = ["verified", "reported", "outdated", "misattributed", "disputed", "contradicted"]
    values = [ratings[status_id] for status_id in order]
    assert values == sorted((v for v in values if v is not None), reverse=True)
    assert len(set(values)) == len(values)
    assert all(value is not None for value in values)


def test_the_real_data_meets_its_rules_with_explained_exceptions() -> None:
    catalog = load_catalog(REPO / "data" / "claims.yaml")
    built = Renderer(catalog)
    for claim in catalog.data.claims:
        if claim.exception:
            assert built.shortfalls(claim), f"{claim.id}: an exception that is not needed"
        status = catalog.statuses[claim.status]
        if status.requires is not None and status.requires.actual:
            assert claim.actual is not None, f"{claim.id} confirms nothing it can show"
