"""``archive``: find (or request) Wayback Machine copies of cited URLs and record them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

DEFAULT_DATA = "data/claims.yaml"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "archive",
        help="add Wayback Machine archive_url/archive_date to sources that lack them",
        description=(
            "For every source without an archive_url (all with --refresh), ask the Wayback "
            "Machine for the capture closest to its 'accessed' date and write archive_url and "
            "archive_date into the data file; only those lines change. Exit 0 when every "
            "source has an archive, 1 when some still lack one, 2 for bad usage or unusable "
            "data, 3 when the Wayback Machine could not be reached at all (no network)."
        ),
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
    _number(parser, "--timeout", 20.0, "seconds one lookup may wait for an answer")
    _number(parser, "--save-timeout", 120.0, "seconds one capture request may take")
    _number(parser, "--interval", 1.0, "least seconds between two lookups")
    _number(parser, "--save-interval", 10.0, "least seconds between two capture requests")
    _number(parser, "--backoff", 2.0, "first back-off wait without Retry-After; doubles")
    _number(parser, "--max-wait", 60.0, "longest single back-off wait (Retry-After included)")
    _number(parser, "--max-time", 1800.0, "time limit of the whole run; the next run resumes")
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        metavar="N",
        help="further tries after a 429, 5xx or time-out (default: %(default)s)",
    )
    parser.add_argument(
        "--max-saves",
        type=int,
        default=25,
        metavar="N",
        help="capture requests per run at most (default: %(default)s)",
    )
    parser.set_defaults(run=run)


def _number(parser: argparse.ArgumentParser, flag: str, default: float, what: str) -> None:
    parser.add_argument(
        flag, type=float, default=default, metavar="SECONDS", help=f"{what} (default: %(default)s)"
    )


def _fail(message: str) -> NoReturn:
    from claimsite.errors import ClaimsiteError

    raise ClaimsiteError(message)


def run(args: argparse.Namespace) -> int:
    from claimsite.datafile.edits import EditError
    from claimsite.errors import ExitCode
    from claimsite.links.archive import ArchiveOptions, run_archive
    from claimsite.links.archive_report import ArchiveProgress, markdown, offline_line, render_text
    from claimsite.links.wayback import DEFAULT_API, DEFAULT_SAVE, Limits, WaybackClient

    seconds = (args.timeout, args.save_timeout, args.max_time)
    if min(seconds) <= 0 or min(args.interval, args.save_interval, args.backoff, args.max_wait) < 0:
        return _fail("--timeout, --save-timeout and --max-time must be > 0; waits ≥ 0")
    if args.retries < 0 or args.max_saves < 0:
        return _fail("--retries and --max-saves must be ≥ 0")
    bases = (args.wayback_api or DEFAULT_API, args.wayback_save or DEFAULT_SAVE)
    if not all(base.startswith(("http://", "https://")) for base in bases):
        return _fail("--wayback-api and --wayback-save must be http:// or https:// addresses")
    client = WaybackClient(
        api=bases[0],
        save_base=bases[1],
        limits=Limits(
            timeout=args.timeout,
            save_timeout=args.save_timeout,
            interval=args.interval,
            save_interval=args.save_interval,
            retries=args.retries,
            backoff=args.backoff,
            max_wait=args.max_wait,
            max_time=args.max_time,
        ),
    )
    progress = ArchiveProgress(sys.stderr)
    options = ArchiveOptions(
        data=Path(args.data),
        client=client,
        save=args.save,
        refresh=args.refresh,
        dry_run=args.dry_run,
        max_saves=args.max_saves,
        on_progress=progress,
    )
    try:
        report = run_archive(options)
    except EditError as error:
        return _fail(f"cannot write the archives into {args.data}: {error}")
    except OSError as error:
        return _fail(f"cannot read or write {args.data}: {error}")
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
