"""Screenshots for a person to look at: home (light, dark, phone, and a phone's first
screen), one claim page, the charts, the timeline, and a share card per verdict.

They are written to ``test-artifacts/screenshots/`` (git-ignored); the test checks that each is
a PNG of the width it was taken at.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from claimsite.datafile.catalog import Catalog
from tests.browser.conftest import SCREENSHOTS, Browsing, Scheme
from tests.browser.helpers import page_path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FIRST_SCREEN_HEIGHT = 740
"""What a phone shows before any scrolling."""
CARD_WIDTH = 1200


def png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    (width,) = struct.unpack(">I", header[16:20])
    return int(width)


@pytest.mark.parametrize(
    ("name", "target", "width", "scheme"),
    [
        ("home-mobile-first-screen", "home", 375, "light"),
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
    first_screen = name.endswith("first-screen")
    height = FIRST_SCREEN_HEIGHT if first_screen else 900
    page = browsing.open(
        page_path(browsing, catalog, target), width=width, height=height, scheme=scheme
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=not first_screen)
    assert png_width(path) == width


def test_share_cards_beside_the_screenshots(browsing: Browsing, catalog: Catalog) -> None:
    """One claim's card per status, copied from the built site as a person would see it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    firsts = {claim.status: claim for claim in reversed(catalog.data.claims)}
    for status_id, claim in firsts.items():
        built = browsing.site.root / browsing.site.urls.card_path(claim.id)
        path = SCREENSHOTS / f"card-{status_id}.png"
        shutil.copyfile(built, path)
        assert png_width(path) == CARD_WIDTH
