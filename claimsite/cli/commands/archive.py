"""add Wayback Machine archive_url/archive_date to sources that lack them

For every source without an archive_url (all with --refresh), ask the Wayback Machine for the
capture closest to its 'accessed' date and write archive_url and archive_date into the data
file; only those lines change. Exit 0 when every source has an archive, 1 when some still lack
one, 2 for bad usage or unusable data, 3 when the Wayback Machine could not be reached at all
(no network).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from claimsite.cli.parsing import Subparsers, add_command
from claimsite.datafile import DEFAULT_DATA

LIMITS: dict[str, tuple[type[float] | type[int], str, str]] = {
    "--timeout": (float, "SECONDS", "seconds one lookup may wait for an answer"),
    "--save-timeout": (float, "SECONDS", "seconds one capture request may take"),
    "--interval": (float, "SECONDS", "least seconds between two lookups"),
    "--save-interval": (float, "SECONDS", "least seconds between two capture requests"),
    "--retries": (int, "N", "further tries after a 429, 5xx or time-out"),
    "--backoff": (float, "SECONDS", "first wait without Retry-After; doubles on each try"),
    "--max-wait": (float, "SECONDS", "longest single wait; a longer Retry-After stops the run"),
    "--max-time": (float, "SECONDS", "time limit of the whole run; the next run resumes"),
    "--max-saves": (int, "N", "capture requests per run at most"),
}
"""Options that set a field of ``claimsite.links.wayback.Limits`` (its defaults apply)."""


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "archive", __doc__)
    parser.epilog = (
        "The limits default to a polite pace for the Wayback Machine; the README's "
        "'Web archives' section lists them."
    )
    parser.add_argument("data", nargs="?", default=DEFAULT_DATA, help="data file to update")
    parser.add_argument(
        "--save",
        action="store_true",
        help="request a capture (Save Page Now) of URLs without a usable one",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="look up sources that already have an archive_url too, and replace it when the "
        "closest capture differs",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the diff instead of writing the file"
    )
    parser.add_argument(
        "--summary", metavar="FILE", help="also write a Markdown summary table to FILE"
    )
    parser.add_argument(
        "--wayback-api",
        metavar="URL",
        default=None,
        help="base of the availability API, {URL}/wayback/available (default: https://archive.org)",
    )
    parser.add_argument(
        "--wayback-save",
        metavar="URL",
        default=None,
        help="base of Save Page Now, {URL}/save/<url> (default: https://web.archive.org)",
    )
    for flag, (kind, metavar, what) in LIMITS.items():
        parser.add_argument(flag, type=kind, metavar=metavar, help=what)
    parser.set_defaults(run=run)


def _fail(message: str) -> NoReturn:
    from claimsite.errors import ClaimsiteError

    raise ClaimsiteError(message)


def run(args: argparse.Namespace) -> int:
    from claimsite.datafile.edits import EditError
    from claimsite.errors import ExitCode
    from claimsite.links.archive import ArchiveOptions, run_archive
    from claimsite.links.archive_report import ArchiveProgress, markdown, offline_line, render_text
    from claimsite.links.wayback import DEFAULT_API, DEFAULT_SAVE, Limits, WaybackClient

    bases = (args.wayback_api or DEFAULT_API, args.wayback_save or DEFAULT_SAVE)
    if not all(base.startswith(("http://", "https://")) for base in bases):
        _fail("--wayback-api and --wayback-save must be http:// or https:// addresses")
    given = {
        flag[2:].replace("-", "_"): getattr(args, flag[2:].replace("-", "_")) for flag in LIMITS
    }
    try:
        limits = Limits(**{name: value for name, value in given.items() if value is not None})
    except ValueError as error:
        _fail(str(error))
    client = WaybackClient(api=bases[0], save_base=bases[1], limits=limits)
    progress = ArchiveProgress(sys.stderr)
    options = ArchiveOptions(
        data=Path(args.data),
        client=client,
        save=args.save,
        refresh=args.refresh,
        dry_run=args.dry_run,
        on_progress=progress,
    )
    try:
        report = run_archive(options)
    except EditError as error:
        _fail(f"cannot write the archives into {args.data}: {error}")
    except OSError as error:
        _fail(f"cannot read or write {args.data}: {error}")
    finally:
        progress.finish()
    if report.exit_code is ExitCode.NOT_CHECKED:
        print(offline_line(report), file=sys.stderr)
        return report.exit_code
    if args.dry_run and report.diff:
        sys.stdout.write(report.diff)
        print("", file=sys.stdout)
    render_text(report, sys.stdout)
    if args.summary:
        Path(args.summary).write_text(markdown(report), encoding="utf-8")
    return report.exit_code
