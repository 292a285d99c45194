"""The build-time charts as a reader's browser paints them: counts, text alternative, fit."""

from __future__ import annotations

from typing import cast

from claimsite.datafile.catalog import Catalog
from claimsite.render.charts import FONT_SIZE, chart_groups, claim_figures, has_numbers
from tests.browser.conftest import Browsing

PHONE = 375
MIN_TEXT_PX = 11.0
"""Smallest on-screen size of a bar label at phone width."""


def test_status_chart_shows_the_counts_of_the_data(browsing: Browsing, catalog: Catalog) -> None:
    page = browsing.open("charts/")
    figure = page.locator('figure[data-chart="status"]')
    svg = figure.locator("svg[role='img']")
    labelled_by = (svg.get_attribute("aria-labelledby") or "").split()
    assert [page.locator(f"#{ident}").evaluate("el => el.tagName") for ident in labelled_by] == [
        "title",
        "desc",
    ]
    counts = catalog.status_counts()
    first_panel = figure.locator(".cs-chart__panel").first
    drawn = cast(
        dict[str, int],
        first_panel.locator("rect[data-status]").evaluate_all(
            "rs => Object.fromEntries(rs.map(r => [r.dataset.status, +r.dataset.count]))"
        ),
    )
    assert drawn == {status: count for status, count in counts.items() if count}
    total = figure.locator("tfoot td").last.text_content()  # in a closed <details>
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
        bars = page.locator(f'figure[data-chart="{chart_id}"] rect.cs-chart__bar')
        numbers = [
            figure.value
            for claim in claims
            for figure in claim_figures(catalog, claim)
            if figure.value is not None
        ]
        assert bars.count() == len(numbers)


def test_charts_are_legible_and_unclipped_on_a_phone(browsing: Browsing) -> None:
    page = browsing.open("charts/", width=PHONE, height=812)
    charts = page.locator("svg.cs-chart__svg")
    assert charts.count() >= 1
    for index in range(charts.count()):
        svg = charts.nth(index)
        box = svg.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE
        scale = svg.evaluate("s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
        assert FONT_SIZE * scale >= MIN_TEXT_PX
        overflowing = svg.evaluate(
            """s => {
                const frame = s.getBoundingClientRect();
                return [...s.querySelectorAll('text')].filter(t => {
                    const b = t.getBoundingClientRect();
                    return b.left < frame.left - 0.5 || b.right > frame.right + 0.5;
                }).map(t => t.textContent);
            }"""
        )
        assert overflowing == []
