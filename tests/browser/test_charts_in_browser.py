"""The build-time charts as a reader's browser paints them: counts, width, text, contrast."""

from __future__ import annotations

from typing import cast

import pytest

from claimsite.datafile.catalog import Catalog
from claimsite.render.charts import chart_groups, claim_figures, has_numbers
from claimsite.render.colours import GRAPHIC_CONTRAST, contrast, luminance
from tests.browser.conftest import Browsing, Scheme
from tests.browser.helpers import painted_colours

PHONE = 375
MIN_TEXT_PX = 11.0
"""Smallest on-screen size of a bar label or tick at phone width."""
DARK_PAGE = 0.2
"""Relative luminance under which a page counts as dark."""

_GRID_CROSSES_TEXT_JS = """
(chart) => {
  const words = [...chart.querySelectorAll('.cs-chart__label, .cs-chart__tick, .cs-chart__heading')]
    .map((el) => el.getBoundingClientRect());
  const crossed = [];
  for (const grid of chart.querySelectorAll('.cs-chart__grid')) {
    const g = grid.getBoundingClientRect();
    for (const w of words) {
      if (g.left >= w.left && g.left <= w.right && g.bottom > w.top && g.top < w.bottom) {
        crossed.push(grid.parentElement.parentElement.textContent.trim().slice(0, 60));
      }
    }
  }
  return crossed;
}
"""


def test_status_chart_shows_the_counts_of_the_data(browsing: Browsing, catalog: Catalog) -> None:
    page = browsing.open("charts/")
    figure = page.locator('figure[data-chart="status"]')
    counts = catalog.status_counts()
    drawn = cast(
        dict[str, int],
        figure.locator("[data-panel='1'] .cs-chart__bar[data-status]").evaluate_all(
            "bs => Object.fromEntries(bs.map(b => [b.dataset.status, +b.dataset.count]))"
        ),
    )
    assert drawn == {status: count for status, count in counts.items() if count}
    legend = figure.locator("[data-panel='2'] .cs-chart__legend li").all_inner_texts()
    labels = {status.id: status.label for status in catalog.data.statuses}
    assert legend == [labels[status] for status in labels if counts.get(status)]
    total = page.locator("#chart-status details tfoot td").last.text_content()
    assert total == str(len(catalog.data.claims))


def test_comparison_charts_draw_every_number_of_their_group(
    browsing: Browsing, catalog: Catalog
) -> None:
    page = browsing.open("charts/")
    groups = {
        chart_id: claims
        for chart_id, claims in chart_groups(catalog.data.claims).items()
        if has_numbers(catalog, claims)
    }
    shown = page.locator("figure.cs-chart--comparison").evaluate_all(
        "fs => fs.map(f => f.dataset.chart)"
    )
    assert shown == list(groups)
    for chart_id, claims in groups.items():
        bars = page.locator(f'figure[data-chart="{chart_id}"] .cs-chart__bar')
        numbers = [
            figure.value
            for claim in claims
            for figure in claim_figures(catalog, claim)
            if figure.value is not None
        ]
        assert bars.count() == len(numbers)


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_charts_fill_the_column_and_no_grid_line_crosses_text(
    browsing: Browsing, width: int
) -> None:
    page = browsing.open("charts/", width=width, height=812)
    column = page.locator("article.md-content__inner").evaluate(
        "el => { const s = getComputedStyle(el);"
        " return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"
    )
    charts = page.locator("figure.cs-chart")
    assert charts.count() >= 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert abs(box["width"] - column) <= 1, "a chart takes the full content width"
        assert chart.evaluate(_GRID_CROSSES_TEXT_JS) == []
        sizes = chart.locator(".cs-chart__label, .cs-chart__tick").evaluate_all(
            "els => els.map(el => parseFloat(getComputedStyle(el).fontSize))"
        )
        assert min(sizes) >= MIN_TEXT_PX


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_bar_stands_out_from_the_page(browsing: Browsing, scheme: Scheme) -> None:
    """WCAG 1.4.11: each bar and legend swatch at 3:1 against the page, as painted."""
    page = browsing.open("charts/", scheme=scheme)
    page_colour = painted_colours(page.locator("article.md-content__inner"))[0].background
    assert (luminance(page_colour) < DARK_PAGE) == (scheme == "dark"), page_colour
    fills = cast(
        list[str],
        page.locator(".cs-chart__bar, .cs-chart__swatch").evaluate_all(
            "els => els.map(el => getComputedStyle(el).backgroundColor)"
        ),
    )
    assert fills
    weak = {fill for fill in fills if contrast(_hex(fill), page_colour) < GRAPHIC_CONTRAST}
    assert weak == set(), f"{scheme} page {page_colour}"


def _hex(css_colour: str) -> str:
    """``rgb(r, g, b)`` as ``#rrggbb`` (bars are opaque)."""
    channels = css_colour[css_colour.index("(") + 1 : css_colour.index(")")].split(",")
    return "#" + "".join(f"{int(float(part)):02x}" for part in channels[:3])
