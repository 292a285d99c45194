"""``schema``: write the data file's JSON Schema, or check that the committed copy is current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimsite.datafile.schema import SCHEMA_PATH
from claimsite.errors import ClaimsiteError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schema of the data file (for editors and validators)",
        description="Generate the data file's JSON Schema from the models. With --check, exit 1 "
        "when the file differs from a fresh generation instead of writing it.",
    )
    parser.add_argument(
        "--output",
        default=SCHEMA_PATH,
        help=f"where to write it (default {SCHEMA_PATH}; - for stdout)",
    )
    parser.add_argument(
        "--check", action="store_true", help="verify that the file is current; write nothing"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from claimsite.datafile.schema import schema_text

    text = schema_text()
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    if args.check:
        try:
            current = path.read_text(encoding="utf-8")
        except OSError as error:
            print(f"{path}: cannot read the schema ({error.strerror})", file=sys.stderr)
            return 1
        if current != text:
            print(
                f"{path}: out of date with the models — run: python -m claimsite schema",
                file=sys.stderr,
            )
            return 1
        print(f"{path}: up to date")
        return 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ClaimsiteError(f"{path}: cannot write the schema ({error.strerror})") from None
    print(f"wrote {path}")
    return 0
