"""Chart geometry (claimsite/render/charts.py) and the chart directives, without a browser."""

from __future__ import annotations

import math

import pytest
from bs4 import BeautifulSoup, Tag

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import load_catalog, validate_text
from claimsite.render import charts
from claimsite.render.colours import (
    GRAPHIC_CONTRAST,
    PAGE_BACKGROUNDS,
    colour_difference,
    contrast,
    graphic_colour,
)
from claimsite.render.directives import DirectiveError, expand
from claimsite.render.renderer import PageContext, Renderer
from tests.conftest import REPO, TODAY

DISTINCT = 25.0
"""CIE76 delta E from which two colours read as different colours, not shades of one."""

CHARTED = """\
  - id: size
    category: size
    spec: Size
    chart: sizes
    claimed:
      value: 1.2
      unit: trillion parameters
      display: 1.2T
      sources: [leak]
    actual:
      text: Never published
      as_of: 2025-06-01
      sources: [maker]
    comparisons:
      - label: Older model
        value: 600
        unit: billion parameters
        as_of: 2025-06-01
        sources: [maker]
      - label: Context window of the older model
        value: 128
        unit: thousand tokens
        as_of: 2025-06-01
        sources: [maker]
    status: unverified
    conclusion: Nobody has counted the parameters.
  - id: words-only
    category: size
    spec: Colour
    chart: words
    claimed:
      text: Blue
      sources: [leak]
    status: unverified
    conclusion: Nobody has seen it.
"""


@pytest.fixture
def catalog(valid_text: str) -> Catalog:
    text = valid_text.replace("\nclaims:\n", "\nclaims:\n" + CHARTED, 1)
    return Catalog(validate_text(text, "data.yaml", TODAY))


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    return load_catalog(REPO / "data" / "claims.yaml")


@pytest.fixture
def page(catalog: Catalog) -> PageContext:
    return Renderer(catalog).page("charts/")


def soup(page: PageContext, markdown: str) -> BeautifulSoup:
    return BeautifulSoup(expand(markdown, page, "docs/charts.md"), "html.parser")


@pytest.mark.parametrize(
    ("span", "integer", "step"),
    [
        (10, False, 5),
        (8, False, 2),
        (0.08, False, 0.02),
        (1.6, False, 0.5),
        (3, True, 1),
        (0, False, 1),
    ],
)
def test_nice_step_is_one_two_or_five_times_a_power_of_ten(
    span: float, integer: bool, step: float
) -> None:
    assert math.isclose(charts.nice_step(span, 4, integer), step)


def test_scale_starts_at_zero_and_ends_on_a_round_tick() -> None:
    scale = charts.linear_scale([0.07, 0.27, 1.1, 10.0])
    assert (scale.low, scale.high) == (0.0, 10.0)
    assert [tick.label for tick in scale.ticks] == ["0", "5", "10"]
    assert [tick.anchor for tick in scale.ticks] == ["start", "middle", "end"]
    assert scale.x(0.0) == 0.0 and scale.x(10.0) == 100.0
    assert scale.bar(5.0) == (0.0, 50.0)
    assert scale.bar(0.0)[1] == charts.SLIVER, "a zero value still shows a sliver"
    assert [tick.label for tick in scale.grid] == ["5"], "no grid line on the plot's edges"


def test_scale_ticks_are_written_in_the_axis_unit() -> None:
    scale = charts.linear_scale([1.2e12, 6e11], divisor=1e12)
    assert [tick.label for tick in scale.ticks] == ["0", "0.5", "1", "1.5"]


def test_negative_values_extend_the_scale_below_zero() -> None:
    scale = charts.linear_scale([-3.0, 7.0])
    assert scale.low < 0 < scale.high and scale.ticks[0].value == scale.low
    start, width = scale.bar(-3.0)
    assert math.isclose(start + width, scale.x(0.0))


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("trillion parameters", (1e12, "parameters")),
        ("Billion parameters", (1e9, "parameters")),
        ("USD per million tokens", (1.0, "USD per million tokens")),
        (None, (1.0, "")),
        ("trillion", (1e12, "")),
    ],
)
def test_split_unit(unit: str | None, expected: tuple[float, str]) -> None:
    assert charts.split_unit(unit) == expected


def test_status_chart_counts_claims_per_status_and_category(catalog: Catalog) -> None:
    chart = charts.status_chart(catalog)
    by_status, by_category = chart.panels
    assert {row.key: row.total for row in by_status.rows} == {
        "verified": 0,
        "unverified": 3,
        "contradicted": 1,
    }
    assert {row.key: row.total for row in by_category.rows} == {"size": 3, "price": 1}
    size = next(row for row in by_category.rows if row.key == "size")
    assert [(s.status_id, s.count) for s in size.segments] == [
        ("unverified", 2),
        ("contradicted", 1),
    ]
    assert math.isclose(size.segments[0].x + size.segments[0].width, size.segments[1].x)
    assert chart.totals == (0, 3, 1) and sum(total for *_, total in chart.table) == 4
    assert not by_status.stacked and by_category.stacked
    assert chart.legend == [
        ("status-unverified", "Unverified"),
        ("status-contradicted", "Contradicted"),
    ]


def test_comparison_chart_puts_scaled_units_on_one_axis(catalog: Catalog) -> None:
    chart = charts.comparison_chart(catalog, "sizes")
    parameters, tokens = chart.panels
    assert parameters.unit == "parameters" and tokens.unit == "tokens"
    claimed, actual, older = parameters.bars
    assert (claimed.figure.kind, actual.figure.kind, older.figure.kind) == (
        "claimed",
        "actual",
        "comparison",
    )
    assert not actual.drawn and actual.figure.text == "Actual: Never published, as of 1 June 2025"
    assert math.isclose(older.width / claimed.width, 600 / 1200)
    assert parameters.heading == "Size (trillion parameters)"
    assert [tick.label for tick in parameters.scale.ticks][-1] == "1.5"
    assert [bar.figure.label for bar in tokens.bars] == ["Context window of the older model"]
    assert [name for name, _ in chart.legend] == ["kind-claimed", "kind-comparison"]


def test_chart_groups_keep_data_order(catalog: Catalog) -> None:
    assert list(charts.chart_groups(catalog.data.claims)) == ["sizes", "words"]
    with pytest.raises(ValueError, match="no claim in chart 'words'"):
        charts.comparison_chart(catalog, "words")


def test_status_chart_directive_has_a_caption_a_legend_and_a_table(page: PageContext) -> None:
    doc = soup(page, "[[status-chart]]")
    figure = doc.select_one("figure[data-chart=status]")
    assert isinstance(figure, Tag)
    caption = figure.find("figcaption")
    assert caption is not None and caption.get_text().startswith(
        "Claims by status and by category."
    )
    assert figure.find("details") is None, "details may not be a child of figure"
    legend = figure.select("[data-panel='2'] .cs-chart__legend li")
    assert [li.get_text() for li in legend] == ["Unverified", "Contradicted"]
    assert figure.select("[data-panel='1'] .cs-chart__legend") == []
    labels = [p.get_text() for p in figure.select("[data-panel='1'] .cs-chart__label")]
    assert labels == ["Verified: 0 claims", "Unverified: 3 claims", "Contradicted: 1 claim"]
    assert figure.select(".cs-chart__track .cs-chart__label, .cs-chart__track p") == []
    assert [cell.text for cell in doc.select("details tfoot td")] == ["0", "3", "1", "4"]
    bars = doc.select(".cs-chart__bar[data-status=contradicted]")
    assert {tuple(bar["class"]) for bar in bars} == {
        ("cs-chart__bar", "cs-chart__segment", "cs-fill--status-contradicted")
    }


def test_comparison_chart_directive_draws_only_numbers(page: PageContext) -> None:
    doc = soup(page, '[[comparison-chart sizes caption="Sizes compared"]]')
    title = doc.select_one("figcaption .cs-chart__title")
    assert title is not None and title.text == "Sizes compared."
    assert len(doc.select(".cs-chart__bar")) == 3
    assert len(doc.select(".cs-chart__bar.cs-fill--kind-claimed")) == 1
    rows = doc.select("tbody tr[data-chart-claim=size]")
    assert [row["data-kind"] for row in rows] == ["claimed", "actual", "comparison", "comparison"]
    link = doc.select_one("tbody th a")
    assert link is not None and link["href"] == "../claims/size/"


def test_comparison_chart_without_an_id_draws_every_group_with_numbers(
    page: PageContext,
) -> None:
    doc = soup(page, "[[comparison-chart]]")
    assert [figure["data-chart"] for figure in doc.select("figure")] == ["sizes"]


def test_claimed_bars_never_look_like_a_verdict(real_catalog: Catalog) -> None:
    """The "claimed" colour differs from every status colour of the data, in both schemes."""
    fills = {fill.name: fill for fill in charts.fills(real_catalog.data.statuses)}
    claimed = fills["kind-claimed"]
    for status in real_catalog.data.statuses:
        status_fill = fills[f"status-{status.id}"]
        for scheme in ("light", "dark"):
            difference = colour_difference(getattr(claimed, scheme), getattr(status_fill, scheme))
            assert difference >= DISTINCT, f"{scheme}: claimed vs {status.id}: {difference:.1f}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_bar_colour_stands_out_from_the_page(real_catalog: Catalog, scheme: str) -> None:
    background = PAGE_BACKGROUNDS[scheme]
    weak = {
        fill.name: round(contrast(getattr(fill, scheme), background), 2)
        for fill in charts.fills(real_catalog.data.statuses)
        if contrast(getattr(fill, scheme), background) < GRAPHIC_CONTRAST
    }
    assert weak == {}


def test_a_colour_too_faint_for_the_page_is_moved_until_it_stands_out() -> None:
    dark = PAGE_BACKGROUNDS["dark"]
    assert contrast("#1d4ed8", dark) < GRAPHIC_CONTRAST
    lifted = graphic_colour("#1d4ed8", dark)
    assert contrast(lifted, dark) >= GRAPHIC_CONTRAST and lifted != "#1d4ed8"
    assert graphic_colour("#ffff00", "#ffffff") != "#ffff00", "too pale on white: darkened"
    assert graphic_colour("#1b7f3b", "#ffffff") == "#1b7f3b", "strong enough: kept"


def test_same_chart_twice_on_a_page_gets_unique_ids(page: PageContext) -> None:
    doc = soup(page, "[[comparison-chart sizes]]\n\n[[comparison-chart sizes]]\n\n[[status-chart]]")
    ids = [str(tag["id"]) for tag in doc.select("[id]")]
    assert len(ids) == len(set(ids)) == 3


def test_chart_directive_mistakes_name_the_page_and_line(page: PageContext) -> None:
    markdown = "# Figures\n\n[[comparison-chart sizez]]\n\n[[comparison-chart words]]\n"
    with pytest.raises(DirectiveError) as caught:
        expand(markdown, page, "docs/charts.md")
    assert [problem.format() for problem in caught.value.problems] == [
        "docs/charts.md:3:1: unknown chart 'sizez' — did you mean 'sizes'?",
        "docs/charts.md:5:1: no claim in chart 'words' has a numeric value — "
        "give the claims in it a numeric 'value:'",
    ]


def test_chart_directive_usage_errors(page: PageContext) -> None:
    with pytest.raises(DirectiveError, match="a caption needs a chart id"):
        expand('[[comparison-chart caption="x"]]', page, "docs/charts.md")
    with pytest.raises(DirectiveError, match="must stand alone on its line"):
        expand("See [[status-chart]] here", page, "docs/charts.md")


def test_no_chart_groups_gives_a_note(valid_text: str) -> None:
    page = Renderer(Catalog(validate_text(valid_text, "data.yaml", TODAY))).page("")
    doc = BeautifulSoup(expand("[[comparison-chart]]", page, "docs/x.md"), "html.parser")
    assert doc.select_one("p.cs-chart-empty") is not None
    with pytest.raises(DirectiveError, match=r"unknown chart 'prices'.*known: none yet"):
        expand("[[comparison-chart prices]]", page, "docs/x.md")
