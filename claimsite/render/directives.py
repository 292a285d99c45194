"""The directive syntax that lets hand-written pages embed data: ``[[name arg=value ...]]``.

Block directives (a table, a list) stand alone on their line; inline directives (a badge, a
citation, a number) sit inside a sentence. Directives inside code spans and fenced code blocks
are left alone, so pages can show the syntax. Every mistake is collected with its line and
column and reported together.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from claimsite.datafile.models import Claim
from claimsite.datafile.wording import suggest
from claimsite.errors import ClaimsiteError, Problem
from claimsite.render.charts import chart_groups, has_numbers
from claimsite.render.renderer import PageContext

DIRECTIVE = re.compile(r"\[\[([a-z][a-z-]*)((?:\s+[^\]]*)?)\]\]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")


class DirectiveError(ClaimsiteError):
    """One or more directives on a page cannot be expanded."""


class _Misuse(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Arguments:
    """Parsed directive arguments: positional words and ``key=value`` options."""

    positional: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)

    def ids(self, key: str) -> list[str]:
        value = self.options.get(key, "")
        return [part.strip() for part in value.split(",") if part.strip()]


Handler = Callable[[PageContext, Arguments], Markup | str]


@dataclass(frozen=True)
class Directive:
    name: str
    block: bool
    options: frozenset[str]
    positional: tuple[int, int]
    """Least and most positional arguments."""
    handler: Handler
    usage: str


def _ensure_ids(kind: str, ids: list[str], known: Mapping[str, object]) -> None:
    for item in ids:
        if item not in known:
            maybe = suggest(item, known)
            raise _Misuse(
                f"unknown {kind} '{item}'", maybe or f"use an id from the data's {kind} list"
            )


def _select_claims(page: PageContext, args: Arguments) -> list[Claim]:
    categories, statuses, claim_ids = args.ids("category"), args.ids("status"), args.ids("claims")
    _ensure_ids("category", categories, page.catalog.categories)
    _ensure_ids("status", statuses, page.catalog.statuses)
    _ensure_ids("claim", claim_ids, page.catalog.claims)
    if claim_ids:
        chosen = [page.catalog.claims[claim_id] for claim_id in claim_ids]
    else:
        chosen = page.catalog.data.claims
    return [
        claim
        for claim in chosen
        if (not categories or claim.category in categories)
        and (not statuses or claim.status in statuses)
    ]


def _spec_table(page: PageContext, args: Arguments) -> Markup:
    claims = _select_claims(page, args)
    if not claims:
        raise _Misuse("the filters select no claims", "loosen the category/status filters")
    return page.spec_table(claims, caption=args.options.get("caption", ""))


def _count(page: PageContext, args: Arguments) -> str:
    return str(len(_select_claims(page, args)))


def _claim_badge(page: PageContext, args: Arguments) -> Markup:
    claim_id = args.positional[0]
    _ensure_ids("claim", [claim_id], page.catalog.claims)
    return page.badge(page.catalog.claims[claim_id].status)


def _status_badge(page: PageContext, args: Arguments) -> Markup:
    status_id = args.positional[0]
    _ensure_ids("status", [status_id], page.catalog.statuses)
    return page.badge(status_id)


def _cite(page: PageContext, args: Arguments) -> Markup:
    source_ids = [part for word in args.positional for part in word.split(",") if part]
    _ensure_ids("source", source_ids, page.catalog.sources)
    return page.cite(source_ids)


def _comparison_chart(page: PageContext, args: Arguments) -> Markup:
    """One chart id, or with no id every chart group of the data (skipping groups with no
    number, which only a named chart reports as a mistake)."""
    groups = chart_groups(page.catalog.data.claims)
    title = args.options.get("caption", "")
    if not args.positional:
        if title:
            raise _Misuse("a caption needs a chart id", "write [[comparison-chart ID caption=…]]")
        drawable = [
            chart_id for chart_id, claims in groups.items() if has_numbers(page.catalog, claims)
        ]
        if not drawable:
            return Markup('<p class="cs-chart-empty">No claims are grouped into charts yet.</p>')
        return Markup("\n").join(page.comparison_chart(chart_id) for chart_id in drawable)
    chart_id = args.positional[0]
    if chart_id not in groups:
        maybe = suggest(chart_id, groups)
        known = ", ".join(groups) or "none yet"
        raise _Misuse(
            f"unknown chart '{chart_id}'",
            maybe or f"use the 'chart:' id of claims in the data file (known: {known})",
        )
    try:
        return page.comparison_chart(chart_id, title)
    except ValueError as error:
        raise _Misuse(str(error), "give the claims in it a numeric 'value:'") from None


_FILTERS = frozenset({"category", "status", "claims"})

DIRECTIVES: dict[str, Directive] = {
    directive.name: directive
    for directive in (
        Directive(
            "spec-table",
            True,
            _FILTERS | {"caption"},
            (0, 0),
            _spec_table,
            '[[spec-table category=ID,ID status=ID claims=ID,ID caption="…"]]',
        ),
        Directive("legend", True, frozenset(), (0, 0), lambda p, a: p.legend(), "[[legend]]"),
        Directive(
            "evidence-rules",
            True,
            frozenset(),
            (0, 0),
            lambda p, a: p.evidence_rules(),
            "[[evidence-rules]]",
        ),
        Directive(
            "scoreboard", True, frozenset(), (0, 0), lambda p, a: p.scoreboard(), "[[scoreboard]]"
        ),
        Directive(
            "categories",
            True,
            frozenset(),
            (0, 0),
            lambda p, a: p.category_list(),
            "[[categories]]",
        ),
        Directive("timeline", True, frozenset(), (0, 0), lambda p, a: p.timeline(), "[[timeline]]"),
        Directive(
            "sources", True, frozenset(), (0, 0), lambda p, a: p.source_list(), "[[sources]]"
        ),
        Directive("badge", False, frozenset(), (1, 1), _claim_badge, "[[badge CLAIM-ID]]"),
        Directive("status", False, frozenset(), (1, 1), _status_badge, "[[status STATUS-ID]]"),
        Directive("cite", False, frozenset(), (1, 20), _cite, "[[cite SOURCE-ID ...]]"),
        Directive("count", False, _FILTERS, (0, 0), _count, "[[count status=ID category=ID]]"),
        Directive("as-of", False, frozenset(), (0, 0), lambda p, a: p.as_of(), "[[as-of]]"),
        Directive(
            "status-chart",
            True,
            frozenset(),
            (0, 0),
            lambda p, a: p.status_chart(),
            "[[status-chart]]",
        ),
        Directive(
            "comparison-chart",
            True,
            frozenset({"caption"}),
            (0, 1),
            _comparison_chart,
            '[[comparison-chart CHART-ID caption="…"]]',
        ),
    )
}


def parse_arguments(text: str) -> Arguments:
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise _Misuse(f"cannot read the arguments ({error})", "close every quote") from None
    args = Arguments()
    for word in words:
        key, equals, value = word.partition("=")
        if equals:
            args.options[key] = value
        else:
            args.positional.append(word)
    return args


def _expand_one(page: PageContext, match: re.Match[str], whole_line: bool) -> str:
    name, raw_args = match.group(1), match.group(2)
    directive = DIRECTIVES.get(name)
    if directive is None:
        maybe = suggest(name, DIRECTIVES)
        raise _Misuse(
            f"unknown directive '{name}'", maybe or f"known directives: {', '.join(DIRECTIVES)}"
        )
    args = parse_arguments(raw_args)
    for option in args.options:
        if option not in directive.options:
            maybe = suggest(option, directive.options)
            raise _Misuse(f"unknown option '{option}' for '{name}'", maybe or directive.usage)
    least, most = directive.positional
    if not least <= len(args.positional) <= most:
        raise _Misuse(f"wrong number of arguments for '{name}'", f"write {directive.usage}")
    if directive.block and not whole_line:
        raise _Misuse(f"'{name}' makes a block and must stand alone on its line", directive.usage)
    html = str(directive.handler(page, args))
    return f"\n{html}\n" if directive.block else html


def expand(markdown: str, page: PageContext, page_name: str) -> str:
    """Replace every directive in ``markdown``; raise :class:`DirectiveError` listing mistakes."""
    if "[[" not in markdown:
        return markdown
    problems: list[Problem] = []
    out: list[str] = []
    in_fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            in_fence = None if in_fence == marker else (in_fence or marker)
        if in_fence or fence or "[[" not in line:
            out.append(line)
            continue
        out.append(_expand_line(line, page, page_name, number, problems))
    if problems:
        raise DirectiveError(problems)
    return "\n".join(out)


def _expand_line(
    line: str, page: PageContext, page_name: str, number: int, problems: list[Problem]
) -> str:
    code_spans = [span.span() for span in _CODE_SPAN.finditer(line)]
    whole_line = DIRECTIVE.fullmatch(line.strip()) is not None

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in code_spans):
            return match.group(0)
        try:
            return _expand_one(page, match, whole_line)
        except _Misuse as misuse:
            column = match.start() + 1
            problems.append(Problem.at(page_name, number, column, misuse.message, misuse.hint))
            return match.group(0)

    return DIRECTIVE.sub(replace, line)
