"""Every built page is valid HTML by the Nu HTML Checker (npm vnu-jar, on Java), apart from a
listed few errors that Material's own templates make: our markup adds none."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.site_build import ROOT, real_site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHECK_TIMEOUT = 300


@dataclass(frozen=True)
class KnownError:
    """An error in the theme's markup (mkdocs-material 9.7.7), which we do not own."""

    message: str
    """How the checker's message starts."""
    extract: str
    """Text in the markup the checker quotes, which places it in the theme's template."""
    why: str


KNOWN_THEME_ERRORS = (
    KnownError(
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-',
        "Material's drawer, search and palette toggles are checkboxes with autocomplete=off",
    ),
    KnownError(
        "Bad value “” for attribute “tabindex” on element “label”",
        'class="md-nav__link"',
        "Material's navigation section labels carry an empty tabindex",
    ),
    KnownError(
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        'class="md-nav__title"',
        "Material's table-of-contents title points at its hidden toggle",
    ),
)


def matches(known: KnownError, error: dict[str, Any]) -> bool:
    message, extract = str(error.get("message", "")), str(error.get("extract", ""))
    return message.startswith(known.message) and known.extract in extract


@pytest.fixture(scope="module")
def errors() -> list[dict[str, Any]]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu HTML Checker needs java and node_modules/vnu-jar: run `make test`")
    site = real_site()
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
        check=False,
    )
    report = json.loads(done.stderr)  # vnu writes its JSON report to stderr
    return [message for message in report["messages"] if message.get("type") == "error"]


def test_our_markup_has_no_html_errors(errors: list[dict[str, Any]]) -> None:
    ours = [
        f"{Path(str(error.get('url', ''))).parent.name}:{error.get('lastLine')}: "
        f"{error['message']} {str(error.get('extract', '')).strip()[:120]}"
        for error in errors
        if not any(matches(known, error) for known in KNOWN_THEME_ERRORS)
    ]
    assert ours == []


def test_each_known_theme_error_still_occurs(errors: list[dict[str, Any]]) -> None:
    """When Material fixes one, its entry goes: the list never hides an error of ours."""
    for known in KNOWN_THEME_ERRORS:
        assert any(matches(known, error) for error in errors), known.why
