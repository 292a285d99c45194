"""summarise the changes between two versions of the data file (Markdown)

Print, as Markdown, the claims added, removed and renamed, status and value changes, other edits
(before and after), and sources added or no longer cited. Compare two files (diff BASE HEAD), or
a file with its version where the checked-out branch left a git ref, as a pull request's diff
does (diff --base-ref REF [HEAD], HEAD defaulting to data/claims.yaml). Exit 0, or 2 when an
input is unusable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from claimsite.cli.parsing import Subparsers, add_command
from claimsite.datafile import DEFAULT_DATA
from claimsite.errors import ClaimsiteError

if TYPE_CHECKING:
    from claimsite.datafile.catalog import Catalog


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "diff", __doc__)
    parser.add_argument("files", nargs="*", metavar="FILE", help="BASE and HEAD data files")
    parser.add_argument(
        "--base-ref",
        metavar="GITREF",
        help="read BASE from git: the HEAD file's path at the merge base of GITREF and HEAD",
    )
    parser.set_defaults(run=run)


def _read_at_merge_base(ref: str, path: Path) -> tuple[str, str]:
    """The file where the checked-out branch left ``ref``, and that commit's id."""
    from claimsite.datafile.text import merge_base, read_at_revision

    commit = merge_base(ref, path)
    return read_at_revision(commit, path), commit


def _catalog(text: str, name: str) -> Catalog:
    from claimsite.datafile.catalog import Catalog
    from claimsite.datafile.loader import validate_text

    return Catalog(validate_text(text, name, dt.date.today()))


def run(args: argparse.Namespace) -> int:
    from claimsite.datafile.text import read_text

    files: list[str] = args.files
    if args.base_ref:
        if len(files) > 1:
            raise ClaimsiteError("with --base-ref give at most one file (HEAD)")
        head_path = Path(files[0] if files else DEFAULT_DATA)
        base_text, commit = _read_at_merge_base(args.base_ref, head_path)
        base_name = f"{args.base_ref}:{head_path.as_posix()}"
        base_note = f"where this branch left {args.base_ref}: commit {commit[:12]}"
    else:
        if len(files) != 2:
            raise ClaimsiteError("give two files, BASE and HEAD, or --base-ref GITREF [HEAD]")
        base_name, head_path = files[0], Path(files[1])
        base_note = "base"
        base_text = read_text(Path(files[0]))
    head_name = head_path.as_posix()
    base = _catalog(base_text, base_name)
    head = _catalog(read_text(head_path), head_name)
    from claimsite.cli.diff import to_markdown

    sys.stdout.write(to_markdown(base, head, base_name, head_name, base_note))
    return 0
