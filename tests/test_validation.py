"""Every validation rule: the message, the document path and the line it points at."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from claimsite.datafile.checks import ADDRESS_FIELDS
from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import Dataset, model_in
from claimsite.errors import DataFileError, Problem
from tests.conftest import TODAY, line_of

FILE = "data/claims.yaml"


def problems(text: str) -> list[Problem]:
    with pytest.raises(DataFileError) as caught:
        validate_text(text, FILE, TODAY)
    return caught.value.problems


def only_problem(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    return found[0]


def test_valid_file_loads(valid_text: str) -> None:
    data = validate_text(valid_text, FILE, TODAY)
    assert isinstance(data, Dataset)
    assert [claim.id for claim in data.claims] == ["weight", "price"]
    assert data.claims[1].variants_disagree()
    assert data.claims[0].claimed[0].shown() == "12 kg"


def test_problem_format_names_file_line_column_path_and_fix(valid_text: str) -> None:
    text = valid_text.replace(
        "status: contradicted\n    conclusion", "status: contradicted\n    conclusoin"
    )
    problem = next(p for p in problems(text) if "conclusoin" in p.message)
    line = line_of(text, "conclusoin")
    assert problem.format().startswith(
        f"{FILE}:{line}:5: unknown key 'conclusoin' (claims[0].conclusoin)"
    )
    assert "did you mean 'conclusion'?" in problem.format()


def test_unknown_key_suggests_the_nearest_field(valid_text: str) -> None:
    text = valid_text.replace("    publisher: Maker Inc.", "    publsher: Maker Inc.")
    found = problems(text)
    unknown = [p for p in found if p.message == "unknown key 'publsher'"]
    assert unknown and unknown[0].hint == "did you mean 'publisher'? It is required here"
    assert unknown[0].line == line_of(text, "publsher")
    assert unknown[0].path == "sources[1].publsher"
    # the missing publisher is the same mistake: not reported a second time, and not first
    assert len(found) == 1


def test_all_errors_are_reported_at_once(valid_text: str) -> None:
    text = valid_text.replace("category: size", "category: sise").replace(
        "status: unverified\n    conclusion", "status: unknown-status\n    conclusion"
    )
    messages = {p.message for p in problems(text)}
    assert "unknown category 'sise'" in messages
    assert "unknown status 'unknown-status'" in messages


def test_duplicate_key_is_rejected_with_both_lines(valid_text: str) -> None:
    text = valid_text.replace("    spec: Weight\n", "    spec: Weight\n    spec: Mass\n")
    problem = only_problem(text)
    assert (
        problem.message == f"duplicate key 'spec' (first at line {line_of(text, 'spec: Weight')})"
    )
    assert problem.line == line_of(text, "spec: Mass")
    assert "merge" in problem.hint


def test_every_duplicate_key_is_reported(valid_text: str) -> None:
    text = valid_text.replace("    spec: Weight\n", "    spec: Weight\n    spec: Mass\n").replace(
        "    spec: Price\n", "    spec: Price\n    spec: Cost\n"
    )
    assert [p.line for p in problems(text)] == [
        line_of(text, "spec: Mass"),
        line_of(text, "spec: Cost"),
    ]


def test_yaml_syntax_error_has_a_position(valid_text: str) -> None:
    text = valid_text.replace("    spec: Weight\n", "    spec: [Weight\n")
    problem = only_problem(text)
    assert problem.message.startswith("YAML syntax error")
    assert problem.line >= line_of(text, "spec: [Weight")


def test_duplicate_ids(valid_text: str) -> None:
    text = valid_text.replace("  - id: price\n    category", "  - id: weight\n    category")
    found = problems(text)
    duplicate = [p for p in found if p.message.startswith("duplicate id 'weight'")]
    assert duplicate[0].line == line_of(text, "- id: weight", occurrence=2)
    assert duplicate[0].path == "claims[1].id"


ARCHIVE_FIX = "use the address of the archived copy, e.g. https://web.archive.org/web/"
URL_FIX = "(sources[0].url) — write the full address, starting with https://"

EDITS = [
    (
        "      - source: maker",
        "      - source: makr",
        "source: makr",
        17,
        "unknown source 'makr' (claims[0].evidence[0].source) — did you mean 'maker'?",
    ),
    (
        "related: [price]",
        "related: [prise]",
        "related: [prise]",
        15,
        "unknown claim 'prise' (claims[0].related[0]) — did you mean 'price'?",
    ),
    (
        "      - text: Ten dollars\n        sources: [leak]\n",
        "      - text: Ten dollars\n        sources: []\n",
        "sources: []",
        18,
        "'sources' needs at least one entry (claims[1].claimed[0].sources) — write one",
    ),
    *(
        (
            "url: https://forum.example/post/1",
            f"url: '{url}'",
            "url: '",
            10,
            f"URL {expected}",
        )
        for url, expected in [
            ("javascript:alert(1)", "has 'javascript:'; only absolute http:// or https://"),
            ("data:text/html,hi", "has 'data:'"),
            ("/relative/page", "has no scheme (a relative address)"),
            (
                "https://user:secret@forum.example/post/1",
                f"carries a user name or password {URL_FIX}",
            ),
            ("https:///no-host", f"has no host name {URL_FIX}"),
        ]
    ),
    (
        "archive_url: https://archive.ph/abcde",
        "archive_url: https://example.com/copy",
        "example.com/copy",
        18,
        "archive URL host 'example.com' is not a known web archive (sources[2].archive_url) — "
        + ARCHIVE_FIX,
    ),
    (
        "https://web.archive.org/web/20250602000000/https://maker.example/spec",
        "https://web.archive.org/maker.example/spec",
        "web.archive.org/maker",
        18,
        "archive URL a Wayback Machine address must look like /web/<timestamp>/<original url>",
    ),
    (
        "    archive_url: https://archive.ph/abcde\n",
        "",
        "url_status: dead",
        17,
        "url_status 'dead' needs an archive_url to show instead (sources[2].url_status) — add",
    ),
    (
        "published: 2025-06-01",
        "published: 2025-02-30",
        "2025-02-30",
        16,
        "'2025-02-30' is not a real date (sources[1].published) — check the month and day; "
        "write dates as YYYY-MM-DD",
    ),
    (
        "accessed: 2025-06-03",
        "accessed: 2031-06-03",
        "2031-06-03",
        15,
        "date 2031-06-03 is in the future (sources[2].accessed) — dates cannot be in the future",
    ),
    (
        "the [maker]",
        "the <script>alert(1)</script> [maker]",
        "explanation:",
        18,
        "raw HTML (<script>) is not allowed in Markdown fields (claims[0].explanation) — use "
        "Markdown instead",
    ),
    (
        "        status: contradicted\n        note: The spec",
        "        status: verified\n        note: The spec",
        "status: verified",
        17,
        "the latest history entry says 'verified' but the claim's status is 'contradicted' "
        "(claims[0].history[1].status) — add a history entry for the current status",
    ),
    (
        "kind: forum",
        "kind: newspaper",
        "kind: newspaper",
        11,
        "'newspaper' is not an allowed value for 'kind' (sources[0].kind) — use one of the "
        "allowed values: primary, press, blog, social, forum",
    ),
]
"""One bad edit each (old text → new text of the valid fixture), the text on the line the
problem must point at, its column, and the start of its message."""


@pytest.mark.parametrize(("old", "new", "needle", "column", "expected"), EDITS)
def test_each_bad_edit_is_one_problem_at_its_place(
    valid_text: str, old: str, new: str, needle: str, column: int, expected: str
) -> None:
    assert old in valid_text
    text = valid_text.replace(old, new)
    line = line_of(text, needle)
    assert only_problem(text).format().startswith(f"{FILE}:{line}:{column}: {expected}")


def test_verdict_needs_evidence(valid_text: str) -> None:
    start = valid_text.index("    evidence:")
    end = valid_text.index("    history:")
    text = valid_text[:start] + valid_text[end:]
    problem = only_problem(text)
    assert problem.message == "status 'contradicted' is a verdict but the claim lists no evidence"
    assert problem.line == line_of(text, "status: contradicted")


def test_unverified_needs_no_evidence(valid_text: str) -> None:
    validate_text(valid_text, FILE, TODAY)  # the 'price' claim is unverified with no evidence


def test_bad_id_and_colour_patterns(valid_text: str) -> None:
    text = valid_text.replace("- id: size", "- id: Size Class").replace('"#b91c1c"', '"red"')
    found = {p.path: p for p in problems(text)}
    assert "categories[0].id" in found and "lower-case" in found["categories[0].id"].hint
    assert "statuses[2].colour" in found


@pytest.mark.parametrize(
    ("text", "said", "line"),
    [
        ("- just\n- a list\n", "the top of the file is a list", 1),
        ("# only a comment\n\njust words\n", "the top of the file is a single value", 3),
        ("", "the file is empty", 1),
        ("# nothing but comments\n", "the file is empty", 1),
    ],
)
def test_top_level_that_is_not_sections_gets_editor_wording(
    text: str, said: str, line: int
) -> None:
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, 1)
    assert problem.message.startswith(said)
    assert "'meta:', 'statuses:'" in problem.hint
    assert "Input should" not in problem.format() and "dictionary" not in problem.format()


def test_schema_and_reference_errors_come_together(valid_text: str) -> None:
    text = valid_text.replace("kind: forum", "kind: newspaper").replace(
        "      - source: maker", "      - source: makr"
    )
    found = {p.message: p for p in problems(text)}
    assert "unknown source 'makr'" in found
    assert found["unknown source 'makr'"].line == line_of(text, "source: makr")
    assert "'newspaper' is not an allowed value for 'kind'" in found


def test_invalid_entry_ids_still_count_as_known(valid_text: str) -> None:
    # the 'leak' source is broken, but claims citing it must not also be flagged
    text = valid_text.replace("kind: forum", "kind: newspaper")
    assert [p.path for p in problems(text)] == ["sources[0].kind"]


def test_every_address_field_of_the_models_is_declared_once() -> None:
    """The URL rule and the link check read ``ADDRESS_FIELDS``; a new ``*_url`` field of the
    models must be declared there, or it would be neither validated nor link-checked."""
    names: set[str] = set()

    def walk(model: type[BaseModel]) -> None:
        for name, field in model.model_fields.items():
            if name == "url" or name.endswith("_url"):
                names.add(name)
            inner = model_in(field.annotation)
            if inner is not None:
                walk(inner)

    walk(Dataset)
    assert names == set(ADDRESS_FIELDS)


@pytest.mark.parametrize("field", ["publisher_url", "corrections_url", "repo_edit_url"])
def test_every_address_field_is_validated(valid_text: str, field: str) -> None:
    text = valid_text.replace(
        "  publisher: Test Desk\n", f"  publisher: Test Desk\n  {field}: /x\n"
    )
    problem = only_problem(text)
    assert (problem.path, problem.line) == (f"meta.{field}", line_of(text, f"{field}: /x"))
    assert problem.message.startswith("URL has no scheme")
