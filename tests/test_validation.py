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


def test_unknown_reference_suggests_an_id(valid_text: str) -> None:
    text = valid_text.replace("      - source: maker", "      - source: makr")
    problem = only_problem(text)
    assert problem.message == "unknown source 'makr'"
    assert problem.path == "claims[0].evidence[0].source"
    assert problem.line == line_of(text, "source: makr")
    assert problem.hint.startswith("did you mean 'maker'?")


def test_unknown_related_claim(valid_text: str) -> None:
    text = valid_text.replace("related: [price]", "related: [prise]")
    problem = only_problem(text)
    assert problem.message == "unknown claim 'prise'"
    assert problem.line == line_of(text, "related: [prise]")


def test_claim_needs_a_source(valid_text: str) -> None:
    text = valid_text.replace(
        "      - text: Ten dollars\n        sources: [leak]\n",
        "      - text: Ten dollars\n        sources: []\n",
    )
    problem = only_problem(text)
    assert problem.path == "claims[1].claimed[0].sources"
    assert problem.message == "'sources' needs at least one entry"
    assert problem.line == line_of(text, "sources: []")


def test_verdict_needs_evidence(valid_text: str) -> None:
    start = valid_text.index("    evidence:")
    end = valid_text.index("    history:")
    text = valid_text[:start] + valid_text[end:]
    problem = only_problem(text)
    assert problem.message == "status 'contradicted' is a verdict but the claim lists no evidence"
    assert problem.line == line_of(text, "status: contradicted")


def test_unverified_needs_no_evidence(valid_text: str) -> None:
    validate_text(valid_text, FILE, TODAY)  # the 'price' claim is unverified with no evidence


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("javascript:alert(1)", "has 'javascript:'"),
        ("data:text/html,hi", "has 'data:'"),
        ("/relative/page", "has no scheme (a relative address)"),
        ("https://user:secret@forum.example/post/1", "carries a user name or password"),
        ("https:///no-host", "has no host name"),
    ],
)
def test_urls_must_be_absolute_http(valid_text: str, url: str, expected: str) -> None:
    text = valid_text.replace("url: https://forum.example/post/1", f"url: '{url}'")
    problem = only_problem(text)
    assert problem.path == "sources[0].url"
    assert expected in problem.message
    assert problem.line == line_of(text, "url: '")


def test_archive_url_must_be_an_archive(valid_text: str) -> None:
    text = valid_text.replace(
        "archive_url: https://archive.ph/abcde", "archive_url: https://example.com/copy"
    )
    problem = only_problem(text)
    assert problem.message == "archive URL host 'example.com' is not a known web archive"
    assert problem.line == line_of(text, "https://example.com/copy")


def test_wayback_address_needs_a_timestamp(valid_text: str) -> None:
    text = valid_text.replace(
        "https://web.archive.org/web/20250602000000/https://maker.example/spec",
        "https://web.archive.org/maker.example/spec",
    )
    assert "must look like /web/<timestamp>/<original url>" in only_problem(text).message


def test_dead_url_needs_an_archive(valid_text: str) -> None:
    text = valid_text.replace("    archive_url: https://archive.ph/abcde\n", "")
    problem = only_problem(text)
    assert problem.message == "url_status 'dead' needs an archive_url to show instead"
    assert problem.line == line_of(text, "url_status: dead")


def test_impossible_date(valid_text: str) -> None:
    text = valid_text.replace("published: 2025-06-01", "published: 2025-02-30")
    problem = only_problem(text)
    assert problem.path == "sources[1].published"
    assert problem.message == "'2025-02-30' is not a real date"
    assert problem.hint.startswith("check the month and day; write dates as YYYY-MM-DD")
    assert problem.line == line_of(text, "2025-02-30")


def test_future_date(valid_text: str) -> None:
    text = valid_text.replace("accessed: 2025-06-03", "accessed: 2031-06-03")
    problem = only_problem(text)
    assert problem.message == "date 2031-06-03 is in the future"
    assert problem.line == line_of(text, "2031-06-03")


def test_raw_html_in_markdown_is_rejected(valid_text: str) -> None:
    text = valid_text.replace("the [maker]", "the <script>alert(1)</script> [maker]")
    problem = only_problem(text)
    assert problem.message == "raw HTML (<script>) is not allowed in Markdown fields"
    assert problem.path == "claims[0].explanation"


def test_history_must_end_with_current_status(valid_text: str) -> None:
    text = valid_text.replace(
        "        status: contradicted\n        note: The spec",
        "        status: verified\n        note: The spec",
    )
    problem = only_problem(text)
    assert problem.message.startswith("the latest history entry says 'verified'")


def test_bad_id_and_colour_patterns(valid_text: str) -> None:
    text = valid_text.replace("- id: size", "- id: Size Class").replace('"#b91c1c"', '"red"')
    found = {p.path: p for p in problems(text)}
    assert "categories[0].id" in found and "lower-case" in found["categories[0].id"].hint
    assert "statuses[2].colour" in found


def test_wrong_enum_lists_allowed_words(valid_text: str) -> None:
    text = valid_text.replace("kind: forum", "kind: newspaper")
    problem = only_problem(text)
    assert problem.message == "'newspaper' is not an allowed value for 'kind'"
    assert problem.hint.endswith("primary, press, blog, social, forum")
    assert problem.line == line_of(text, "kind: newspaper")


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
