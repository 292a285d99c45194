"""Turn the catalog into HTML fragments and page Markdown through Jinja2 templates.

A :class:`Renderer` is made once per build; a :class:`PageContext` once per page, because
citation numbers and relative links belong to the page they appear on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from claimsite.datafile import evidence_rules
from claimsite.datafile.catalog import Catalog
from claimsite.datafile.models import Claim, Confidence, Event, Source, SourceKind, Status
from claimsite.render import charts
from claimsite.render.citations import CitationRegistry
from claimsite.render.colours import text_colour_for
from claimsite.render.safe_markdown import SafeMarkdown
from claimsite.render.urls import LinksFrom, SiteUrls

CONFIDENCE_MEANINGS: dict[Confidence, str] = {
    Confidence.CONFIDENT: "The evidence settles the verdict; new evidence would be a surprise.",
    Confidence.LIKELY: "The evidence points this way, but it is indirect or rests on few "
    "sources, so the verdict could change.",
    Confidence.SPECULATIVE: "Our best reading of thin evidence.",
    Confidence.UNKNOWN: "How sure the verdict is has not been assessed yet.",
}
"""What each confidence level says about a verdict (not about the claim); the legend shows
them and claim pages link to them."""


def _date(value: dt.date | None) -> str:
    """Dates as readers write them (``27 April 2025``), not as ISO codes."""
    return f"{value.day} {value:%B %Y}" if value is not None else ""


def front_matter_text(text: str) -> str:
    """A YAML-safe, HTML-escaped scalar for front matter.

    MkDocs' theme templates do not autoescape, and Material writes ``page.title`` and
    ``page.meta.description`` into the HTML as they are: escape here, once.
    """
    return json.dumps(str(escape(text)), ensure_ascii=False)


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimsite.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["date"] = _date
    env.filters["month_name"] = lambda month: f"{dt.date(2000, month, 1):%B}"
    env.filters["tojson_attr"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


class Renderer:
    """Everything a build renders from the data; holds no per-page state."""

    def __init__(self, catalog: Catalog, urls: SiteUrls | None = None) -> None:
        self.catalog = catalog
        self.urls = urls or SiteUrls()
        self.env = make_environment()
        self.markdown = SafeMarkdown()
        self._badges: dict[tuple[str, str], Markup] = {}
        self.source_titles: dict[str, Markup] = {
            source_id: escape(source.title) for source_id, source in self.catalog.sources.items()
        }
        """Each source's title escaped for an attribute, once per build: a page cites
        sources many times, and a citation is a few strings joined, not a template render."""

    def badge(self, status_id: str, href: str) -> Markup:
        """A status badge linking to ``href``; the same few badges recur on every page, so
        each (status, address) pair is rendered once per build."""
        key = (status_id, href)
        badge = self._badges.get(key)
        if badge is None:
            html = self.env.get_template("badge.html.j2").render(
                status=self.catalog.statuses[status_id], href=href
            )
            badge = self._badges[key] = Markup(html.strip())
        return badge

    def page(self, page_url: str) -> PageContext:
        return PageContext(self, page_url)

    def markdown_html(self, text: str) -> Markup:
        """Editor Markdown as safe HTML (raw HTML is escaped, unsafe links dropped)."""
        return Markup(self.markdown.render(text)) if text.strip() else Markup("")

    def status_css(self) -> str:
        """One rule per status: the data's colour and a text colour that reads on it; and the
        chart bars' colours in both schemes."""
        return self.env.get_template("statuses.css.j2").render(
            statuses=[
                (status, text_colour_for(status.colour)) for status in self.catalog.data.statuses
            ],
            fills=charts.fills(self.catalog.data.statuses),
        )

    def claim_page(self, claim: Claim) -> str:
        """The Markdown source of a claim's generated page."""
        page = self.page(self.urls.link_base(self.urls.claim_src(claim.id)))
        body = self.env.get_template("claim_page.md.j2").render(
            page=page,
            claim=claim,
            catalog=self.catalog,
            category=self.catalog.categories[claim.category],
            title=front_matter_text(claim.spec),
            description=front_matter_text(claim.conclusion),
            explanation=self.markdown_html(claim.explanation),
            reviewed=claim.last_reviewed(),
            shortfalls=self.shortfalls(claim),
        )
        return body + page.references()

    def shortfalls(self, claim: Claim) -> list[str]:
        """What the claim's evidence lacks for its status (shown beside an exception)."""
        rules = self.catalog.statuses[claim.status].requires
        return evidence_rules.shortfalls(rules, claim, self.catalog.sources) if rules else []

    def category_page(self, category_id: str) -> str:
        """The Markdown source of a category's generated index page."""
        category = self.catalog.categories[category_id]
        page = self.page(self.urls.link_base(self.urls.category_src(category_id)))
        body = self.env.get_template("category_page.md.j2").render(
            page=page,
            category=category,
            title=front_matter_text(category.title),
            description=front_matter_text(category.description),
            table=page.spec_table(self.catalog.claims_by_category[category_id]),
        )
        return body + page.references()


class PageContext:
    """Rendering helpers bound to one page: relative links and its citation numbers."""

    def __init__(self, renderer: Renderer, page_url: str) -> None:
        self.renderer = renderer
        self.catalog = renderer.catalog
        self.urls = renderer.urls
        self.page_url = page_url
        self.citations = CitationRegistry()
        self._links = LinksFrom(page_url)
        self._ids: dict[str, int] = {}

    def _render(self, template: str, **context: object) -> Markup:
        html = self.renderer.env.get_template(template).render(page=self, **context)
        return Markup(html.strip())

    def link(self, target_url: str) -> str:
        return self._links.to(target_url)

    def claim_link(self, claim_id: str) -> str:
        return self.link(self.urls.claim_url(claim_id))

    def category_link(self, category_id: str) -> str:
        return self.link(self.urls.category_url(category_id))

    def status(self, status_id: str) -> Status:
        return self.catalog.statuses[status_id]

    def badge(self, status_id: str) -> Markup:
        return self.renderer.badge(status_id, self.link(self.urls.status_url(status_id)))

    def cite(self, source_ids: Iterable[str]) -> Markup:
        """Superscript citation links, numbered in order of first use on this page."""
        titles = self.renderer.source_titles
        return Markup(
            "".join(
                f'<sup class="cs-cite" id="{citation.back_anchor}"><a href="#'
                f'{citation.reference_anchor}" title="{titles[citation.source_id]}">'
                f"[{citation.number}]</a></sup>"
                for citation in map(self.citations.cite, source_ids)
            )
        )

    def spec_table(self, claims: Sequence[Claim], caption: str = "") -> Markup:
        return self._render("spec_table.html.j2", claims=claims, caption=caption)

    def legend(self) -> Markup:
        counts = self.catalog.status_counts()
        return self._render(
            "legend.html.j2",
            statuses=self.catalog.data.statuses,
            counts=counts,
            confidence=CONFIDENCE_MEANINGS,
        )

    def confidence_link(self, level: Confidence) -> str:
        return self.link(self.urls.confidence_url(level.value))

    def evidence_rules(self) -> Markup:
        """Each status's evidence rules in words, its rating, and the claims excepted."""
        rows = [
            (status, evidence_rules.status_rules(status)) for status in self.catalog.data.statuses
        ]
        exceptions = [claim for claim in self.catalog.data.claims if claim.exception]
        return self._render("evidence_rules.html.j2", rows=rows, exceptions=exceptions)

    def scoreboard(self) -> Markup:
        counts = self.catalog.status_counts()
        rows = [(status, counts.get(status.id, 0)) for status in self.catalog.data.statuses]
        return self._render("scoreboard.html.j2", rows=rows, total=len(self.catalog.data.claims))

    def category_list(self) -> Markup:
        return self._render("category_list.html.j2", categories=self.catalog.data.categories)

    def timeline(self) -> Markup:
        """The events by year and month; each keeps its number in the whole timeline."""
        years: dict[int, dict[int, list[tuple[int, Event]]]] = {}
        for number, event in enumerate(self.catalog.events, start=1):
            months = years.setdefault(event.date.year, {})
            months.setdefault(event.date.month, []).append((number, event))
        grouped = [(year, list(months.items())) for year, months in years.items()]
        return self._render("timeline.md.j2", years=grouped)

    def as_of(self) -> Markup:
        """The data's newest date (see :attr:`Catalog.as_of`), for "as of" lines."""
        return self._render("as_of.html.j2", date=self.catalog.as_of)

    def unique_id(self, base: str) -> str:
        """An element id not yet used on this page (charts may appear more than once)."""
        self._ids[base] = self._ids.get(base, 0) + 1
        return base if self._ids[base] == 1 else f"{base}-{self._ids[base]}"

    def status_chart(self) -> Markup:
        return self._render(
            "status_chart.html.j2",
            chart=charts.status_chart(self.catalog),
            uid=self.unique_id("chart-status"),
        )

    def comparison_chart(self, chart_id: str, title: str = "") -> Markup:
        """Claimed vs. actual figures of the claims sharing ``chart_id`` (see charts.py)."""
        return self._render(
            "comparison_chart.html.j2",
            chart=charts.comparison_chart(self.catalog, chart_id, title),
            uid=self.unique_id(f"chart-{chart_id}"),
        )

    def source_list(self) -> Markup:
        """Sources grouped by kind in the order of their weight (primary first, as
        ``SourceKind`` lists them), each group sorted by title."""
        groups: dict[str, list[Source]] = {kind.value: [] for kind in SourceKind}
        for source in sorted(self.catalog.data.sources, key=lambda s: s.title.casefold()):
            groups[source.kind.value].append(source)
        return self._render(
            "source_list.html.j2", groups={kind: found for kind, found in groups.items() if found}
        )

    def references(self) -> str:
        """The References section for every source cited so far, or nothing."""
        if not self.citations:
            return ""
        html = self._render(
            "references.html.j2",
            references=self.citations.references(),
            sources=self.catalog.sources,
        )
        return f"\n\n## References\n\n{html}\n"
