"""Archive every cited URL: find (or request) a Wayback Machine copy and record it in the data.

Wikipedia's InternetArchiveBot, for one data file. For each source without an ``archive_url``
(every source with ``refresh``), the availability API is asked for the capture closest to the
source's ``accessed`` date; only a capture of a page that answered 2xx is accepted. With
``save``, URLs without one get a capture request, and the API is asked again for it. Whatever
the API returned is written as ``archive_url`` + ``archive_date`` lines right after
``accessed``; nothing else in the file changes, and nothing is written that the API did not
return. A run cut short (rate limits, the time limit) keeps what it found; the next run picks
up the rest, since sources with an archive are not looked up again.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from claimsite.datafile.edits import EntryEdit, apply_edits
from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import Source
from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import compose, entry_lines
from claimsite.errors import ExitCode
from claimsite.links.wayback import STOPS_THE_RUN, Failure, Snapshot, WaybackClient, WaybackError


class Step(StrEnum):
    """What happened to one source, in report order (what still needs work first)."""

    FAILED = "failed"
    """The service gave no usable answer for this URL (errors, time-outs, malformed answers)."""
    NOT_TRIED = "not tried"
    """The run stopped before this URL (rate limit, time limit, no connection)."""
    NO_SNAPSHOT = "no snapshot"
    UNUSABLE = "unusable snapshot"
    """The closest capture is of an error page or a redirect (its status is not 2xx)."""
    PENDING = "capture requested"
    """Save Page Now accepted the request; the archive does not list the capture yet."""
    ADDED = "added"
    CAPTURED = "captured"
    """Captured in this run and added."""
    UPDATED = "updated"
    """``refresh``: a different capture replaced the recorded one."""
    UNCHANGED = "unchanged"
    KEPT = "kept"
    """Already archived: not looked up (use ``refresh`` to look again)."""


WRITES = frozenset({Step.ADDED, Step.CAPTURED, Step.UPDATED})


@dataclass
class SourceOutcome:
    index: int
    """Position in the file's ``sources`` list."""
    source: Source
    line: int
    step: Step = Step.NOT_TRIED
    detail: str = ""
    snapshot: Snapshot | None = None
    near: dt.date | None = None
    """The date to ask for the closest capture to: ``accessed``, or today after a capture."""

    @property
    def archived(self) -> bool:
        """Does the source have an archive once this run's changes are written?"""
        return self.step in WRITES or self.source.archive_url is not None


@dataclass
class ArchiveReport:
    data_file: str
    outcomes: list[SourceOutcome]
    diff: str = ""
    written: bool = False
    captures: int = 0
    stopped: str = ""
    """Why the run stopped early, if it did."""
    service_reached: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def unreachable(self) -> bool:
        """No connection to the service was ever made: nothing could be checked."""
        return not self.service_reached and any(
            o.step in (Step.FAILED, Step.NOT_TRIED) for o in self.outcomes
        )

    @property
    def missing(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.archived]

    @property
    def exit_code(self) -> ExitCode:
        if self.unreachable:
            return ExitCode.NOT_CHECKED
        return ExitCode.PROBLEMS if self.missing else ExitCode.OK

    @property
    def added_lines(self) -> int:
        return sum(
            1 for line in self.diff.splitlines() if line.startswith("+") and line[:3] != "+++"
        )


Progress = Callable[[str, int, int], None]
"""``(what, done, total)``: called after each request of a phase (lookups, captures)."""


@dataclass(frozen=True)
class ArchiveOptions:
    data: Path
    client: WaybackClient
    save: bool = False
    refresh: bool = False
    dry_run: bool = False
    today: dt.date | None = None
    on_progress: Progress | None = None


def run_archive(options: ArchiveOptions) -> ArchiveReport:
    """Look up, optionally capture, and write back; see the module docstring.

    The data file must be valid first (:class:`DataFileError` otherwise), and the result is
    validated again before it is written.
    """
    shown = str(options.data)
    today = options.today or dt.date.today()
    text = read_text(options.data)
    dataset = validate_text(text, shown, today)
    lines = entry_lines(compose(text, shown), "sources")
    outcomes = [
        SourceOutcome(index, source, lines.get(source.id, 0), near=source.accessed)
        for index, source in enumerate(dataset.sources)
    ]
    todo = [o for o in outcomes if options.refresh or o.source.archive_url is None]
    for outcome in outcomes:
        if outcome not in todo:
            outcome.step, outcome.detail = Step.KEPT, "already archived (--refresh looks again)"
    report = ArchiveReport(shown, outcomes)
    client = options.client
    _look_up(todo, client, report, options, first=True)
    if options.save and not report.stopped:
        _capture(todo, client, report, options)
    report.service_reached = client.reached
    edits = [_edit(o) for o in outcomes if o.step in WRITES]
    if edits:
        new_text = apply_edits(text, shown, edits)
        validate_text(new_text, shown, today)  # a write never leaves the file failing `check`
        report.diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                new_text.splitlines(keepends=True),
                # git's a/ b/ prefixes for a relative path, so `git apply` takes the diff
                fromfile=shown if options.data.is_absolute() else f"a/{shown}",
                tofile=shown if options.data.is_absolute() else f"b/{shown}",
            )
        )
        if not options.dry_run:
            options.data.write_text(new_text, encoding="utf-8", newline="")
            report.written = True
    return report


def _look_up(
    todo: Sequence[SourceOutcome],
    client: WaybackClient,
    report: ArchiveReport,
    options: ArchiveOptions,
    first: bool,
) -> None:
    """Ask the availability API about each URL once (sources sharing a URL share the answer)."""
    answers: dict[str, Snapshot | WaybackError | None] = {}
    pending = [o for o in todo if o.step is Step.NOT_TRIED]
    urls = list(dict.fromkeys(o.source.url for o in pending))
    for done, url in enumerate(urls, start=1):
        if report.stopped:
            break
        near = next(o.near or o.source.accessed for o in pending if o.source.url == url)
        try:
            answers[url] = client.lookup(url, near)
        except WaybackError as error:
            answers[url] = error
            if error.failure in STOPS_THE_RUN:
                report.stopped = _stop_reason(error, "lookups")
        if options.on_progress is not None:
            options.on_progress("looked up", done, len(urls))
    for outcome in pending:
        if outcome.source.url in answers:
            _judge(outcome, answers[outcome.source.url], first, hint=first and not options.save)
        else:
            outcome.detail = f"not looked up: {report.stopped}; the next run resumes here"


def _judge(
    outcome: SourceOutcome, answer: Snapshot | WaybackError | None, first: bool, hint: bool
) -> None:
    """Record what one lookup found; ``first``: the lookup near ``accessed`` (not after a
    capture); ``hint``: suggest --save when there is no capture."""
    source = outcome.source
    if isinstance(answer, WaybackError):
        outcome.step = Step.NOT_TRIED if answer.failure is Failure.OUT_OF_TIME else Step.FAILED
        outcome.detail = f"lookup {answer.failure}: {answer.detail}"
    elif answer is None:
        outcome.step = Step.NO_SNAPSHOT
        outcome.detail = "the Wayback Machine has no capture" + (
            " (--save requests one)" if hint else ""
        )
    elif not answer.usable:
        outcome.step = Step.UNUSABLE
        status = answer.status if answer.status is not None else "unknown"
        outcome.detail = (
            f"the closest capture ({answer.timestamp}) recorded status {status}, not a page"
        )
    elif (source.archive_url, source.archive_date) == (answer.url, answer.date):
        outcome.step, outcome.snapshot = Step.UNCHANGED, answer
        outcome.detail = "the recorded archive is still the closest capture"
    else:
        if not first:
            outcome.step = Step.CAPTURED
        elif source.archive_url is not None:
            outcome.step = Step.UPDATED
        else:
            outcome.step = Step.ADDED
        outcome.snapshot = answer
        outcome.detail = f"capture of {answer.date.isoformat()}"
        if source.archive_url is not None:
            outcome.detail += f" replaces {source.archive_url}"


def _capture(
    todo: Sequence[SourceOutcome],
    client: WaybackClient,
    report: ArchiveReport,
    options: ArchiveOptions,
) -> None:
    """Request captures for URLs without a usable one, then look each up again."""
    wanted = [o for o in todo if o.step in (Step.NO_SNAPSHOT, Step.UNUSABLE)]
    urls = list(dict.fromkeys(o.source.url for o in wanted))
    requested: set[str] = set()
    for done, url in enumerate(urls, start=1):
        if report.stopped:
            break
        if done > client.limits.max_saves:
            report.notes.append(
                f"{len(urls) - done + 1} captures left for the next run "
                f"(--max-saves {client.limits.max_saves})"
            )
            break
        try:
            client.save(url)
        except WaybackError as error:
            for outcome in wanted:
                if outcome.source.url == url:
                    outcome.detail += f"; capture {error.failure}: {error.detail}"
            if error.failure in STOPS_THE_RUN:
                report.stopped = _stop_reason(error, "captures")
            continue
        finally:
            if options.on_progress is not None:
                options.on_progress("requested captures of", done, len(urls))
        requested.add(url)
    report.captures = len(requested)
    again = [o for o in wanted if o.source.url in requested]
    for outcome in again:
        # the new capture is the one closest to now
        outcome.step, outcome.near = Step.NOT_TRIED, options.today or dt.date.today()
    _look_up(again, client, report, options, first=False)
    for outcome in again:
        if outcome.step is not Step.CAPTURED:
            outcome.step = Step.PENDING
            outcome.detail = (
                "capture requested; the archive does not list a usable copy yet, the next run "
                "adds it"
            )


def _stop_reason(error: WaybackError, phase: str) -> str:
    if error.failure is Failure.UNREACHABLE:
        return f"the Wayback Machine could not be reached ({error.detail})"
    if error.failure is Failure.RATE_LIMITED:
        return f"the Wayback Machine is rate-limiting {phase} ({error.detail})"
    return f"{error.detail}"


def _edit(outcome: SourceOutcome) -> EntryEdit:
    snapshot = outcome.snapshot
    assert snapshot is not None  # WRITES steps always carry the snapshot the API returned
    return EntryEdit(
        section="sources",
        index=outcome.index,
        fields={"archive_url": snapshot.url, "archive_date": snapshot.date.isoformat()},
        after="accessed",
    )
