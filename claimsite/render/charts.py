"""Chart geometry: scales, ticks, wrapped labels and bar positions, computed from the data.

Everything here is plain arithmetic on the catalog, so it can be tested without a browser;
the SVG markup itself lives in ``templates/*_chart.html.j2``. Sizes are in SVG user units of a
fixed-width ``viewBox`` that the stylesheet scales to the column width, so a font size of 14
units stays readable from a 375 px phone to a desktop column.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim, Value

WIDTH = 360.0
"""Width of every chart's viewBox."""
MARGIN = 12.0
"""Space left and right of the plot, so the first and last tick labels are not clipped."""
FONT_SIZE = 14.0
LINE_HEIGHT = 18.0
HEADING_SIZE = 15.0
TICK_SIZE = 12.0
BAR_HEIGHT = 14.0
ROW_GAP = 10.0
PANEL_GAP = 22.0
AXIS_HEIGHT = 22.0
BOLD = 1.1
"""Bold headings are about a tenth wider than regular text."""
SIZES = {"text": FONT_SIZE, "heading": HEADING_SIZE, "tick": TICK_SIZE, "bar": BAR_HEIGHT}
"""The sizes the SVG templates write (text sizes are attributes, not CSS, so they match the
wrapping estimate below)."""
CHAR_EM = 0.56
"""Average glyph width in em, on the generous side so wrapped lines fit common sans fonts."""

MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
"""Leading unit words that scale a number, so ``1.2 trillion`` and ``671 billion`` compare."""


def reader_date(value: dt.date) -> str:
    """Dates as readers write them (``27 April 2025``), as in the rest of the site."""
    return f"{value.day} {value:%B %Y}"


def format_number(value: float, decimals: int = 2) -> str:
    """A tick or count label: thousands separated, no trailing zeros."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def wrap(text: str, width: float = WIDTH - 2 * MARGIN, font_size: float = FONT_SIZE) -> list[str]:
    """Break ``text`` into lines that fit ``width`` units, by an estimate of glyph widths.

    SVG text does not wrap by itself and the build cannot measure fonts, so lines are kept
    short enough for a wide sans-serif font.
    """
    columns = max(8, int(width / (font_size * CHAR_EM)))
    return textwrap.wrap(text, columns, break_long_words=True, break_on_hyphens=False) or [""]


def nice_step(span: float, target: int = 4, integer: bool = False) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``target`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    rough = span / target
    power = 10.0 ** math.floor(math.log10(rough))
    step: float = next(m * power for m in (1, 2, 5, 10) if m * power >= rough * (1 - 1e-9))
    return max(step, 1.0) if integer else step


@dataclass(frozen=True)
class Tick:
    value: float
    x: float
    label: str
    anchor: str
    """SVG ``text-anchor``: the end ticks are aligned inward so their labels stay inside."""


@dataclass(frozen=True)
class Scale:
    """A linear map from ``[low, high]`` to ``[left, right]`` user units, with round ticks."""

    low: float
    high: float
    left: float
    right: float
    ticks: tuple[Tick, ...]

    def x(self, value: float) -> float:
        if self.high == self.low:
            return self.left
        return self.left + (value - self.low) / (self.high - self.low) * (self.right - self.left)

    def bar(self, value: float) -> tuple[float, float]:
        """Start and width of a bar drawn from zero to ``value`` (never narrower than 1 unit,
        so a zero or tiny value still shows where it is)."""
        start, end = sorted((self.x(0.0), self.x(value)))
        return start, max(end - start, 1.0)


def linear_scale(
    values: Iterable[float],
    left: float = MARGIN,
    right: float = WIDTH - MARGIN,
    target: int = 4,
    integer: bool = False,
    divisor: float = 1.0,
) -> Scale:
    """A scale that always includes zero (bars start at zero) and ends on a round tick.

    ``divisor`` is the unit factor the tick labels are written in (1e12 for "trillion").
    """
    seen = list(values)
    low, high = min([0.0, *seen]), max([0.0, *seen])
    step = nice_step((high - low) / divisor, target, integer) * divisor
    low = math.floor(low / step + 1e-9) * step
    high = math.ceil(high / step - 1e-9) * step
    if high == low:
        high = low + step
    count = round((high - low) / step)
    decimals = max(0, -math.floor(math.log10(step / divisor) + 1e-9))
    ticks: list[Tick] = []
    scale = Scale(low, high, left, right, ())
    for index in range(count + 1):
        value = low + index * step
        anchor = "start" if index == 0 else "end" if index == count else "middle"
        ticks.append(Tick(value, scale.x(value), format_number(value / divisor, decimals), anchor))
    return Scale(low, high, left, right, tuple(ticks))


def split_unit(unit: str | None) -> tuple[float, str]:
    """``"billion parameters"`` → ``(1e9, "parameters")``; other units are kept whole."""
    if not unit:
        return 1.0, ""
    first, _, rest = unit.strip().partition(" ")
    factor = MULTIPLIERS.get(first.casefold())
    if factor is None:
        return 1.0, unit.strip()
    return factor, rest.strip()


# --- Status chart -------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One coloured piece of a bar: a status's share of a row."""

    status_id: str
    label: str
    colour: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class TextBlock:
    """Wrapped lines of text whose first baseline is at ``y``."""

    lines: tuple[str, ...]
    y: float

    def baselines(self) -> list[tuple[str, float]]:
        return [(line, self.y + index * LINE_HEIGHT) for index, line in enumerate(self.lines)]


@dataclass(frozen=True)
class StackedRow:
    """A labelled bar made of one segment per status (one segment in the per-status panel)."""

    key: str
    text: TextBlock
    bar_y: float
    segments: tuple[Segment, ...]
    total: int


@dataclass(frozen=True)
class Axis:
    scale: Scale
    y: float
    top: float
    """Where the grid lines start."""


@dataclass(frozen=True)
class StatusPanel:
    heading: TextBlock
    rows: tuple[StackedRow, ...]
    axis: Axis


@dataclass(frozen=True)
class StatusChart:
    title: str
    description: str
    width: float
    height: float
    panels: tuple[StatusPanel, ...]
    statuses: tuple[tuple[str, str], ...]
    """(id, label) of every status, in scale order: the table's columns."""
    table: tuple[tuple[str, tuple[int, ...], int], ...]
    """Per category: title, count per status, total."""
    totals: tuple[int, ...]


def _plural(count: int, word: str = "claim") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _stacked_panel(
    heading: str,
    rows: Sequence[tuple[str, str, Sequence[Segment]]],
    top: float,
) -> tuple[StatusPanel, float]:
    """Lay out a panel of labelled bars from ``top``; return it and the y below it."""
    head = TextBlock(tuple(wrap(heading, font_size=HEADING_SIZE * BOLD)), top + HEADING_SIZE)
    y = head.y + (len(head.lines) - 1) * LINE_HEIGHT + ROW_GAP
    scale = linear_scale(
        [sum(segment.count for segment in segments) for _, _, segments in rows], integer=True
    )
    grid_top = y
    laid: list[StackedRow] = []
    for key, text, segments in rows:
        block = TextBlock(tuple(wrap(text)), y + FONT_SIZE)
        bar_y = block.y + (len(block.lines) - 1) * LINE_HEIGHT + 6
        placed: list[Segment] = []
        running = 0
        for segment in segments:
            if segment.count == 0:
                continue
            start = scale.x(float(running))
            end = scale.x(float(running + segment.count))
            placed.append(
                Segment(
                    segment.status_id,
                    segment.label,
                    segment.colour,
                    segment.count,
                    start,
                    end - start,
                )
            )
            running += segment.count
        laid.append(StackedRow(key, block, bar_y, tuple(placed), running))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    axis = Axis(scale, y, grid_top)
    return StatusPanel(head, tuple(laid), axis), y + AXIS_HEIGHT


def status_chart(catalog: Catalog) -> StatusChart:
    """Claims per status, and per category split by status, as two panels of bars."""
    statuses = catalog.data.statuses
    counts = catalog.status_counts()
    total = len(catalog.data.claims)
    by_status = [
        (
            status.id,
            f"{status.label}: {_plural(counts.get(status.id, 0))}",
            [Segment(status.id, status.label, status.colour, counts.get(status.id, 0), 0, 0)],
        )
        for status in statuses
    ]
    table: list[tuple[str, tuple[int, ...], int]] = []
    by_category: list[tuple[str, str, list[Segment]]] = []
    category_words: list[str] = []
    for category in catalog.data.categories:
        claims = catalog.claims_by_category[category.id]
        per_status = [sum(1 for c in claims if c.status == status.id) for status in statuses]
        table.append((category.title, tuple(per_status), len(claims)))
        parts = [
            f"{count} {status.label.casefold()}"
            for status, count in zip(statuses, per_status, strict=True)
            if count
        ]
        detail = f" ({', '.join(parts)})" if parts else ""
        category_words.append(f"{category.title}: {_plural(len(claims))}{detail}")
        by_category.append(
            (
                category.id,
                f"{category.title}: {_plural(len(claims))}{detail}",
                [
                    Segment(status.id, status.label, status.colour, count, 0, 0)
                    for status, count in zip(statuses, per_status, strict=True)
                ],
            )
        )
    first, y = _stacked_panel("Claims by status", by_status, 0.0)
    second, y = _stacked_panel("Claims by category, coloured by status", by_category, y + PANEL_GAP)
    status_words = [f"{status.label} {counts.get(status.id, 0)}" for status in statuses]
    description = (
        f"{_plural(total)} in all. By status: {', '.join(status_words)}. "
        f"By category: {'; '.join(category_words)}."
    )
    return StatusChart(
        title="Claims by status and by category",
        description=description,
        width=WIDTH,
        height=math.ceil(y),
        panels=(first, second),
        statuses=tuple((status.id, status.label) for status in statuses),
        table=tuple(table),
        totals=tuple(counts.get(status.id, 0) for status in statuses),
    )


# --- Claimed-vs-actual chart --------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One number to draw: what it is, how the data writes it, and its date."""

    kind: str
    """``claimed``, ``actual`` or ``comparison``: the bar's colour class."""
    label: str
    shown: str
    value: float | None
    """In base units (multiplier words applied); ``None`` for words, shown without a bar."""
    unit: str
    """The base unit, without multiplier words: figures are drawn together only if equal."""
    factor: float
    date_note: str

    @property
    def text(self) -> str:
        date = f", {self.date_note}" if self.date_note else ""
        return f"{self.label}: {self.shown}{date}"


@dataclass(frozen=True)
class Bar:
    """A figure's text and, when it has a number, its bar (``drawn``)."""

    figure: Figure
    text: TextBlock
    y: float
    x: float
    width: float

    @property
    def drawn(self) -> bool:
        return self.figure.value is not None


@dataclass(frozen=True)
class ComparisonPanel:
    claim_id: str
    spec: str
    unit: str
    heading: TextBlock
    bars: tuple[Bar, ...]
    axis: Axis


@dataclass(frozen=True)
class ComparisonChart:
    chart_id: str
    title: str
    description: str
    width: float
    height: float
    panels: tuple[ComparisonPanel, ...]


def chart_groups(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """Claims by their ``chart`` id, in the order the data first uses each id."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.chart is not None:
            groups.setdefault(claim.chart, []).append(claim)
    return groups


def _figure(kind: str, label: str, value: Value, date_note: str) -> Figure:
    if value.value is None:
        return Figure(kind, label, value.shown(), None, "", 1.0, date_note)
    factor, unit = split_unit(value.unit)
    return Figure(kind, label, value.shown(), value.value * factor, unit, factor, date_note)


def _publishers(catalog: Catalog, source_ids: Sequence[str], most: int = 1) -> str:
    names = list(dict.fromkeys(catalog.sources[source_id].publisher for source_id in source_ids))
    shown = ", ".join(names[:most])
    return f"{shown} and {len(names) - most} more" if len(names) > most else shown


def claim_figures(catalog: Catalog, claim: Claim) -> list[Figure]:
    """A claim's figures in reading order: claimed, actual, comparisons.

    Figures written in words (an actual value of "no model released") are kept: the chart
    shows them as text, since "there is no number" is the answer to "claimed vs. actual".
    """
    figures: list[Figure] = []
    first = claim.first_claimed
    claimed_note = f"first claimed {reader_date(first.date)}" if first and first.date else ""
    several = len(claim.claimed) > 1
    for index, variant in enumerate(claim.claimed, start=1):
        version = f" (version {index})" if several else ""
        label = f"Claimed{version} by {_publishers(catalog, variant.sources)}"
        figures.append(_figure("claimed", label, variant, claimed_note))
    if claim.actual is not None:
        note = f"as of {reader_date(claim.actual.as_of)}"
        figures.append(_figure("actual", "Actual", claim.actual, note))
    for comparison in claim.comparisons:
        note = f"as of {reader_date(comparison.as_of)}"
        figures.append(_figure("comparison", comparison.label, comparison, note))
    return figures


def has_numbers(catalog: Catalog, claims: Iterable[Claim]) -> bool:
    """Whether any of ``claims`` has a figure a chart can draw as a bar."""
    return any(
        figure.value is not None for claim in claims for figure in claim_figures(catalog, claim)
    )


def _axis_unit(figures: Sequence[Figure]) -> tuple[float, str]:
    """Tick labels are written in the unit of the largest figure (``trillion parameters``)."""
    largest = max(figures, key=lambda figure: abs(figure.value or 0.0))
    word = next((w for w, f in MULTIPLIERS.items() if f == largest.factor), "")
    return largest.factor, " ".join(part for part in (word, largest.unit) if part)


def comparison_chart(catalog: Catalog, chart_id: str, title: str = "") -> ComparisonChart:
    """One panel per claim (and per unit) of ``chart_id``, each with its own axis.

    Figures whose units differ are never drawn on one axis: they get a panel each.
    Raises ``KeyError`` for an unknown id and ``ValueError`` when nothing has a number.
    """
    claims = chart_groups(catalog.data.claims)[chart_id]
    panels: list[ComparisonPanel] = []
    y = 0.0
    for claim in claims:
        figures = claim_figures(catalog, claim)
        by_unit: dict[str, list[Figure]] = {}
        for figure in figures:
            if figure.value is not None:
                by_unit.setdefault(figure.unit, []).append(figure)
        if by_unit:
            # figures in words are read with the claim's first (usually only) panel
            first = next(iter(by_unit.values()))
            first.extend(figure for figure in figures if figure.value is None)
            first.sort(key=figures.index)
        for unit, drawn in by_unit.items():
            if panels:
                y += PANEL_GAP
            panel, y = _comparison_panel(claim, unit, drawn, y)
            panels.append(panel)
    if not panels:
        raise ValueError(f"no claim in chart '{chart_id}' has a numeric value")
    specs = list(dict.fromkeys(claim.spec for claim in claims))
    title = title or f"Claimed and actual figures: {', '.join(specs)}"
    sentences = [
        f"{panel.spec}: " + "; ".join(bar.figure.text for bar in panel.bars) + "."
        for panel in panels
    ]
    return ComparisonChart(chart_id, title, " ".join(sentences), WIDTH, math.ceil(y), tuple(panels))


def _comparison_panel(
    claim: Claim, unit: str, figures: Sequence[Figure], top: float
) -> tuple[ComparisonPanel, float]:
    divisor, axis_unit = _axis_unit([figure for figure in figures if figure.value is not None])
    heading_text = f"{claim.spec} ({axis_unit})" if axis_unit else claim.spec
    head = TextBlock(tuple(wrap(heading_text, font_size=HEADING_SIZE * BOLD)), top + HEADING_SIZE)
    y = head.y + (len(head.lines) - 1) * LINE_HEIGHT + ROW_GAP
    scale = linear_scale(
        [figure.value for figure in figures if figure.value is not None], divisor=divisor
    )
    grid_top = y
    bars: list[Bar] = []
    for figure in figures:
        block = TextBlock(tuple(wrap(figure.text)), y + FONT_SIZE)
        bar_y = block.y + (len(block.lines) - 1) * LINE_HEIGHT + 6
        if figure.value is None:
            bars.append(Bar(figure, block, bar_y, scale.x(0.0), 0.0))
            y = bar_y + ROW_GAP - 6
            continue
        start, width = scale.bar(figure.value)
        bars.append(Bar(figure, block, bar_y, start, width))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    axis = Axis(scale, y, grid_top)
    panel = ComparisonPanel(claim.id, claim.spec, unit, head, tuple(bars), axis)
    return panel, y + AXIS_HEIGHT
