"""write a self-contained Markdown site (for Zensical and other engines)

Write OUT/mkdocs.yml (the site's configuration without the hooks, the claims navigation written
in) and OUT/docs/ (hand-written pages with every directive expanded, the claim and category
pages, stylesheets, claims.json, claims.csv, the schema and the feed). Then build it, e.g.
`zensical build -f OUT/mkdocs.yml`. Exit 1 when a page or OUT has problems, 2 when the data or
the settings cannot be used; every problem is listed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimsite.cli.parsing import Subparsers, add_command

ENGINE_CHOICES = ("zensical", "mkdocs")


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "generate", __doc__)
    parser.add_argument("out", metavar="OUT", help="folder to write (new, empty, or generated)")
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="site configuration (default: %(default)s)",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="zensical",
        help="the engine that will build OUT; decides how relative links are written "
        "(default: %(default)s)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from claimsite.build.generate import generate
    from claimsite.datafile.wording import counted

    result = generate(Path(args.config_file), Path(args.out), args.engine)
    print(
        f"wrote {counted(result.pages, 'page')} and {counted(result.files, 'other file')}; "
        "build with:"
    )
    print(f"  {args.engine} build -f {result.config}")
    return 0
