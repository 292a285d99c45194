"""Share cards: a 1200 x 630 PNG per claim, the picture a social site shows for a shared link.

Like a fact-checker's card it shows the claim, what was claimed and the verdict badge, drawn
at build time with Pillow in fonts from the operating system (Debian's ``fonts-dejavu-core``,
which ``scripts/ensure-fonts`` installs), never fetched. Text is measured with the real font,
so lines wrap and shorten exactly; the PNG has no timestamp, so two builds write the same bytes.
Data text is drawn as pixels, never parsed, so markup in it is inert.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim
from claimsite.errors import ClaimsiteError
from claimsite.render.colours import text_colour_for
from claimsite.render.pages import GeneratedFile
from claimsite.render.urls import SiteUrls

WIDTH, HEIGHT = 1200, 630
"""The size Open Graph and X (``summary_large_image``) show without cropping."""
MARGIN = 64
ACCENT = 18
"""Width of the verdict-coloured band on the left edge."""
INK = "#111827"
MUTED = "#4b5563"
PAPER = "#ffffff"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
"""Where Debian's fonts-dejavu-core puts the fonts; ``CLAIMSITE_FONT_DIR`` adds a folder."""
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
ELLIPSIS = "…"
PALETTE = 64


class ShareCardError(ClaimsiteError):
    """The cards cannot be drawn (the fonts are missing); the hint says how to fix it."""


def font_dir() -> Path:
    """The first folder that has both fonts, or :class:`ShareCardError` naming the fix."""
    extra = os.environ.get("CLAIMSITE_FONT_DIR")
    candidates = ((Path(extra),) if extra else ()) + FONT_DIRS
    for folder in candidates:
        if (folder / REGULAR).is_file() and (folder / BOLD).is_file():
            return folder
    searched = ", ".join(str(folder) for folder in candidates)
    raise ShareCardError(
        f"share cards need the DejaVu Sans fonts ({REGULAR}, {BOLD}), not found in {searched}",
        "run scripts/ensure-fonts (apt-get install fonts-dejavu-core), or set CLAIMSITE_FONT_DIR "
        "to a folder that holds them",
    )


@cache
def _font(folder: Path, name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(folder / name), size)


@dataclass(frozen=True)
class Text:
    """A block of text: font file, size, colour and at most ``lines`` lines."""

    words: str
    name: str
    size: int
    colour: str
    lines: int
    gap: int = 0
    """Space after the block."""


def fit_lines(words: str, font: ImageFont.FreeTypeFont, width: float, most: int) -> list[str]:
    """``words`` broken into lines no wider than ``width``, at most ``most`` of them; the last
    one ends in an ellipsis after a whole word when the text does not fit. A word longer than
    a line is cut."""
    lines: list[str] = []
    current = ""
    for word in words.split():
        trial = f"{current} {word}" if current else word
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width:  # one word wider than the line
            cut = len(current)
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1]
    while last and font.getlength(last + ELLIPSIS) > width:  # whole words first
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:") + ELLIPSIS
    return kept


def claimed_words(claim: Claim) -> str:
    """What was claimed, as the spec table shows it; other versions are counted, not listed."""
    first = claim.claimed[0].shown()
    others = len(claim.claimed) - 1
    if others:
        return f"{first} (and {others} other version{'s' if others > 1 else ''})"
    return first


def _reader_date(claim: Claim) -> str:
    reviewed = claim.last_reviewed()
    return f"Reviewed {reviewed.day} {reviewed:%B %Y}" if reviewed else ""


@dataclass(frozen=True)
class CardFace:
    """Everything a card shows: the drawing is a pure function of it and the fonts."""

    heading: str
    spec: str
    claimed: str
    label: str
    colour: str
    footer: str


def card_face(catalog: Catalog, claim: Claim, site_name: str) -> CardFace:
    status = catalog.statuses[claim.status]
    return CardFace(
        heading=f"{catalog.data.meta.subject}: fact check",
        spec=claim.spec,
        claimed=f"Claimed: {claimed_words(claim)}",
        label=status.label,
        colour=status.colour,
        footer=" · ".join(part for part in (site_name, _reader_date(claim)) if part),
    )


def draw_card(catalog: Catalog, claim: Claim, folder: Path, site_name: str) -> bytes:
    """The claim's card as PNG bytes."""
    return draw_face(card_face(catalog, claim, site_name), folder)


def draw_face(face: CardFace, folder: Path) -> bytes:
    """A card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, ACCENT - 1, HEIGHT), fill=face.colour)
    left, width = MARGIN + ACCENT, WIDTH - 2 * MARGIN - ACCENT
    blocks = [
        Text(face.heading, BOLD, 30, MUTED, 1, 26),
        Text(face.spec, BOLD, 60, INK, 2, 22),
        Text(face.claimed, REGULAR, 36, INK, 2, 34),
    ]
    y = MARGIN - 8
    for block in blocks:
        font = _font(folder, block.name, block.size)
        for line in fit_lines(block.words, font, width, block.lines):
            draw.text((left, y), line, font=font, fill=block.colour)
            y += round(block.size * 1.25)
        y += block.gap
    badge_font = _font(folder, BOLD, 44)
    label = fit_lines(face.label, badge_font, width - 60, 1)[0]
    pad_x, pad_y = 30, 14
    text_width = round(badge_font.getlength(label))
    ascent, descent = badge_font.getmetrics()
    badge = (left, y, left + text_width + 2 * pad_x, y + ascent + descent + 2 * pad_y)
    draw.rounded_rectangle(badge, radius=(badge[3] - badge[1]) // 2, fill=face.colour)
    draw.text((left + pad_x, y + pad_y), label, font=badge_font, fill=text_colour_for(face.colour))
    footer_font = _font(folder, REGULAR, 26)
    footer_line = fit_lines(face.footer, footer_font, width, 1)[0]
    draw.text((left, HEIGHT - MARGIN + 4), footer_line, font=footer_font, fill=MUTED)
    # A card has a few colours and the grey edges of its letters: 64 palette colours keep it
    # sharp at a third of the RGB size, and take a build less time to compress.
    palette = image.quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=6)
    return out.getvalue()


CACHE_FOLDER = ".cache/claimsite/share-cards"
"""Where, under the site's folder, drawn cards are kept for the next build (git-ignored)."""


@cache
def _drawing_version(folder: Path) -> str:
    """Digest of what a card's pixels depend on besides its face: this module's code, the
    fonts and Pillow. A change to any of them draws every card again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in (REGULAR, BOLD):
        digest.update((folder / name).read_bytes())
    digest.update(PIL.__version__.encode())
    return digest.hexdigest()


def cached_card(face: CardFace, folder: Path, cache: Path | None) -> Path | bytes:
    """The card's PNG: the file in ``cache`` that holds it (drawn now, or by an earlier
    build), or its bytes when there is no cache or it cannot be written.

    Drawing is most of a small site's build time (quantizing and compressing 1200 x 630
    pixels); cards change only when their face does, so a rebuild (``mkdocs serve`` after an
    edit, a CI run with the folder restored) draws only the changed ones. Material's social
    cards are cached the same way. Handing over the file, not the bytes, keeps a large build
    from holding every card in memory.
    """
    if cache is None:
        return draw_face(face, folder)
    key = hashlib.sha256(f"{_drawing_version(folder)}\n{face!r}".encode()).hexdigest()
    path = cache / f"{key}.png"
    if path.is_file():
        return path
    png = draw_face(face, folder)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(png)
        partial.replace(path)
    except OSError:
        return png
    return path


def share_card_files(
    catalog: Catalog, urls: SiteUrls, site_name: str, cache: Path | None = None
) -> Iterator[GeneratedFile]:
    """One card per claim, at :meth:`SiteUrls.card_path`; ``cache`` is a folder for
    :func:`cached_card`."""
    folder = font_dir()
    for claim in catalog.data.claims:
        card = cached_card(card_face(catalog, claim, site_name), folder, cache)
        yield GeneratedFile(urls.card_path(claim.id), card)
