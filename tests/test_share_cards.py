"""Share cards: one 1200 x 630 PNG per claim, announced in the claim page's head, drawn in the
operating system's fonts; exact wrapping; a clear error when the fonts are missing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog
from claimsite.outputs import share_cards
from claimsite.render.urls import SiteUrls
from tests.site_build import ROOT, real_site


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "claims.yaml")


def test_every_claim_has_a_card_of_the_size_social_sites_show(catalog: Catalog) -> None:
    cards = real_site() / "cards"
    assert sorted(path.name for path in cards.iterdir()) == sorted(
        f"{claim.id}.png" for claim in catalog.data.claims
    )
    for claim in catalog.data.claims[:5]:
        with Image.open(cards / f"{claim.id}.png") as image:
            assert image.format == "PNG" and image.size == (1200, 630)


def test_the_card_shows_the_verdict_colour(catalog: Catalog) -> None:
    """The band on the left and the badge are painted in the status colour of the data."""
    claim = catalog.data.claims[0]
    with Image.open(real_site() / "cards" / f"{claim.id}.png") as image:
        band = image.convert("RGB").getpixel((4, 315))
    colour = catalog.statuses[claim.status].colour
    expected = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    assert isinstance(band, tuple)
    assert max(abs(a - b) for a, b in zip(band, expected, strict=True)) <= 8, "palette rounding"


def test_claim_pages_announce_their_card(catalog: Catalog) -> None:
    claim = catalog.data.claims[0]
    page = real_site() / "claims" / claim.id / "index.html"
    head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
    assert head is not None
    meta = {
        str(tag.get("property") or tag.get("name")): str(tag["content"])
        for tag in head.find_all("meta")
        if tag.get("content") is not None
    }
    assert meta["og:image"].startswith("https://") and meta["og:image"].endswith(
        f"/cards/{claim.id}.png"
    )
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"].startswith(claim.spec)
    assert meta["twitter:card"] == "summary_large_image"
    home = BeautifulSoup((real_site() / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("meta", property="og:image") is None


@pytest.mark.parametrize(
    ("words", "most", "expected"),
    [
        ("one two", 3, ["one two"]),
        ("one two three", 3, ["one two", "three"]),
        ("alpha beta gamma delta epsilon", 2, ["alpha beta", "gamma…"]),
        ("abcdefghij klm", 1, ["abcdefghi…"]),
        ("abc defghi jk", 1, ["abc…"]),
        ("abcdefghijklmnopqrstuvwxyz", 3, ["abcdefghij", "klmnopqrst", "uvwxyz"]),
    ],
)
def test_lines_fit_the_measured_width(words: str, most: int, expected: list[str]) -> None:
    """Measured in DejaVu Sans Mono (same package), so a line holds exactly ten characters."""
    font = share_cards._font(share_cards.font_dir(), "DejaVuSansMono.ttf", 20)
    assert share_cards.fit_lines(words, font, font.getlength("x" * 10), most) == expected


def test_missing_fonts_name_the_fix(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(share_cards, "FONT_DIRS", (tmp_path / "none",))
    monkeypatch.setenv("CLAIMSITE_FONT_DIR", str(tmp_path))
    with pytest.raises(share_cards.ShareCardError, match="scripts/ensure-fonts"):
        list(share_cards.share_card_files(catalog, SiteUrls(), "Site"))


def test_cards_are_the_same_bytes_every_time(catalog: Catalog) -> None:
    folder = share_cards.font_dir()
    claim = catalog.data.claims[-1]
    first = share_cards.draw_card(catalog, claim, folder, "Site")
    assert share_cards.draw_card(catalog, claim, folder, "Site") == first
    with Image.open(io.BytesIO(first)) as image:
        assert "tIME" not in image.info and image.size == (share_cards.WIDTH, share_cards.HEIGHT)


def test_a_rebuild_reads_unchanged_cards_from_the_cache(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = share_cards.font_dir(), tmp_path / "cards"
    claims = catalog.data.claims[:2]
    faces = [share_cards.card_face(catalog, claim, "Site") for claim in claims]
    kept = [share_cards.cached_card(face, folder, cache) for face in faces]
    paths = [card for card in kept if isinstance(card, Path) and card.parent == cache]
    assert len(paths) == len(kept)
    assert [path.read_bytes() for path in paths] == [
        share_cards.draw_face(face, folder) for face in faces
    ]

    def no_drawing(face: share_cards.CardFace, folder: Path) -> bytes:
        raise AssertionError(f"drew {face.spec} again")

    monkeypatch.setattr(share_cards, "draw_face", no_drawing)
    assert [share_cards.cached_card(face, folder, cache) for face in faces] == kept
    edited = share_cards.CardFace(**{**vars(faces[0]), "spec": "An edited spec"})
    with pytest.raises(AssertionError, match="An edited spec"):
        share_cards.cached_card(edited, folder, cache)


def test_without_a_writable_cache_cards_are_bytes(catalog: Catalog, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    face = share_cards.card_face(catalog, catalog.data.claims[0], "Site")
    card = share_cards.cached_card(face, share_cards.font_dir(), blocked / "cards")
    assert card == share_cards.draw_face(face, share_cards.font_dir())
