"""Colour contrast (WCAG 2) so that a status colour from the data is always readable."""

from __future__ import annotations

import math

BLACK = "#000000"
WHITE = "#ffffff"


def _channel(value: int) -> float:
    scaled = value / 255
    return scaled / 12.92 if scaled <= 0.04045 else ((scaled + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance of ``#rrggbb``."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_for(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (always at least 4.5:1)."""
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


PAGE_BACKGROUNDS = {"light": WHITE, "dark": "#1e2029"}
"""The page colour of each scheme: Material's white, and its slate (hsl(232, 15%, 14%))."""
GRAPHIC_CONTRAST = 3.0
"""WCAG 1.4.11: a bar must stand out from the page by at least 3:1."""
_MARGIN = 0.2
"""Derived colours aim a little above the minimum, so rounding never takes them below it."""


def _channels(hex_colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` (0 to 1) of ``other`` blended in."""
    blended = (
        round(a + (b - a) * share) for a, b in zip(_channels(colour), _channels(other), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in blended)


def graphic_colour(colour: str, background: str) -> str:
    """``colour`` as a bar on ``background``: unchanged when it stands out by 3:1 (and a
    margin), otherwise
    blended towards white (on a dark page) or black (on a light one) until it does."""
    if contrast(colour, background) >= GRAPHIC_CONTRAST + _MARGIN:
        return colour
    away = WHITE if luminance(background) < luminance(WHITE) / 2 else BLACK
    share = 0.0
    while share < 1.0:
        share = min(1.0, share + 0.02)
        candidate = mix(colour, away, share)
        if contrast(candidate, background) >= GRAPHIC_CONTRAST + _MARGIN:
            return candidate
    return away


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    red, green, blue = (_channel(value) for value in _channels(hex_colour))
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_difference(first: str, second: str) -> float:
    """CIE76 delta E: about 2.3 is just noticeable; 25 or more reads as another colour."""
    squares = sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second), strict=True))
    return math.sqrt(squares)
