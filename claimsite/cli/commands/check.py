"""validate the data file and print every problem

Validate a claims data file. Exit 0 when it is valid, 1 when it is not.
"""

from __future__ import annotations

import argparse
import sys

from claimsite.cli.parsing import Subparsers, add_command
from claimsite.datafile import DEFAULT_DATA


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "check", __doc__)
    parser.add_argument("data", nargs="*", default=[DEFAULT_DATA], help="data file(s) to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    parser.add_argument(
        "--stale-after",
        type=int,
        metavar="DAYS",
        help="also list claims whose verdict was last reviewed more than DAYS days ago "
        "(a list to work through, not an error)",
    )
    parser.add_argument(
        "--fail-stale",
        action="store_true",
        help="with --stale-after: exit 1 when any claim is stale",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from claimsite.datafile.loader import load_catalog
    from claimsite.datafile.review import stale_claims
    from claimsite.datafile.wording import counted
    from claimsite.errors import ClaimsiteError, DataFileError

    if args.stale_after is not None and args.stale_after < 0:
        raise ClaimsiteError("--stale-after needs a number of days, 0 or more")
    today = dt.date.today()

    status = 0
    for path in args.data:
        try:
            catalog = load_catalog(path, today)
        except DataFileError as error:
            print(error.report(), file=sys.stderr)
            status = 1
            continue
        if not args.quiet:
            data = catalog.data
            print(
                f"{path}: valid — {counted(len(data.claims), 'claim')}, "
                f"{counted(len(data.sources), 'source')}, "
                f"{counted(len(data.categories), 'category', 'categories')}, "
                f"{counted(len(data.statuses), 'status', 'statuses')}"
            )
        if args.stale_after is not None:
            stale = stale_claims(catalog, today, args.stale_after)
            for line in stale:
                print(f"{path}:{line}")
            print(
                f"{path}: {counted(len(stale), 'claim')} not reviewed in the last "
                f"{counted(args.stale_after, 'day')}"
            )
            if stale and args.fail_stale:
                status = 1
    return status
