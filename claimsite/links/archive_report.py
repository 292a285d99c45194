"""What an archive run did: lines for the terminal, a Markdown table for the weekly pull request.

Every source that was looked up gets one line (what happened, its line in the data file, the
capture's date or the reason there is none); sources that already had an archive are counted,
not listed.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TextIO

from claimsite.datafile.wording import counted
from claimsite.errors import ExitCode
from claimsite.links.archive import WRITES, ArchiveReport, SourceOutcome, Step

_ORDER = list(Step)


def _rows(report: ArchiveReport) -> list[SourceOutcome]:
    shown = [o for o in report.outcomes if o.step is not Step.KEPT]
    return sorted(shown, key=lambda o: (_ORDER.index(o.step), o.line))


def counts_line(report: ArchiveReport) -> str:
    counts = Counter(o.step for o in report.outcomes)
    return "; ".join(f"{counts[step]} {step}" for step in _ORDER if counts[step])


def verdict_line(report: ArchiveReport) -> str:
    code = report.exit_code
    missing = report.missing
    if code is ExitCode.NOT_CHECKED:
        return f"Result: could not check, the Wayback Machine did not answer (exit {int(code)})."
    if missing:
        noun = "source still lacks" if len(missing) == 1 else "sources still lack"
        return f"Result: {len(missing)} {noun} an archive (exit {int(code)})."
    return f"Result: every source has an archive (exit {int(code)})."


def offline_line(report: ArchiveReport) -> str:
    """The whole report when nothing could be checked: one line, not a row per URL."""
    detail = report.stopped or "no answer from the service"
    code = int(ExitCode.NOT_CHECKED)
    return f"archive: could not check: {detail}; nothing was written (exit {code})."


def render_text(report: ArchiveReport, out: TextIO) -> None:
    total = len(report.outcomes)
    kept = sum(1 for o in report.outcomes if o.step is Step.KEPT)
    print(
        f"Archive of {report.data_file}: {counted(total, 'source')}, {total - kept} looked up, "
        f"{kept} already archived, {counted(report.captures, 'capture')} requested",
        file=out,
    )
    rows = _rows(report)
    if rows:
        print("", file=out)
    width = max(len(str(step)) for step in Step)
    ids = max((len(o.source.id) for o in rows), default=0)
    for outcome in rows:
        mark = " " if outcome.archived else "✗"
        snapshot = outcome.snapshot
        what = snapshot.url if snapshot is not None and outcome.step in WRITES else outcome.detail
        print(
            f"  {mark} {outcome.step!s:<{width}}  line {outcome.line:<5} "
            f"{outcome.source.id:<{ids}}  {what}",
            file=out,
        )
    if report.stopped:
        print(f"\nNote: stopped early: {report.stopped}; the next run resumes.", file=out)
    for note in report.notes:
        print(f"\nNote: {note}.", file=out)
    print("", file=out)
    print(f"Summary: {counts_line(report)}.", file=out)
    if report.diff:
        added = report.added_lines
        if report.written:
            print(f"Wrote {report.data_file}: {added} lines added or changed.", file=out)
        else:
            print(f"Dry run: {report.data_file} unchanged ({added} lines would change).", file=out)
    print(verdict_line(report), file=out)


def markdown(report: ArchiveReport) -> str:
    """The pull request's summary: counts, then one row per source that was looked up."""
    out = ["## Web archives", ""]
    out.append(f"`{report.data_file}`: {counts_line(report)}.")
    out.append("")
    rows = _rows(report)
    if rows:
        out.append("| source | line | result | archived copy or reason |")
        out.append("|---|---:|---|---|")
        for outcome in rows:
            snapshot = outcome.snapshot
            if snapshot is not None and outcome.step in WRITES:
                cell = f"[{snapshot.date.isoformat()}]({snapshot.url})"
            else:
                cell = _cell(outcome.detail)
            out.append(f"| `{outcome.source.id}` | {outcome.line} | {outcome.step} | {cell} |")
        out.append("")
    if report.stopped:
        out.append(f"Stopped early: {_cell(report.stopped)}; the next run resumes.")
        out.append("")
    out.append(verdict_line(report))
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("[", "\\[")


class ArchiveProgress:
    """Progress on stderr: a live counter on a terminal; in logs a line every 15 seconds."""

    def __init__(self, out: TextIO = sys.stderr, every: float = 15.0) -> None:
        self._out = out
        self._live = out.isatty()
        self._every = every
        self._last = time.monotonic()
        self._drawn = False

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self._live:
            print(f"\r{what} {done}/{total} URLs", end="", file=self._out, flush=True)
            self._drawn = True
        elif now - self._last >= self._every or done == total:
            print(f"{what} {done}/{total} URLs", file=self._out, flush=True)
        else:
            return
        self._last = now

    def finish(self) -> None:
        if self._drawn:
            print("", file=self._out, flush=True)
