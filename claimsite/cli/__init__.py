"""Command line: ``python -m claimsite COMMAND``.

Each command lives in its own module under ``claimsite.cli.commands`` and registers itself with
:func:`register`; this module only builds the parser and maps errors to exit codes:
0 success, 1 the data (or the checked links) have problems, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from claimsite.cli.commands import COMMANDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m claimsite",
        description="Validate, inspect and build claim-explainer sites from a YAML data file.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return result
