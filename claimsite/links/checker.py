"""One link-check run: gather, plan, hand to lychee, classify, apply the archive rule.

lychee starts as soon as the URLs are known; validating the data file and computing positions
happen while it works. Server errors (which lychee does not retry) are checked once more after
a short pause; a source whose live URL is dead but whose archive works is "dead, archived".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import construct
from claimsite.errors import ExitCode
from claimsite.links.changes import Baseline, changed_scope
from claimsite.links.classify import (
    Resolver,
    Verdict,
    answered,
    classify,
    host_exists,
    is_local,
    missing_result,
)
from claimsite.links.gather import (
    PAGE_FIELD,
    Link,
    Occurrence,
    SourceUrls,
    find_urls,
    gather,
    read_tree,
    source_urls,
)
from claimsite.links.lychee import (
    LycheeOptions,
    LycheeResult,
    LycheeRun,
    ProgressCallback,
    TickCallback,
)
from claimsite.links.outcomes import Outcome
from claimsite.links.policy import Policy

_MAX_DNS_LOOKUPS = 50


@dataclass(frozen=True)
class CheckOptions:
    data: FilePath
    policy: Policy
    lychee: LycheeOptions
    strict: bool = False
    baseline: Baseline | None = None
    site: FilePath | None = None
    recheck_wait: float = 3.0
    """Pause before re-checking server errors (lychee does not retry 5xx itself)."""
    today: dt.date | None = None
    on_start: Callable[[int], None] | None = None
    on_result: ProgressCallback | None = None
    on_tick: TickCallback | None = None
    resolver: Resolver = host_exists


@dataclass(frozen=True)
class LinkResult:
    link: Link
    verdict: Verdict
    fails: bool
    action: str = ""
    """What an editor should change in the data, if anything."""

    @property
    def outcome(self) -> Outcome:
        return self.verdict.outcome


@dataclass
class LinkReport:
    data_file: str
    results: list[LinkResult]
    claim_titles: dict[str, str]
    strict: bool = False
    baseline: str | None = None
    unchanged: int = 0
    """URLs left out because the change did not touch them."""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lychee_seconds: float = 0.0
    rechecked: int = 0
    network_proven: bool = True
    """False when no host answered and URLs are unreachable: the network looks down, so the
    run judges nothing and says so (:attr:`ExitCode.NOT_CHECKED`)."""

    @property
    def exit_code(self) -> ExitCode:
        if not self.network_proven:
            return ExitCode.NOT_CHECKED
        return ExitCode.PROBLEMS if any(result.fails for result in self.results) else ExitCode.OK

    def counts(self) -> Counter[str]:
        return Counter(str(result.outcome) for result in self.results)

    def failing(self) -> list[LinkResult]:
        return [result for result in self.results if result.fails]

    def actions(self) -> list[LinkResult]:
        return [result for result in self.results if result.action]


def run_check(options: CheckOptions) -> LinkReport:
    """Check the data file's URLs (and optionally a built site's); see the module docstring."""
    started = time.monotonic()
    shown = str(options.data)
    text = read_text(options.data)
    tree = read_tree(text, shown)
    found = find_urls(tree)
    sources = source_urls(tree)
    selected = list(dict.fromkeys(item.url for item in found))
    in_scope = {source.id for source in sources}
    if options.baseline is not None:
        changed, in_scope = changed_scope(found, sources, options.baseline)
        selected = [url for url in selected if url in changed]
    # one URL per line for lychee: an address with white space in it (which validation
    # rejects anyway) is left out rather than allowed to shift every later line
    to_check = [
        url
        for url in selected
        if options.policy.rule_for(url) is None and not any(c.isspace() for c in url)
    ]
    inputs, extra = _site_inputs(options)
    lychee_options = dataclasses.replace(
        options.lychee, extra_args=(*options.lychee.extra_args, *extra)
    )
    if options.on_start is not None:
        options.on_start(len(to_check))
    # lychee works while the data file is validated; any failure here must stop it
    run = LycheeRun(to_check, lychee_options, inputs, options.on_result, options.on_tick)
    try:
        # the models load while lychee already works: their import is part of the overlap
        from claimsite.datafile.catalog import Catalog
        from claimsite.datafile.loader import validate_parsed

        raw = construct(tree.root, shown)  # from the nodes already composed: no second parse
        dataset = validate_parsed(raw, tree.root, shown, options.today or dt.date.today())
        citing = {
            source_id: [claim.id for claim in claims]
            for source_id, claims in Catalog(dataset).citing_claims.items()
        }
        links = {link.url: link for link in gather(found, tree, citing)}
        output = run.wait()
    except BaseException:
        run.cancel()
        raise

    network_proven = any(
        answered(result) and not is_local(result.checked)
        for result in [*output.by_url.values(), *output.pages]
    )
    resolver = _BoundedResolver(options.resolver)
    verdicts = {
        url: classify(result, network_proven, resolver) for url, result in output.by_url.items()
    }
    page_links = _page_links(output.pages, links, verdicts, network_proven, resolver)
    rechecked = _recheck_server_errors(verdicts, options, network_proven, resolver)

    owners: dict[str, list[SourceUrls]] = {}
    for source in sources:
        if source.url and source.id in in_scope:
            owners.setdefault(source.url, []).append(source)
    checked_links = [links[url] for url in selected if url in links] + page_links
    results = [
        _result(link, verdicts, owners.get(link.url, []), options.policy, options.strict)
        for link in checked_links
    ]
    baseline = options.baseline
    return LinkReport(
        data_file=shown,
        results=results,
        claim_titles={claim.id: claim.spec for claim in dataset.claims},
        strict=options.strict,
        baseline=baseline.label if baseline is not None else None,
        unchanged=len({item.url for item in found}) - len(selected) if baseline else 0,
        notes=_notes(results, network_proven, baseline, list(output.by_url.values())),
        seconds=time.monotonic() - started,
        lychee_seconds=output.seconds,
        rechecked=rechecked,
        network_proven=any(map(answered, output.by_url.values()))
        or not any(r.outcome is Outcome.UNREACHABLE for r in results),
    )


def _notes(
    results: Sequence[LinkResult],
    network_proven: bool,
    baseline: Baseline | None,
    checked: Sequence[LycheeResult],
) -> list[str]:
    notes = []
    if checked and all(r.bucket in ("excluded", "unsupported") for r in checked):
        notes.append(
            f"lychee checked none of the {len(checked)} URLs it was given: all excluded "
            "(offline mode, or exclude patterns in the lychee configuration)."
        )
    if not network_proven and any(r.outcome is Outcome.UNREACHABLE for r in results):
        notes.append(
            "No host outside this machine answered, so the network looks unavailable: "
            "connection and DNS failures are reported as 'unreachable', not 'dead'. Run the "
            "check again with network access."
        )
    if baseline is not None and baseline.missing:
        notes.append(f"{baseline.label} does not exist: every URL counts as new.")
    return notes


class _BoundedResolver:
    """Caches DNS answers and stops asking after a fixed number of lookups."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._answers: dict[str, bool | None] = {}

    def __call__(self, host: str) -> bool | None:
        if host not in self._answers:
            if len(self._answers) >= _MAX_DNS_LOOKUPS:
                return None
            self._answers[host] = self._resolver(host)
        return self._answers[host]


def _recheck_server_errors(
    verdicts: dict[str, Verdict],
    options: CheckOptions,
    network_proven: bool,
    resolver: Resolver,
) -> int:
    """Check URLs that got a 5xx once more after a pause; lychee does not retry them."""
    again = [url for url, verdict in verdicts.items() if verdict.outcome is Outcome.SERVER_ERROR]
    if not again:
        return 0
    time.sleep(max(options.recheck_wait, 0.0))
    output = LycheeRun(again, options.lychee).wait()
    for url in again:
        first = verdicts[url]
        result = output.by_url.get(url)
        if result is None:
            continue
        second = classify(result, network_proven, resolver)
        if second.outcome.working:
            detail = f"{second.detail} (recovered on re-check; first answer: {first.detail})"
        else:
            detail = f"{second.detail} (also on re-check after {options.recheck_wait:g} s)"
        verdicts[url] = dataclasses.replace(second, detail=detail)
    return len(again)


def _result(
    link: Link,
    verdicts: dict[str, Verdict],
    owners: Sequence[SourceUrls],
    policy: Policy,
    strict: bool,
) -> LinkResult:
    """The final verdict on one URL: policy, archive rule and what editors should change.

    ``owners`` are the (in-scope) sources whose live URL this is.
    """
    rule = policy.rule_for(link.url)
    action = ""
    if rule is not None:
        bare = [s.id for s in owners if not s.archive_url]
        if bare:
            verdict = Verdict(
                Outcome.NEEDS_ARCHIVE,
                f"{rule.host} blocks link checkers ({rule.summary}); add an archive_url to "
                f"source {', '.join(bare)}: the archived copy is checked instead",
            )
        else:
            verdict = Verdict(
                Outcome.SKIPPED,
                f"not checked live: {rule.host} blocks link checkers ({rule.summary})",
            )
    else:
        verdict = verdicts.get(link.url) or missing_result()
    if verdict.outcome is Outcome.DEAD and owners and _archived(link, owners, verdicts):
        verdict = Verdict(
            Outcome.DEAD_ARCHIVED,
            f"live URL dead ({verdict.detail}); the archived copy works",
            verdict.code,
        )
        stale = [s.id for s in owners if s.url_status == "live"]
        if stale:
            action = f"set url_status: dead in source {', '.join(stale)}"
    elif verdict.outcome.working:
        revived = [s.id for s in owners if s.url_status == "dead"]
        if revived:
            action = f"the live URL works again: consider url_status: live in {', '.join(revived)}"
    return LinkResult(link, verdict, verdict.outcome.fails(strict, bool(action)), action)


def _archived(link: Link, owners: Sequence[SourceUrls], verdicts: dict[str, Verdict]) -> bool:
    """True when every place citing the URL is a source whose archived copy works.

    Pages of a built site only repeat the data file's sources, so they do not count.
    """
    cited = [o for o in link.occurrences if o.field != PAGE_FIELD]
    if any(o.field != "url" or o.source is None for o in cited):
        return False
    for source in owners:
        archive = verdicts.get(source.archive_url or "")
        if archive is None or not archive.outcome.working:
            return False
    return True


def _site_inputs(options: CheckOptions) -> tuple[list[str], list[str]]:
    """lychee inputs and options for a built site: external links only, policy hosts left out."""
    if options.site is None:
        return [], []
    extra = ["--scheme", "http", "--scheme", "https"]
    for rule in options.policy.rules:
        extra.extend(["--exclude", rf"^https?://([^/?#@]*\.)?{re.escape(rule.host)}([:/?#]|$)"])
    return [str(options.site)], extra


def _page_links(
    pages: Sequence[LycheeResult],
    links: dict[str, Link],
    verdicts: dict[str, Verdict],
    network_proven: bool,
    resolver: Resolver,
) -> list[Link]:
    """Links found in the site's HTML pages that the data file does not already hold."""
    extra: dict[str, Link] = {}
    for result in pages:
        if not result.url.startswith(("http://", "https://")):
            continue  # the site's own pages and files: not external links
        occurrence = Occurrence(
            file=result.input,
            line=result.line,
            column=result.column,
            path="",
            field=PAGE_FIELD,
            owner=f"page {result.input}:{result.line}",
            source=None,
            claims=(),
        )
        known = links.get(result.url)
        if known is not None:
            known.occurrences.append(occurrence)
            continue
        link = extra.setdefault(result.url, Link(result.url))
        link.occurrences.append(occurrence)
        if result.url not in verdicts:
            verdicts[result.url] = classify(result, network_proven, resolver)
    return list(extra.values())
