"""Property tests: payloads in every string field of the models, and what becomes of them.

Each payload is either refused by validation, at the line where it was written, or survives
into a strict build whose every HTML, XML, SVG and JSON file is parsed and found free of
anything a browser would run. The suite runs a sample (a few builds, a hundred-odd
validations); ``scripts/hostile_matrix.py`` runs every field against every payload.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimsite.datafile.models import ID_PATTERN
from claimsite.render.directives import DIRECTIVES
from tests.conftest import REPO
from tests.hostile import (
    FRAGMENTS,
    PAYLOADS,
    RUNS,
    Outcome,
    StringField,
    base_data,
    directives_used,
    inject,
    make_project,
    scan_html,
    scan_site,
    string_fields,
    unlocated,
    validate,
)
from tests.test_build import mkdocs_build

FIELDS = string_fields()

payloads = st.one_of(
    st.sampled_from(list(PAYLOADS.values())),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join),
)

SURVIVORS = (
    "double-quote breakout",
    "single-quote breakout",
    "unquoted breakout",
    "entities",
    "directive",
    "ampersand and quotes",
    "line separators alone",
)
"""Hostile payloads that plain text accepts: the explicit build puts one in every field."""


def test_every_string_field_of_the_models_is_attacked() -> None:
    """The fields come from the models; the fixture has a place for each (``inject`` raises
    otherwise) and the test pages use every directive."""
    shown = {str(field) for field in FIELDS}
    assert {"categories[*].title", "statuses[*].label", "claims[*].explanation"} <= shown
    assert "claims[*].evidence[*].quote" in shown and "sources[*].url" in shown
    for field in FIELDS:
        inject(base_data(), field, "payload")
    assert directives_used() == set(DIRECTIVES)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), payload=payloads)
@example(field=StringField(("categories", "*", "title")), payload=PAYLOADS["img onerror"])
@example(
    field=StringField(("statuses", "*", "label")), payload=PAYLOADS["markdown javascript link"]
)
def test_a_refused_payload_is_reported_where_it_was_written(
    field: StringField, payload: str
) -> None:
    data = base_data()
    at = inject(data, field, payload)
    outcome = validate(data)
    if outcome.accepted:
        return  # what is accepted must be harmless: the build test below checks that
    faults = unlocated(outcome, at)
    if re.fullmatch(ID_PATTERN, payload):
        # a well-formed id is itself fine; what breaks is the references to the old one,
        # each reported at its own line
        faults = [fault for fault in faults if fault.startswith("no location")]
    assert faults == []


def _with_accepted(assignment: list[str]) -> tuple[Outcome, int]:
    """The fixture with each field's payload in it, if that payload is accepted there alone;
    and how many payloads went in."""
    data = base_data()
    placed = 0
    for field, payload in zip(FIELDS, assignment, strict=True):
        alone = base_data()
        inject(alone, field, payload)
        if validate(alone).accepted:
            inject(data, field, payload)
            placed += 1
    return validate(data), placed


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assignment=st.lists(payloads, min_size=len(FIELDS), max_size=len(FIELDS)))
@example(assignment=[PAYLOADS[SURVIVORS[index % len(SURVIVORS)]] for index in range(len(FIELDS))])
def test_accepted_payloads_never_run_in_the_built_site(assignment: list[str]) -> None:
    outcome, placed = _with_accepted(assignment)
    assert outcome.accepted, [problem.format() for problem in outcome.problems]
    with tempfile.TemporaryDirectory(prefix="hostile-site-") as tmp:
        project = make_project(Path(tmp) / "project", outcome.text)
        result = mkdocs_build(project, Path(tmp) / "site")
        assert result.returncode == 0, f"{placed} payloads; build failed:\n{result.stderr}"
        assert scan_site(Path(tmp) / "site") == []
        home = BeautifulSoup(
            (Path(tmp) / "site" / "index.html").read_text(encoding="utf-8"), "html5lib"
        )
    nav = {" ".join(item.get_text().split()) for item in home.select(".md-nav .md-ellipsis")}
    missing = set(_category_titles(outcome.text)) - nav
    assert not missing, f"category titles must read in the navigation as written: {missing}"


def _category_titles(text: str) -> list[str]:
    from claimsite.datafile.yamlsource import parse

    raw = parse(text, "data/claims.yaml")
    return [" ".join(str(entry["title"]).split()) for entry in raw["categories"]]


@pytest.mark.parametrize(
    ("html", "found"),
    [
        (f"<p><script>{RUNS}</script></p>", "injected script"),
        ('<img src="x" onerror="alert(1)">', "event handler"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a href="),
        ('<a href="java\tscript:alert(1)">x</a>', "<a href="),
        ('<script type="application/ld+json">{"a": "</script><b>"}</script>', "not valid JSON"),
        ("<iframe srcdoc='x'></iframe>", "<iframe> element"),
        ('<svg><a xlink:href="data:text/html,x">y</a></svg>', "xlink:href"),
    ],
)
def test_the_scan_finds_what_it_looks_for(html: str, found: str) -> None:
    """The scan is what makes the property tests able to fail: each kind of hole is seen."""
    faults = scan_html(f"<!doctype html><html><body>{html}</body></html>", "page.html")
    assert any(found in fault for fault in faults), faults


def test_the_scan_passes_ordinary_output() -> None:
    html = (
        '<a href="https://example.org/?a=1&amp;b=2" title="&quot;x&quot; onclick">ok</a>'
        '<script src="assets/javascripts/bundle.js"></script>'
        '<script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>'
    )
    assert scan_html(f"<!doctype html><html><body>{html}</body></html>", "page.html") == []


@pytest.mark.parametrize(
    "command",
    [
        ["scripts/hostile_matrix.py", "--no-build", "--payload", "script tag"],
        ["scripts/hostile_fuzz.py", "--examples", "3"],
    ],
)
def test_the_full_run_scripts_still_run(command: list[str]) -> None:
    """The full matrix and the long fuzz run are scripts: a small run of each keeps them
    working as the code they share with these tests changes."""
    result = subprocess.run(
        [sys.executable, *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failures" in result.stdout or " 0 files with faults" in result.stdout
