"""Command line: ``python -m claimsite COMMAND``.

Each command lives in its own module under ``claimsite.cli.commands`` and registers itself with
:func:`register`; this module only builds the parser and maps errors to exit codes, here and
nowhere else: a command returns its answer (0 success, 1 "there are problems": invalid data,
dead links); any :class:`~claimsite.errors.ClaimsiteError` it raises (an unusable input, bad
usage) is printed with every problem, and the process exits with the error's ``exit_code``
(2 unless the error type says otherwise; see :class:`~claimsite.errors.ExitCode`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from claimsite import __version__
from claimsite.cli.commands import COMMANDS
from claimsite.errors import ClaimsiteError

INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m claimsite",
        description="Validate, inspect and build claim-explainer sites from a YAML data file.",
    )
    parser.add_argument("--version", action="version", version=f"claimsite {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except ClaimsiteError as error:
        located = any(problem.file for problem in error.problems)
        prefix = "" if located else f"claimsite {args.command}: "
        print(prefix + error.report(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    return result
