"""Chart geometry: scales, ticks and bar positions, computed from the data.

Everything here is plain arithmetic on the catalog, so it can be tested without a browser;
the markup lives in ``templates/*_chart.html.j2``. Charts are HTML: each bar is labelled by a
line of text above its track and positioned in percent of the track, so a chart fills the
column at any width, its labels wrap like any text and sit outside the plot, and grid lines
(drawn only inside the tracks) never cross a word.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim, Status, Value
from claimsite.datafile.wording import counted
from claimsite.render.colours import PAGE_BACKGROUNDS, graphic_colour

KIND_COLOURS = {"claimed": "#db2777", "actual": "#15803d", "comparison": "#475569"}
"""Bar colours of the claimed-vs-actual charts. "Claimed" is a pink no status colour is near
(tested against the data's scale), so a claimed bar never reads as a verdict."""
KIND_LABELS = {"claimed": "Claimed", "actual": "Actual (verified)", "comparison": "For comparison"}
"""The legend's words for each kind of bar."""

SLIVER = 0.5
"""Narrowest bar, in percent of the plot: a zero or tiny value still shows where it is."""

MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
"""Leading unit words that scale a number, so ``1.2 trillion`` and ``671 billion`` compare."""


@dataclass(frozen=True)
class Fill:
    """A bar colour in both schemes: ``light`` on the white page, ``dark`` on slate, each
    standing out from its page by 3:1 (WCAG 1.4.11)."""

    name: str
    """The CSS class suffix: ``status-ID`` or ``kind-claimed``."""
    light: str
    dark: str


def fills(statuses: Iterable[Status]) -> list[Fill]:
    """Every bar colour of the charts: one per status (from the data) and per figure kind."""
    named = [(f"status-{status.id}", status.colour) for status in statuses]
    named += [(f"kind-{kind}", colour) for kind, colour in KIND_COLOURS.items()]
    return [
        Fill(
            name,
            graphic_colour(colour, PAGE_BACKGROUNDS["light"]),
            graphic_colour(colour, PAGE_BACKGROUNDS["dark"]),
        )
        for name, colour in named
    ]


def reader_date(value: dt.date) -> str:
    """Dates as readers write them (``27 April 2025``), as in the rest of the site."""
    return f"{value.day} {value:%B %Y}"


def format_number(value: float, decimals: int = 2) -> str:
    """A tick or count label: thousands separated, no trailing zeros."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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
    """Position in percent of the plot's width."""
    label: str
    anchor: str
    """``start``, ``middle`` or ``end``: the end ticks are aligned inward so their labels
    stay inside the plot."""


@dataclass(frozen=True)
class Scale:
    """A linear map from ``[low, high]`` to 0 to 100 % of the plot's width, with round ticks."""

    low: float
    high: float
    ticks: tuple[Tick, ...]

    def x(self, value: float) -> float:
        if self.high == self.low:
            return 0.0
        return (value - self.low) / (self.high - self.low) * 100.0

    def bar(self, value: float) -> tuple[float, float]:
        """Start and width of a bar drawn from zero to ``value`` (never narrower than
        :data:`SLIVER`, so a zero or tiny value still shows where it is)."""
        start, end = sorted((self.x(0.0), self.x(value)))
        return start, max(end - start, SLIVER)

    @property
    def grid(self) -> tuple[Tick, ...]:
        """The ticks that get a grid line: not the plot's two edges."""
        return tuple(tick for tick in self.ticks if 0.0 < tick.x < 100.0)


def linear_scale(
    values: Iterable[float],
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
    scale = Scale(low, high, ())
    for index in range(count + 1):
        value = low + index * step
        anchor = "start" if index == 0 else "end" if index == count else "middle"
        ticks.append(Tick(value, scale.x(value), format_number(value / divisor, decimals), anchor))
    return Scale(low, high, tuple(ticks))


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
    """One coloured piece of a bar: a status's share of a row, in percent of the plot."""

    status_id: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class StackedRow:
    """A labelled bar made of one segment per status (one segment in the per-status panel)."""

    key: str
    text: str
    segments: tuple[Segment, ...]
    total: int


@dataclass(frozen=True)
class StatusPanel:
    heading: str
    rows: tuple[StackedRow, ...]
    scale: Scale
    stacked: bool
    """Rows split by status, which needs a legend to read."""


@dataclass(frozen=True)
class StatusChart:
    title: str
    panels: tuple[StatusPanel, ...]
    statuses: tuple[tuple[str, str], ...]
    """(id, label) of every status, in scale order: the table's columns."""
    table: tuple[tuple[str, tuple[int, ...], int], ...]
    """Per category: title, count per status, total."""
    totals: tuple[int, ...]

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(fill, label) of each status that has claims, for the stacked panel's key."""
        return [
            (f"status-{status_id}", label)
            for (status_id, label), count in zip(self.statuses, self.totals, strict=True)
            if count
        ]


def _stacked_panel(
    heading: str, rows: Sequence[tuple[str, str, Sequence[Segment]]], stacked: bool
) -> StatusPanel:
    """Place each row's segments end to end on one scale shared by the panel."""
    scale = linear_scale(
        [sum(segment.count for segment in segments) for _, _, segments in rows], integer=True
    )
    laid: list[StackedRow] = []
    for key, text, segments in rows:
        placed: list[Segment] = []
        running = 0
        for segment in segments:
            if segment.count == 0:
                continue
            start = scale.x(float(running))
            end = scale.x(float(running + segment.count))
            placed.append(
                Segment(segment.status_id, segment.label, segment.count, start, end - start)
            )
            running += segment.count
        laid.append(StackedRow(key, text, tuple(placed), running))
    return StatusPanel(heading, tuple(laid), scale, stacked)


def status_chart(catalog: Catalog) -> StatusChart:
    """Claims per status, and per category split by status, as two panels of bars."""
    statuses = catalog.data.statuses
    counts = catalog.status_counts()
    by_status = [
        (
            status.id,
            f"{status.label}: {counted(counts.get(status.id, 0), 'claim')}",
            [Segment(status.id, status.label, counts.get(status.id, 0), 0, 0)],
        )
        for status in statuses
    ]
    table: list[tuple[str, tuple[int, ...], int]] = []
    by_category: list[tuple[str, str, list[Segment]]] = []
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
        by_category.append(
            (
                category.id,
                f"{category.title}: {counted(len(claims), 'claim')}{detail}",
                [
                    Segment(status.id, status.label, count, 0, 0)
                    for status, count in zip(statuses, per_status, strict=True)
                ],
            )
        )
    first = _stacked_panel("Claims by status", by_status, stacked=False)
    second = _stacked_panel("Claims by category, split by status", by_category, stacked=True)
    return StatusChart(
        title="Claims by status and by category",
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
    """A figure's text and, when it has a number, its bar (``drawn``), in percent."""

    figure: Figure
    x: float
    width: float

    @property
    def drawn(self) -> bool:
        return self.figure.value is not None


@dataclass(frozen=True)
class ComparisonPanel:
    """One claim's figures (claimed, actual, comparisons) as bars on a scale of their own."""

    claim_id: str
    spec: str
    unit: str
    heading: str
    bars: tuple[Bar, ...]
    scale: Scale


@dataclass(frozen=True)
class ComparisonChart:
    """The claims that share a ``chart:`` id, one panel each, under one title."""

    chart_id: str
    title: str
    panels: tuple[ComparisonPanel, ...]

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(fill, label) of each kind of bar drawn (claimed, actual, comparison)."""
        drawn = [bar.figure.kind for panel in self.panels for bar in panel.bars if bar.drawn]
        return [(f"kind-{kind}", KIND_LABELS[kind]) for kind in dict.fromkeys(drawn)]


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
        panels.extend(_comparison_panel(claim, unit, drawn) for unit, drawn in by_unit.items())
    if not panels:
        raise ValueError(f"no claim in chart '{chart_id}' has a numeric value")
    specs = list(dict.fromkeys(claim.spec for claim in claims))
    title = title or f"Claimed and actual figures: {', '.join(specs)}"
    return ComparisonChart(chart_id, title, tuple(panels))


def _comparison_panel(claim: Claim, unit: str, figures: Sequence[Figure]) -> ComparisonPanel:
    divisor, axis_unit = _axis_unit([figure for figure in figures if figure.value is not None])
    heading = f"{claim.spec} ({axis_unit})" if axis_unit else claim.spec
    scale = linear_scale(
        [figure.value for figure in figures if figure.value is not None], divisor=divisor
    )
    bars = [
        Bar(figure, *scale.bar(figure.value))
        if figure.value is not None
        else Bar(figure, scale.x(0.0), 0.0)
        for figure in figures
    ]
    return ComparisonPanel(claim.id, claim.spec, unit, heading, tuple(bars), scale)
