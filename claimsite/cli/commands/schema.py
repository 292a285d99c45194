"""write the JSON Schema of the data file (for editors and validators)

Generate the data file's JSON Schema from the models and the data file's own ids (statuses,
categories, sources and claims become the allowed values wherever they are referenced). With
--check, exit 1 when the file differs from a fresh generation instead of writing it. Exit 2 when
the data file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimsite.cli.parsing import Subparsers, add_command
from claimsite.datafile import DEFAULT_DATA
from claimsite.datafile.schema import SCHEMA_PATH
from claimsite.errors import ClaimsiteError


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "schema", __doc__)
    parser.add_argument(
        "--data",
        default=DEFAULT_DATA,
        help=f"the data file whose ids the schema lists (default {DEFAULT_DATA})",
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
    from claimsite.datafile.schema import ids_in, schema_text
    from claimsite.datafile.text import read_text
    from claimsite.datafile.yamlsource import parse

    text = schema_text(ids_in(parse(read_text(args.data), args.data)))
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
                f"{path}: out of date with the models or {args.data}'s ids — run: "
                f"python -m claimsite schema --data {args.data}",
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
