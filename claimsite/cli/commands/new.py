"""create a new explainer site (data file, pages, workflows) in a new folder

Scaffold a site that builds strictly as it is: mkdocs.yml with the hooks, a data file with the
rating scale and one example of each entry, the hand-written pages, the JSON Schema, pre-commit
and GitHub workflows. Exit 2 when PATH is not new.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimsite.cli.parsing import Subparsers, add_command


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "new", __doc__)
    parser.add_argument("path", metavar="PATH", help="folder to create (missing or empty)")
    parser.add_argument("--subject", required=True, help="what the claims are about")
    parser.add_argument(
        "--publisher", default="The editors", help="who publishes the site (default: %(default)s)"
    )
    parser.add_argument(
        "--claimsite",
        metavar="SPEC",
        help="how the new site installs claimsite (its requirements.txt): a version such as "
        "0.1.0, a wheel, sdist or folder path, a URL such as git+https://…, or a whole "
        "requirement (default: the way this claimsite was installed)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from claimsite.cli.new_site import create_site, requirement_for

    target = Path(args.path)
    requirement = requirement_for(args.claimsite)
    written = create_site(target, args.subject, args.publisher, requirement=requirement)
    print(f"created {len(written)} files in {target}; it installs {requirement}. Next:")
    print(f"  cd {target}")
    print("  make site      # install into .venv, build the site into site/ (strict)")
    print("  make test      # validate the data and build strictly, as the workflows do")
    print("  make serve     # live preview on http://127.0.0.1:8000")
    return 0
