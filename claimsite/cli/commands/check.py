"""``check``: validate the data file without building the site."""

from __future__ import annotations

import argparse
import sys

DEFAULT_DATA = "data/claims.yaml"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate the data file and print every problem",
        description="Validate a claims data file. Exit 0 when it is valid, 1 when it is not.",
    )
    parser.add_argument("data", nargs="*", default=[DEFAULT_DATA], help="data file(s) to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from claimsite.datafile.loader import load_catalog
    from claimsite.errors import DataFileError

    status = 0
    for path in args.data:
        try:
            catalog = load_catalog(path)
        except DataFileError as error:
            print(error.report(), file=sys.stderr)
            status = 1
            continue
        if not args.quiet:
            data = catalog.data
            print(
                f"{path}: valid — {len(data.claims)} claims, {len(data.sources)} sources, "
                f"{len(data.categories)} categories, {len(data.statuses)} statuses"
            )
    return status
