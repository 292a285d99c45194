"""Colour contrast (WCAG 2) so that a status colour from the data is always readable."""

from __future__ import annotations

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
