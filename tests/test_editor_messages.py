"""The mistakes editors really make, one YAML edit each, and the exact message they get.

Each expected message names the fix. ``<<text>>`` in an expectation stands for the line number
of the first line containing ``text`` in the edited file (``<<text#2>>``: the second).
"""

from __future__ import annotations

import re

import pytest

from claimsite.datafile.loader import validate_text
from claimsite.datafile.wording import unknown_id
from claimsite.errors import DataFileError
from tests.conftest import TODAY, line_of

FILE = "data/claims.yaml"

MISTAKES = [
    (
        "mis-cased status",
        "status: contradicted\n    conclusion",
        "status: Contradicted\n    conclusion",
        [
            "<<status: Contradicted>>:13: unknown status 'Contradicted' (claims[0].status) — did "
            "you mean 'contradicted'? Ids are lower-case. Use one of the ids under 'statuses:': "
            "verified, unverified, contradicted"
        ],
    ),
    (
        "unknown status",
        "status: unverified\n    conclusion",
        "status: debunked\n    conclusion",
        [
            "<<status: debunked>>:13: unknown status 'debunked' (claims[1].status) — use one of "
            "the ids under 'statuses:': verified, unverified, contradicted"
        ],
    ),
    (
        "field indented too deep",
        "    status: contradicted\n",
        "      status: contradicted\n",
        [
            "<<status: contradicted>>:7: 'status' is indented too deep: it sits inside 'actual' "
            "(line <<actual:>>) (claims[0].actual.status) — move it left to column 5, in line "
            "with the other fields of the entry at line <<id: weight>>, which needs 'status'"
        ],
    ),
    (
        "field indented too shallow",
        "      unit: kg\n      sources: [leak]",
        "      unit: kg\n    sources: [leak]",
        [
            "<<    sources: [leak]>>:5: 'sources' is indented too shallow: it belongs inside "
            "'claimed' (line <<claimed:>>), which needs it (claims[0].sources) — indent it to "
            "column 7, in line with the fields of 'claimed' (from line <<value: 12>>)"
        ],
    ),
    (
        "key indented deeper than the line above",
        "    conclusion: Nobody",
        "      conclusion: Nobody",
        [
            "<<conclusion: Nobody>>:17: 'conclusion' is indented deeper than 'status' on line "
            "<<status: unverified#2>>, so YAML reads it as part of that value — line 'conclusion' "
            "up with 'status' (column 5), as the other fields of this entry are"
        ],
    ),
    (
        "key indented one space too little",
        "    spec: Weight\n",
        "   spec: Weight\n",
        [
            "<<claimed:>>:12: 'spec' on line <<spec: Weight>> is indented less than the lines "
            "around it (column 4; they start at 5), so YAML reads 'claimed' as part of its value "
            "— indent 'spec' to column 5, like the lines around it (if it starts a new list "
            "entry, write '- ' before it)"
        ],
    ),
    (
        "text with no key",
        "    spec: Price\n",
        "    spec: Price\n    just some words\n",
        [
            "<<claimed:#2>>:5: line <<just some words>> has text but no 'key:' — write it "
            "as 'key: value', or indent it under the key whose text it continues"
        ],
    ),
    (
        "value starting with a reserved character",
        "    spec: Weight\n",
        "    spec: @Weight\n",
        [
            "<<@Weight>>:11: a value cannot start with '@' unless it is in quotes — put the "
            'whole value in quotes, e.g. spec: "@Weight"'
        ],
    ),
    (
        "unquoted colon in a sentence",
        "conclusion: Nobody has published a price yet.",
        "conclusion: Nobody has published a price: not yet.",
        [
            "<<not yet>>:45: this text contains ': ', which YAML reads as the start of a new key "
            '— put the whole text in quotes, e.g. conclusion: "Nobody has published a price: '
            'not yet."'
        ],
    ),
    (
        "unquoted colon on a continuation line",
        "    conclusion: Nobody has published a price yet.",
        "    conclusion: Nobody has published\n      Note: no price yet.",
        [
            "<<Note: no price>>:11: this text contains ': ', which YAML reads as the start of a "
            'new key — put the whole text in quotes, e.g. conclusion: "Nobody has published '
            'Note: no price yet."'
        ],
    ),
    (
        "misspelt key",
        "    conclusion: Nobody",
        "    conclusoin: Nobody",
        [
            "<<conclusoin>>:5: unknown key 'conclusoin' (claims[1].conclusoin) — did you mean "
            "'conclusion'? It is required here"
        ],
    ),
    (
        "misspelt source id",
        "sources: [paper]",
        "sources: [papr]",
        [
            "<<[papr]>>:19: unknown source 'papr' (claims[1].claimed[1].sources[0]) — did you "
            "mean 'paper'? Use one of the ids under 'sources:': leak, maker, paper"
        ],
    ),
    (
        "misspelt source id in a single claimed mapping",
        "      sources: [leak]",
        "      sources: [laek]",
        [
            "<<[laek]>>:17: unknown source 'laek' (claims[0].claimed.sources[0]) — did you "
            "mean 'leak'? Use one of the ids under 'sources:': leak, maker, paper"
        ],
    ),
    (
        "URL without a scheme",
        "url: https://paper.example/story",
        "url: paper.example/story",
        [
            "<<url: paper.example>>:10: URL has no scheme (a relative address); only absolute "
            "http:// or https:// addresses are allowed (sources[2].url) — write the full "
            "address, starting with https://, e.g. https://paper.example/story"
        ],
    ),
    (
        "date in words",
        "accessed: 2025-06-03",
        "accessed: 3 June 2025",
        [
            "<<3 June 2025>>:15: '3 June 2025' is not a date (sources[2].accessed) — write dates "
            "as YYYY-MM-DD, e.g. 2025-04-27"
        ],
    ),
    (
        "unquoted colour",
        'colour: "#b91c1c"',
        "colour: #b91c1c",
        [
            "<<colour: #b91c1c>>:12: 'colour' has no value (statuses[2].colour) — YAML reads "
            "'#' as the start of a comment: put the colour in quotes, e.g. colour: \"#1b7f3b\""
        ],
    ),
    (
        "misspelt related claim",
        "related: [price]",
        "related: [prise]",
        [
            "<<related: [prise]>>:15: unknown claim 'prise' (claims[0].related[0]) — did you "
            "mean 'price'? Use one of the ids under 'claims:': weight, price"
        ],
    ),
    (
        "word outside a fixed list",
        "kind: press",
        "kind: newspaper",
        [
            "<<kind: newspaper>>:11: 'newspaper' is not an allowed value for 'kind' "
            "(sources[2].kind) — use one of the allowed values: primary, press, blog, social, "
            "forum"
        ],
    ),
    (
        "tab for indentation",
        "    spec: Price",
        "\tspec: Price",
        ["<<\tspec>>:1: a tab is used for indentation — indent with spaces only, never tabs"],
    ),
    (
        "id written as words",
        "  - id: price\n    category",
        "  - id: Price Claim\n    category",
        [
            "<<related: [price]>>:15: unknown claim 'price' (claims[0].related[0]) — use one of "
            "the ids under 'claims:': weight, Price Claim",
            "<<Price Claim>>:9: 'Price Claim' is not a valid id (claims[1].id) — ids use "
            "lower-case letters, digits and single hyphens, e.g. 'price-claim'",
        ],
    ),
]

PARSER_WORDING = re.compile(
    r"Input should|String should|should match pattern|\^\[|valid dictionary|instance of|"
    r"Value error|Field required|Extra inputs|mapping values are not allowed"
)


def expected(template: str, text: str) -> str:
    def line(match: re.Match[str]) -> str:
        return str(line_of(text, match.group(1), int(match.group(2) or 1)))

    return FILE + ":" + re.sub(r"<<(.*?)(?:#(\d))?>>", line, template)


@pytest.mark.parametrize(
    ("before", "after", "messages"),
    [pytest.param(before, after, messages, id=name) for name, before, after, messages in MISTAKES],
)
def test_mistake_gets_a_message_that_names_the_fix(
    valid_text: str, before: str, after: str, messages: list[str]
) -> None:
    assert valid_text.count(before) >= 1
    text = valid_text.replace(before, after, 1)
    with pytest.raises(DataFileError) as caught:
        validate_text(text, FILE, TODAY)
    shown = [problem.format() for problem in caught.value.problems]
    assert shown == [expected(template, text) for template in messages]
    assert not any(PARSER_WORDING.search(line) for line in shown)


def test_long_id_lists_show_the_nearest_ids_only() -> None:
    known = [f"source-{number}" for number in range(30)]
    message, hint = unknown_id("source", "sorce-7", known, "sources")
    assert message == "unknown source 'sorce-7'"
    assert hint.startswith("did you mean 'source-7'? The nearest of the 30 ids under 'sources:': ")
    assert len(hint.split(": ", 1)[1].split(", ")) == 5


BROKEN_VALUES = [
    ("verdict: false", "verdict: maybe"),
    ("value: 12", "value: twelve"),
    ("kind: forum", "kind: [forum]"),
    ("title: Size", "title: [Size]"),
    ("title: Size", "title: 12"),
    ("    quote: weighs 10 kg", "    quote: " + "x" * 301),
    ("related: [price]", "related: price"),
    ("    kind: primary", "    kind: primary\n    language: English"),
    ("  subject: Widget X", "  subject:"),
    ("meta:\n  subject: Widget X", "meta: Widget X\nx:\n  subject: Widget X"),
    ("    description: How big it is.", "    description: ''"),
    ("sources: [maker]", "sources: {}"),
    ('    colour: "#b91c1c"\n', '    colour: "#b91c1c"\n    rating: -1\n'),
    ('    colour: "#b91c1c"\n', '    colour: "#b91c1c"\n    requires: {evidence: many}\n'),
    ("meta:\n  subject: Widget X\n  publisher: Test Desk\n", ""),
]


@pytest.mark.parametrize(("before", "after"), BROKEN_VALUES)
def test_no_parser_or_regex_wording_reaches_an_editor(
    valid_text: str, before: str, after: str
) -> None:
    text = valid_text.replace(before, after, 1)
    if text == valid_text:
        pytest.fail(f"the edit {before!r} does not apply to the fixture")
    with pytest.raises(DataFileError) as caught:
        validate_text(text, FILE, TODAY)
    for problem in caught.value.problems:
        assert not PARSER_WORDING.search(problem.format()), problem.format()
        assert problem.hint, problem.format()
