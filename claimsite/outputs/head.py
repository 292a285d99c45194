"""What the engine adds to every page's ``<head>``: the feed link, Open Graph tags for shared
links, and on claim pages the ClaimReview JSON-LD.

The theme override (``overrides/main.html``) prints :meth:`PageHead.html` in Material's
``extrahead`` block; the hooks pass the page's facts in, so no logic lives in the template.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urljoin

from markupsafe import Markup

from claimsite.datafile.models import Claim
from claimsite.outputs.feed import FEED_PATH
from claimsite.outputs.share_cards import HEIGHT, WIDTH, claimed_words
from claimsite.outputs.structured_data import claim_review, json_ld_script
from claimsite.render.renderer import Renderer
from claimsite.render.urls import relative_url

CONTEXT_KEY = "claimsite_head"
"""Template variable holding the HTML; ``overrides/main.html`` prints it."""


@dataclass(frozen=True)
class PageFacts:
    """What the head needs to know about one page, taken from MkDocs' page object."""

    src_path: str
    url: str
    """Site-relative address, e.g. ``claims/some-claim/``."""
    title: str
    description: str | None
    canonical_url: str | None
    """Absolute address, when ``site_url`` is set."""
    is_homepage: bool = False


class PageHead:
    """Builds the head HTML of each page of one build."""

    def __init__(self, renderer: Renderer, site_name: str, site_description: str | None) -> None:
        self.renderer = renderer
        self.site_name = site_name
        self.site_description = site_description
        catalog, urls = renderer.catalog, renderer.urls
        self._claims = {urls.claim_src(claim.id): claim for claim in catalog.data.claims}

    def _card(self, page: PageFacts, claim: Claim) -> list[tuple[str, str]]:
        """The claim's share card: absolute when the site's address is known (Open Graph
        wants it so), else relative to the page."""
        card = relative_url(self.renderer.urls.card_path(claim.id), page.url)
        status = self.renderer.catalog.statuses[claim.status]
        return [
            ("og:image", urljoin(page.canonical_url, card) if page.canonical_url else card),
            ("og:image:type", "image/png"),
            ("og:image:width", str(WIDTH)),
            ("og:image:height", str(HEIGHT)),
            ("og:image:alt", f"{claim.spec}: claimed {claimed_words(claim)}. {status.label}."),
        ]

    def html(self, page: PageFacts) -> Markup:
        claim = self._claims.get(page.src_path)
        # The engine's page titles and descriptions are HTML text (generated pages escape them
        # in front matter, because themes print them raw); these tags are attributes, which the
        # template escapes, so decode first or readers see "&amp;#39;" in link previews.
        title = self.site_name if page.is_homepage else html.unescape(page.title)
        description = html.unescape(page.description or "") or self.site_description or ""
        properties = [
            ("og:type", "article" if claim is not None else "website"),
            ("og:site_name", self.site_name),
            ("og:title", title),
            ("og:description", description),
            ("og:url", page.canonical_url or ""),
        ]
        names: list[tuple[str, str]] = []
        if claim is not None:
            properties += self._card(page, claim)
            names.append(("twitter:card", "summary_large_image"))
        json_ld = (
            json_ld_script(claim_review(self.renderer.catalog, claim, page.canonical_url))
            if claim is not None
            else Markup("")
        )
        tags = self.renderer.env.get_template("head.html.j2").render(
            feed_url=relative_url(FEED_PATH, page.url),
            feed_title=f"{self.site_name}: verdict changes",
            properties=[(name, value) for name, value in properties if value],
            names=names,
            json_ld=json_ld,
        )
        return Markup(tags.strip())
