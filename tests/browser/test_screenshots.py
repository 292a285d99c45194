"""Screenshots for a person to look at: home (light, dark, phone), one claim page, the charts.

They are written to ``test-artifacts/screenshots/`` (git-ignored); the test checks that each is
a PNG of the width it was taken at.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from claimsite.datafile.catalog import Catalog
from tests.browser.conftest import SCREENSHOTS, Browsing, Scheme
from tests.browser.helpers import page_path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    (width,) = struct.unpack(">I", header[16:20])
    return int(width)


@pytest.mark.parametrize(
    ("name", "target", "width", "scheme"),
    [
        ("home-light", "home", 1280, "light"),
        ("home-dark", "home", 1280, "dark"),
        ("home-mobile", "home", 375, "light"),
        ("claim", "claim", 1280, "light"),
        ("claim-mobile-dark", "claim", 375, "dark"),
        ("figures", "charts", 1280, "light"),
        ("figures-mobile-dark", "charts", 375, "dark"),
        ("timeline-mobile", "timeline", 375, "light"),
    ],
)
def test_screenshot(
    browsing: Browsing, catalog: Catalog, name: str, target: str, width: int, scheme: Scheme
) -> None:
    page = browsing.open(
        page_path(browsing, catalog, target), width=width, height=900, scheme=scheme
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert png_width(path) == width
