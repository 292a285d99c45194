"""Measurements taken inside the page: colours as the reader sees them, positions, overflow."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from playwright.sync_api import Locator, Page

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim
from claimsite.render.colours import contrast
from tests.browser.conftest import Browsing

# Colours are composited the way the browser paints them: the element's text colour over the
# backgrounds of the element and its ancestors, from the page canvas (white) upwards.
_COLOURS_JS = """
(elements) => elements.map((el) => {
  const parse = (value) => {
    const match = value.match(/rgba?\\(([^)]+)\\)/);
    if (!match) { throw new Error("unexpected colour " + value); }
    const parts = match[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) =>
    [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const chain = [];
  for (let node = el; node; node = node.parentElement) {
    chain.push(parse(getComputedStyle(node).backgroundColor));
  }
  let background = [255, 255, 255, 1];
  for (const colour of chain.reverse()) { background = over(colour, background); }
  const text = over(parse(getComputedStyle(el).color), background);
  return {label: el.textContent.trim(), text: text, background: background};
})
"""

_IN_VIEW_JS = """
(el) => {
  const box = el.getBoundingClientRect();
  const header = document.querySelector(".md-header");
  const covered = header ? header.getBoundingClientRect().bottom : 0;
  return {top: box.top, bottom: box.bottom, covered: covered, height: window.innerHeight};
}
"""


@dataclass(frozen=True)
class Painted:
    label: str
    text: str
    background: str

    @property
    def contrast(self) -> float:
        return contrast(self.text, self.background)


def _hex(channels: list[float]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in channels[:3])


def painted_colours(locator: Locator) -> list[Painted]:
    """Text and background colour of every element ``locator`` matches, as painted."""
    raw = cast(list[dict[str, Any]], locator.evaluate_all(_COLOURS_JS))
    return [Painted(item["label"], _hex(item["text"]), _hex(item["background"])) for item in raw]


def in_viewport(locator: Locator) -> bool:
    """Whether the element's top is on screen and below Material's sticky header."""
    box = cast(dict[str, float], locator.evaluate(_IN_VIEW_JS))
    return box["covered"] - 1 <= box["top"] < box["height"] and box["bottom"] > box["covered"]


def horizontal_overflow(page: Page) -> tuple[int, int]:
    """The document's scroll width and the viewport width."""
    widths = cast(
        list[int],
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"),
    )
    return widths[0], widths[1]


_WORD = re.compile(r"[A-Za-z]{5,}")
_COMMON = frozenset(
    {"about", "there", "their", "which", "would", "model", "claim", "claims", "since", "never"}
)


def search_word(catalog: Catalog) -> tuple[Claim, str]:
    """A claim and the rarest long word of its conclusion across all claims' texts.

    A rare word keeps the claim among the first search results, whatever the data holds.
    """
    texts = {
        claim.id: " ".join((claim.spec, claim.conclusion, claim.explanation)).casefold()
        for claim in catalog.data.claims
    }
    frequency: Counter[str] = Counter()
    for text in texts.values():
        frequency.update(set(_WORD.findall(text)))
    best: tuple[int, int, Claim, str] | None = None
    for claim in catalog.data.claims:
        for word in {w.casefold() for w in _WORD.findall(claim.conclusion)} - _COMMON:
            rank = (frequency[word], -len(word))
            if best is None or rank < best[:2]:
                best = (*rank, claim, word)
    if best is None:
        raise AssertionError("no conclusion in the data has a word of five letters or more")
    return best[2], best[3]


# A word split over two lines has two client rectangles; one on a single line has one.
_BROKEN_WORDS_JS = """
(cells) => {
  const broken = [];
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[A-Za-z]{3,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) { broken.push(match[0]); }
      }
    }
  }
  return broken;
}
"""


def words_broken_across_lines(cells: Locator) -> list[str]:
    """Words of the matched elements that the browser split over two lines."""
    return cast(list[str], cells.evaluate_all(_BROKEN_WORDS_JS))


def box(locator: Locator) -> dict[str, float]:
    """The element's rectangle in viewport coordinates."""
    return cast(
        dict[str, float],
        locator.evaluate(
            "el => { const b = el.getBoundingClientRect();"
            " return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; }"
        ),
    )


def richest_claim(catalog: Catalog) -> Claim:
    """The claim whose page has the most to check: evidence, history, variants, comparisons."""
    return max(
        catalog.data.claims,
        key=lambda c: len(c.evidence) + len(c.history) + len(c.claimed) + len(c.comparisons),
    )


def page_path(browsing: Browsing, catalog: Catalog, name: str) -> str:
    """The site path of a page the browser tests visit: ``home``, ``claim`` (the richest one)
    or a hand-written page by name (``methodology``, ``timeline``, ``charts``)."""
    if name == "claim":
        return browsing.site.urls.claim_url(richest_claim(catalog).id)
    return "" if name == "home" else f"{name}/"
