"""Reports of a link check: a terminal table grouped by claim, JSON, and GitHub's formats.

Editors think in claims, so the terminal table groups URLs under the claims that cite them;
CI needs a machine-readable record per URL and annotations at the exact line in the data file.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from claimsite.datafile.wording import counted
from claimsite.links.checker import LinkReport, LinkResult
from claimsite.links.outcomes import Outcome

NOT_CITED = "Not cited by any claim"


def _grouped(report: LinkReport) -> list[tuple[str, list[LinkResult]]]:
    """Results under each claim that cites them, claims in file order, the uncited last."""
    groups: dict[str, list[LinkResult]] = {claim: [] for claim in report.claim_titles}
    uncited: list[LinkResult] = []
    for result in report.results:
        claims = result.link.claims
        for claim in claims:
            groups.setdefault(claim, []).append(result)
        if not claims:
            uncited.append(result)
    ordered = [(claim, rows) for claim, rows in groups.items() if rows]
    if uncited:
        ordered.append((NOT_CITED, uncited))
    return ordered


_HIDDEN = frozenset(outcome for outcome in Outcome if outcome.quiet)
"""Outcomes left out of the per-claim rows unless asked for."""


def not_checked_line(report: LinkReport) -> str:
    """The whole report of a run where no host answered: the network is down, so no URL is
    judged (one line instead of every URL "unreachable" beside policy findings)."""
    unreachable = [r for r in report.results if r.outcome is Outcome.UNREACHABLE]
    first = unreachable[0].verdict.detail.splitlines()[0][:120] if unreachable else ""
    example = f", e.g. {first}" if first else ""
    return (
        f"links: could not check: no host answered ({len(unreachable)} of "
        f"{len(report.results)} URLs unreachable{example}); the network looks down, so nothing "
        f"was judged — run again with network access (exit {int(report.exit_code)})."
    )


def _rank(result: LinkResult) -> tuple[int, int]:
    return (result.outcome.rank, result.link.first.line)


def _summary_line(report: LinkReport) -> str:
    counts = report.counts()
    parts = [f"{counts[o]} {o}" for o in Outcome if counts[o]]
    return "; ".join(parts) or "nothing to check"


def _verdict_line(report: LinkReport) -> str:
    failing = report.failing()
    if not failing:
        return "Result: no failing links (exit 0)."
    kinds = sorted({str(result.outcome) for result in failing})
    noun = "link fails" if len(failing) == 1 else "links fail"
    strict = " under --strict" if report.strict else ""
    return f"Result: {len(failing)} {noun}{strict} ({', '.join(kinds)}) (exit 1)."


def render_text(report: LinkReport, out: TextIO, show_all: bool = False) -> None:
    """The terminal table: one block per claim, problems first."""
    checked = len(report.results)
    print(
        f"Link check of {report.data_file}: {counted(checked, 'URL')} in {report.seconds:.1f} s "
        f"(lychee {report.lychee_seconds:.1f} s)",
        file=out,
    )
    if report.baseline is not None:
        print(
            f"Changed URLs only, compared with {report.baseline}; "
            f"{report.unchanged} unchanged URLs not checked.",
            file=out,
        )
    width = max((len(str(o)) for o in Outcome), default=10)
    for claim, rows in _grouped(report):
        shown = [r for r in sorted(rows, key=_rank) if show_all or r.outcome not in _HIDDEN]
        if not shown:
            continue
        title = report.claim_titles.get(claim, "")
        print("", file=out)
        print(f"{claim} — {title}" if title else claim, file=out)
        for result in shown:
            lines = ", ".join(str(n) for n in result.link.lines) or "-"
            mark = "✗" if result.fails else " "
            print(
                f"  {mark} {result.outcome!s:<{width}}  line {lines:<6} {result.link.url}", file=out
            )
            owners = ", ".join(dict.fromkeys(o.owner for o in result.link.occurrences))
            print(f"    {'':<{width}}  {result.verdict.detail} — {owners}", file=out)
    actions = report.actions()
    if actions:
        print("", file=out)
        print("Editors, please update the data:", file=out)
        for result in actions:
            print(f"  line {result.link.first.line}: {result.action} ({result.link.url})", file=out)
    for note in report.notes:
        print("", file=out)
        print(f"Note: {note}", file=out)
    print("", file=out)
    if report.rechecked:
        print(f"Server errors re-checked once after a pause: {report.rechecked}.", file=out)
    print(f"Summary: {_summary_line(report)}.", file=out)
    print(_verdict_line(report), file=out)


def to_json(report: LinkReport) -> dict[str, Any]:
    """One record per URL with its claims and lines, plus a summary."""
    return {
        "data_file": report.data_file,
        "exit_code": report.exit_code,
        "not_checked": not report.network_proven,
        "strict": report.strict,
        "changed_only": report.baseline is not None,
        "base": report.baseline,
        "unchanged_not_checked": report.unchanged,
        "checked": len(report.results),
        "counts": dict(report.counts()),
        "rechecked": report.rechecked,
        "seconds": round(report.seconds, 3),
        "lychee_seconds": round(report.lychee_seconds, 3),
        "notes": report.notes,
        "results": [_record(result) for result in report.results],
    }


def _record(result: LinkResult) -> dict[str, Any]:
    link = result.link
    return {
        "url": link.url,
        "outcome": str(result.outcome),
        "fails": result.fails,
        "status_code": result.verdict.code,
        "detail": result.verdict.detail,
        "final_url": result.verdict.final_url,
        "action": result.action or None,
        "claims": link.claims,
        "sources": link.sources,
        "lines": link.lines,
        "locations": [
            {
                "file": o.file,
                "line": o.line,
                "column": o.column,
                "field": o.field,
                "path": o.path,
                "owner": o.owner,
            }
            for o in link.occurrences
        ],
    }


def render_json(report: LinkReport, out: TextIO) -> None:
    out.write(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(report: LinkReport) -> list[str]:
    """``::error``/``::warning`` workflow commands at each line where a problem URL sits."""
    lines: list[str] = []
    for result in sorted(report.results, key=_rank):
        if result.outcome in _HIDDEN:
            continue
        level = result.outcome.annotation_level(result.fails)
        title = _escape_property(f"Link check: {result.outcome}")
        claims = ", ".join(result.link.claims)
        message = f"{result.link.url} — {result.verdict.detail}"
        if result.action:
            message += f". To do: {result.action}"
        if claims:
            message += f" (claims: {claims})"
        seen: set[tuple[str, int]] = set()
        for occurrence in result.link.occurrences:
            if (occurrence.file, occurrence.line) in seen:
                continue
            seen.add((occurrence.file, occurrence.line))
            where = (
                f"file={_escape_property(occurrence.file)},line={occurrence.line},"
                f"col={occurrence.column}"
            )
            lines.append(f"::{level} {where},title={title}::{_escape_data(message)}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: LinkReport) -> str:
    """The job summary: counts, then every problem grouped by claim."""
    out = ["## Link check", ""]
    scope = (
        f"Changed URLs only (compared with `{report.baseline}`; {report.unchanged} unchanged "
        "URLs not checked)."
        if report.baseline is not None
        else "All URLs."
    )
    out.append(f"`{report.data_file}`: {counted(len(report.results), 'URL')} checked. {scope}")
    out.append("")
    out.append("| outcome | URLs |")
    out.append("|---|---:|")
    counts = report.counts()
    out.extend(f"| {o} | {counts[o]} |" for o in Outcome if counts[o])
    out.append("")
    problems = [
        (claim, [r for r in rows if not r.outcome.quiet]) for claim, rows in _grouped(report)
    ]
    problems = [(claim, rows) for claim, rows in problems if rows]
    if problems:
        out.append("| claim | outcome | URL | line | detail |")
        out.append("|---|---|---|---:|---|")
        for claim, rows in problems:
            for result in sorted(rows, key=_rank):
                mark = " ✗" if result.fails else ""
                lines = ", ".join(str(n) for n in result.link.lines)
                out.append(
                    f"| {_cell(claim)} | {result.outcome}{mark} | {_cell(result.link.url)} | "
                    f"{lines} | {_cell(result.verdict.detail)} |"
                )
        out.append("")
    actions = report.actions()
    if actions:
        out.append("**Editors, please update the data:**")
        out.append("")
        out.extend(
            f"- line {r.link.first.line}: {_cell(r.action)} ({_cell(r.link.url)})" for r in actions
        )
        out.append("")
    out.extend(f"> {note}" for note in report.notes)
    if report.notes:
        out.append("")
    out.append(_verdict_line(report))
    return "\n".join(out) + "\n"


def render_github(report: LinkReport, out: TextIO, summaries: Sequence[TextIO] | None) -> None:
    """Annotations on ``out``; the Markdown summary to each of ``summaries`` (else ``out``)."""
    if not report.network_proven:
        line = not_checked_line(report)
        print(f"::warning title=Link check%3A not checked::{_escape_data(line)}", file=out)
        for target in summaries or [out]:
            target.write(f"## Link check\n\n{line}\n")
        return
    for line in workflow_commands(report):
        print(line, file=out)
    text = markdown(report)
    for target in summaries or [out]:
        target.write(text)
    print(f"{_summary_line(report)}. {_verdict_line(report)}", file=out)


class Progress:
    """Progress on stderr: a live counter on a terminal, a line now and then in CI logs."""

    def __init__(self, out: TextIO = sys.stderr) -> None:
        self._out = out
        self.live = out.isatty()
        self._total = 0
        self._last = time.monotonic()

    def start(self, total: int) -> None:
        self._total = total
        self._last = time.monotonic()

    def update(self, done: int) -> None:
        """A URL is done (terminal only): redraw the counter at most ten times a second."""
        now = time.monotonic()
        if now - self._last >= 0.1 or done == self._total:
            self._last = now
            print(f"\rchecked {done}/{self._total} URLs", end="", file=self._out, flush=True)

    def tick(self, elapsed: float) -> None:
        """lychee is still at work (logs): say so, so a long run does not look stuck."""
        print(
            f"still checking {self._total} URLs with lychee ({elapsed:.0f} s)",
            file=self._out,
            flush=True,
        )

    def finish(self) -> None:
        if self.live and self._total:
            print("", file=self._out, flush=True)
