"""Chart geometry (claimsite/render/charts.py) and the chart directives, without a browser."""

from __future__ import annotations

import math

import pytest
from bs4 import BeautifulSoup, Tag

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.loader import validate_text
from claimsite.render import charts
from claimsite.render.directives import DirectiveError, expand
from claimsite.render.renderer import PageContext, Renderer
from tests.conftest import TODAY

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
    assert scale.x(0.0) == charts.MARGIN and scale.x(10.0) == charts.WIDTH - charts.MARGIN
    assert scale.bar(5.0) == (charts.MARGIN, (charts.WIDTH - 2 * charts.MARGIN) / 2)
    assert scale.bar(0.0)[1] == 1.0, "a zero value still shows a sliver"


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


def test_wrap_keeps_lines_within_the_estimated_width() -> None:
    text = "DeepSeek-V3 output price (cache miss): $1.10 per million tokens, as of 30 April 2025"
    lines = charts.wrap(text)
    width = charts.WIDTH - 2 * charts.MARGIN
    assert len(lines) > 1 and " ".join(lines) == text
    assert all(len(line) * charts.FONT_SIZE * charts.CHAR_EM <= width for line in lines)


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
    assert chart.description.startswith("4 claims in all.")
    assert chart.height >= by_category.axis.y


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
    assert parameters.heading.lines[0].startswith("Size (trillion parameters)")
    assert [tick.label for tick in parameters.axis.scale.ticks][-1] == "1.5"
    assert [bar.figure.label for bar in tokens.bars] == ["Context window of the older model"]
    assert "as of 1 June 2025" in chart.description
    assert tokens.heading.y > parameters.axis.y, "panels are stacked, not overlapping"


def test_chart_groups_keep_data_order(catalog: Catalog) -> None:
    assert list(charts.chart_groups(catalog.data.claims)) == ["sizes", "words"]
    with pytest.raises(ValueError, match="no claim in chart 'words'"):
        charts.comparison_chart(catalog, "words")


def test_status_chart_directive_has_a_text_alternative_and_a_table(page: PageContext) -> None:
    doc = soup(page, "[[status-chart]]")
    svg = doc.select_one("figure[data-chart=status] svg")
    assert isinstance(svg, Tag) and svg["role"] == "img"
    title_id, desc_id = str(svg["aria-labelledby"]).split()
    title, desc = doc.find(id=title_id), doc.find(id=desc_id)
    assert isinstance(title, Tag) and title.name == "title"
    assert isinstance(desc, Tag) and desc.name == "desc" and "4 claims in all" in desc.text
    assert [cell.text for cell in doc.select("tfoot td")] == ["0", "3", "1", "4"]
    assert {rect["fill"] for rect in doc.select("rect[data-status=contradicted]")} == {"#b91c1c"}


def test_comparison_chart_directive_draws_only_numbers(page: PageContext) -> None:
    doc = soup(page, '[[comparison-chart sizes caption="Sizes compared"]]')
    assert doc.select_one("title") is not None
    assert doc.select_one("title").text == "Sizes compared"  # type: ignore[union-attr]
    assert len(doc.select("rect.cs-chart__bar")) == 3
    assert len(doc.select("rect.cs-chart__bar--claimed")) == 1
    rows = doc.select("tbody tr[data-chart-claim=size]")
    assert [row["data-kind"] for row in rows] == ["claimed", "actual", "comparison", "comparison"]
    link = doc.select_one("tbody th a")
    assert link is not None and link["href"] == "../claims/size/"


def test_comparison_chart_without_an_id_draws_every_group_with_numbers(
    page: PageContext,
) -> None:
    doc = soup(page, "[[comparison-chart]]")
    assert [figure["data-chart"] for figure in doc.select("figure")] == ["sizes"]


def test_same_chart_twice_on_a_page_gets_unique_ids(page: PageContext) -> None:
    doc = soup(page, "[[comparison-chart sizes]]\n\n[[comparison-chart sizes]]\n\n[[status-chart]]")
    ids = [str(tag["id"]) for tag in doc.select("[id]")]
    assert len(ids) == len(set(ids))
    for svg in doc.select("svg"):
        assert all(doc.find(id=ident) for ident in str(svg["aria-labelledby"]).split())


def test_chart_directive_mistakes_name_the_page_and_line(page: PageContext) -> None:
    markdown = "# Figures\n\n[[comparison-chart sizez]]\n\n[[comparison-chart words]]\n"
    with pytest.raises(DirectiveError) as caught:
        expand(markdown, page, "docs/charts.md")
    assert [problem.format() for problem in caught.value.problems] == [
        "docs/charts.md:3: unknown chart 'sizez' — did you mean 'sizes'?",
        "docs/charts.md:5: no claim in chart 'words' has a numeric value — "
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
