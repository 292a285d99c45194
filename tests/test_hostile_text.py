"""One rule for text from the data file: plain text is refused markup, Markdown is made safe.

Each refusal is checked for its place (``file:line:col``), its document path and a fix; the
site-wide property test (``test_hostile_site.py``) checks the built pages themselves.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import typing
from enum import StrEnum
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic.fields import FieldInfo

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import (
    MARKDOWN,
    PLAIN_TEXT,
    Claim,
    WebAddress,
    field_at,
    text_format,
)
from claimsite.errors import DataFileError, Problem
from claimsite.outputs.exports import claims_csv
from claimsite.outputs.head import PageFacts, PageHead
from claimsite.render.problem_page import problem_page
from claimsite.render.renderer import Renderer
from claimsite.render.safe_markdown import SafeMarkdown
from claimsite.render.urls import SiteUrls
from tests.conftest import TODAY, line_of
from tests.hostile import scan_html, string_fields

FILE = "data/claims.yaml"


def problems(text: str) -> list[Problem]:
    with pytest.raises(DataFileError) as caught:
        validate_text(text, FILE, TODAY)
    return caught.value.problems


@pytest.mark.parametrize(
    ("written", "replacement", "path", "said"),
    [
        (  # the category title that ran in Material's navigation on every page
            "title: Size",
            'title: Architecture & data <img src=x onerror="alert(1)">',
            "categories[0].title",
            "'<' or '>' is not allowed in plain text (<img src=x",
        ),
        (  # the status label that put a javascript: link inside a badge
            "label: Unverified",
            "label: Unverified [x](javascript:alert(1))",
            "statuses[1].label",
            "a Markdown link is not allowed in plain text",
        ),
        (
            "spec: Weight",
            "spec: '![x](https://tracker.example/pixel.png)'",
            "claims[0].spec",
            "a Markdown link is not allowed in plain text",
        ),
        (
            "note: The spec sheet appeared.",
            'note: "See [1]\\n[1]: javascript:alert(1)"',
            "claims[0].history[1].note",
            "a Markdown link is not allowed in plain text",
        ),
        (
            "definition: No evidence either way.",
            "definition: '*none*{onclick=alert(1)}'",
            "statuses[1].definition",
            "'{…}' is not allowed in plain text ({onclick=alert(1)})",
        ),
        (
            "quote: weighs 10 kg",
            "quote: '{{ config.extra }}'",
            "claims[0].evidence[0].quote",
            "'{…}' is not allowed in plain text ({ config.extra })",
        ),
        (
            "publisher: Test Desk",
            'publisher: \'Desk" onmouseover="alert(1)" x="<\'',
            "meta.publisher",
            "'<' or '>' is not allowed in plain text",
        ),
        (
            "[maker](https://maker.example/spec)",
            "[maker](javascript:alert(1))",
            "claims[0].explanation",
            "link target 'javascript:alert(1' is not allowed in Markdown fields",
        ),
        (
            "[maker](https://maker.example/spec)",
            "[maker](&#106;avascript:alert(1))",
            "claims[0].explanation",
            "link target '&#106;avascript:alert(1' is not allowed",
        ),
        (
            "[maker](https://maker.example/spec)",
            "![maker](data:image/svg+xml;base64,PHN2Zz4=)",
            "claims[0].explanation",
            "link target 'data:image/svg+xml;base64,PHN2Zz4=' is not allowed",
        ),
        (
            "[maker](https://maker.example/spec)",
            "[maker][m]\n\n      [m]: vbscript:msgbox",
            "claims[0].explanation",
            "link target 'vbscript:msgbox' is not allowed",
        ),
        (
            "[maker](https://maker.example/spec)",
            "<a href=https://maker.example/spec>maker</a>",
            "claims[0].explanation",
            "raw HTML (<a href=https://maker.example/spec>) is not allowed",
        ),
        (
            "says 10 kg.",
            "says\n      10 kg, <b>really</b>.",
            "claims[0].explanation",
            "raw HTML (<b>) is not allowed in Markdown fields on line 2 of the text",
        ),
    ],
)
def test_markup_in_text_fields_is_refused_where_it_is_written(
    valid_text: str, written: str, replacement: str, path: str, said: str
) -> None:
    text = valid_text.replace(written, replacement, 1)
    assert text != valid_text
    (problem,) = problems(text)
    assert problem.path == path
    assert problem.message.startswith(said), problem.format()
    needle = "explanation: |" if path.endswith("explanation") else replacement.splitlines()[0]
    assert problem.line == line_of(text, needle) and problem.column > 1
    assert problem.hint


@pytest.mark.parametrize(
    "harmless",
    [
        'spec: "Weight (net) & size - \'big\' \\"quoted\\" [approx.]"',
        "spec: '*Weight*, in `kg`, with $ and # and 100%'",
    ],
)
def test_plain_text_keeps_ordinary_punctuation(valid_text: str, harmless: str) -> None:
    data = validate_text(valid_text.replace("spec: Weight", harmless), FILE, TODAY)
    assert data.claims[0].spec.startswith(("Weight", "*Weight*"))


def test_markdown_code_may_show_what_links_may_not_do(valid_text: str) -> None:
    text = valid_text.replace(
        "[maker](https://maker.example/spec)", "`[maker](javascript:alert(1))` (an example)"
    )
    assert validate_text(text, FILE, TODAY).claims[0].explanation.startswith("The leak")


def test_every_string_field_declares_how_it_is_shown() -> None:
    """Free text says whether it is plain text or Markdown; every other string has a pattern
    (ids, colours, codes), is an address (``WebAddress``, checked by ``checks.url_problem``)
    or is one of a list of words. A new field that is none of these fails here."""
    undeclared = [
        str(field)
        for field in string_fields()
        if _how_shown(field_at(tuple(part for part in field.template if part != "*"))) is None
    ]
    assert undeclared == []
    assert text_format(Claim.model_fields["explanation"]) == MARKDOWN
    assert text_format(Claim.model_fields["spec"]) == PLAIN_TEXT


def _how_shown(field: FieldInfo | None) -> str | None:
    assert field is not None
    declared = text_format(field)
    if declared is not None:
        return declared.name
    rules = [*field.metadata, *_metadata_in(field.annotation)]
    if any(getattr(rule, "pattern", None) for rule in rules):
        return "pattern"
    if any(rule in rules for rule in typing.get_args(WebAddress)[1:]):
        return "address"
    if any(isinstance(arg, type) and issubclass(arg, StrEnum) for arg in _types_in(field)):
        return "words"
    return None


def _metadata_in(annotation: Any) -> list[Any]:
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):
        found.extend(_metadata_in(arg))
    return found


def _types_in(field: FieldInfo) -> list[Any]:
    return [field.annotation, *typing.get_args(field.annotation)]


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[a](https://ok.example/?a=1&b=2)", "https://ok.example/?a=1&b=2"),
        ("[a](&#106;avascript:alert(1))", None),
        ("[a](java&#x09;script:alert(1))", None),
        ("[a](JAVASCRIPT:alert(1))", None),
        ("[a](//evil.example/)", None),
        ("[a](../relative/)", None),
        ("[a](mailto:x@example.org)", None),
    ],
)
def test_safe_markdown_keeps_only_http_links(markdown: str, href: str | None) -> None:
    """An unsafe target leaves the link as the text that was written, with no ``<a>``."""
    link = BeautifulSoup(SafeMarkdown().render(markdown), "html.parser").a
    assert (link.get("href") if link is not None else None) == href


@pytest.mark.parametrize(
    ("spec", "cell"),
    [
        (
            '=HYPERLINK("https://evil.example","Weight")',
            '\'=HYPERLINK("https://evil.example","Weight")',
        ),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-5 kg", "'-5 kg"),
        ("+20%", "+20%"),
        ("Weight", "Weight"),
    ],
)
def test_csv_cells_never_start_a_spreadsheet_formula(valid_text: str, spec: str, cell: str) -> None:
    """Plain text may start with '=' (nothing in HTML runs it), but spreadsheets opening
    claims.csv would: the export makes such cells inert."""
    text = valid_text.replace("spec: Weight", f"spec: '{spec}'")
    catalog = Catalog(validate_text(text, FILE, TODAY))
    rows = list(csv.DictReader(io.StringIO(claims_csv(catalog, SiteUrls(), None))))
    assert rows[0]["spec"] == cell


_PATHOLOGICAL = """
import sys
from claimsite.datafile.checks import markdown_problem, plain_text_problem
from claimsite.render.problem_page import problem_page
from claimsite.render.renderer import Renderer
from claimsite.render.safe_markdown import SafeMarkdown

size = 200_000
markdown = SafeMarkdown()
for text in ("[" * size, "[x](" * (size // 4), "{" * size, "`" * size, "\\n" * size + "[",
             " \\n" * size, "]" + " " * size, "<a" * (size // 2), "_a" * (size // 2)):
    plain_text_problem(text)
    markdown_problem(text)
    markdown.render(text)
print("done")
"""


def test_text_rules_and_markdown_stay_fast_on_pathological_text() -> None:
    """Untrusted text must not make a check or the renderer take quadratic time (20,000 '['
    took Python-Markdown over two minutes): 200,000-character cases finish well inside the
    time-out, which only guards against a hang."""
    result = subprocess.run(
        [sys.executable, "-c", _PATHOLOGICAL], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "done", result.stderr


def test_the_preview_problem_page_shows_refused_markup_as_text(valid_text: str) -> None:
    """``mkdocs serve`` shows refusals in the browser: the markup they quote stays text."""
    hostile = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'
    found = problems(valid_text.replace("title: Size", f"title: '{hostile}'"))
    page = problem_page(found, "Widget X <script>alert(3)</script>")
    assert scan_html(page, "problem page") == []
    shown = BeautifulSoup(page, "html5lib").get_text()
    assert "<img src=x" in shown and "alert(3)" in shown


def test_head_tags_escape_page_titles_once(valid_text: str) -> None:
    """A generated page's title and description reach the engine HTML-escaped (themes print
    them raw); the Open Graph tags are attributes and must read as written, not '&amp;#39;'."""
    text = valid_text.replace("spec: Weight", 'spec: "Maker\'s weight & size"')
    renderer = Renderer(Catalog(validate_text(text, FILE, TODAY)))
    claim = renderer.catalog.claims["weight"]
    front = yaml.safe_load(renderer.claim_page(claim).split("---")[1])
    facts = PageFacts(
        src_path=renderer.urls.claim_src("weight"),
        url=renderer.urls.claim_url("weight"),
        title=front["title"],
        description=front["description"],
        canonical_url=None,
    )
    head = BeautifulSoup(PageHead(renderer, "Site", None).html(facts), "html5lib")
    content = {tag["property"]: tag["content"] for tag in head.select("meta[property]")}
    assert content["og:title"] == "Maker's weight & size"
    assert content["og:description"] == claim.conclusion
