"""check every cited URL with lychee and report per claim

Check every URL in the data file (source and archive URLs, links in text) with lychee, classify
each one and report it under the claims that cite it. Exit 0 when nothing fails, 1 when a link
is dead (or anything is not ok, with --strict), 2 for bad usage, unreadable data, a bad policy
file or a lychee failure, 3 when no host answered at all (no network: nothing was judged).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from claimsite.cli.parsing import Subparsers, add_command
from claimsite.datafile import DEFAULT_DATA
from claimsite.errors import ClaimsiteError
from claimsite.links import DEFAULT_POLICY

if TYPE_CHECKING:
    from claimsite.links.changes import Baseline
    from claimsite.links.checker import LinkReport

DEFAULT_CONFIG = "lychee.toml"


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "links", __doc__)
    parser.add_argument("data", nargs="?", default=DEFAULT_DATA, help="data file to check")
    parser.add_argument(
        "--config",
        default=DEFAULT_CONFIG,
        help="lychee configuration (timeouts, retries, concurrency, cache; default: %(default)s)",
    )
    parser.add_argument(
        "--policy",
        default=DEFAULT_POLICY,
        help="reviewed list of hosts that block checkers (default: %(default)s)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text: table grouped by claim; json: one record per URL; github: annotations "
        "and a Markdown job summary ($GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on every URL that is not ok, not only dead"
    )
    base = parser.add_mutually_exclusive_group()
    base.add_argument(
        "--base",
        metavar="FILE",
        help="check only URLs added or changed since this earlier version of the data file",
    )
    base.add_argument(
        "--base-ref",
        metavar="GITREF",
        help="like --base, reading the data file at this git revision (e.g. origin/main)",
    )
    parser.add_argument(
        "--site", metavar="DIR", help="also check the external links of a built site"
    )
    parser.add_argument(
        "--cache",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="use lychee's result cache (.lycheecache); default: as the configuration says",
    )
    parser.add_argument("--all", action="store_true", help="list ok URLs too in the table")
    parser.add_argument(
        "--summary",
        metavar="FILE",
        help="with --format github, also write the Markdown summary to FILE (e.g. for an "
        "issue body); it always goes to $GITHUB_STEP_SUMMARY when that is set",
    )
    parser.add_argument(
        "--recheck-wait",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="pause before re-checking server errors once (default: %(default)s)",
    )
    parser.add_argument(
        "--max-time",
        type=float,
        default=1800.0,
        metavar="SECONDS",
        help="stop lychee after this long (default: %(default)s)",
    )
    parser.add_argument("--lychee", metavar="PATH", help="lychee binary (default: the venv's)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from claimsite.links.changes import read_base_file, read_base_ref
    from claimsite.links.checker import CheckOptions, run_check
    from claimsite.links.lychee import LycheeOptions, find_lychee
    from claimsite.links.policy import load_policy
    from claimsite.links.report import Progress

    data = Path(args.data)
    config = Path(args.config)
    if not config.is_file():
        raise ClaimsiteError(
            f"lychee configuration not found: {config}",
            "run from the repository root (it holds lychee.toml) or pass --config FILE",
        )
    if args.site and not Path(args.site).is_dir():
        raise ClaimsiteError(f"site directory not found: {args.site}", "build it first (make site)")
    if args.recheck_wait < 0 or args.max_time <= 0:
        raise ClaimsiteError("--recheck-wait must be ≥ 0 and --max-time > 0")
    policy = load_policy(args.policy)
    baseline: Baseline | None = None
    if args.base:
        baseline = read_base_file(args.base)
    elif args.base_ref:
        baseline = read_base_ref(args.base_ref, data)
    progress = Progress(sys.stderr)
    options = CheckOptions(
        data=data,
        policy=policy,
        lychee=LycheeOptions(
            executable=find_lychee(args.lychee),
            config=config,
            cache=args.cache,
            max_time=args.max_time,
        ),
        strict=args.strict,
        baseline=baseline,
        site=Path(args.site) if args.site else None,
        recheck_wait=args.recheck_wait,
        on_start=progress.start,
        on_result=progress.update if progress.live else None,
        on_tick=None if progress.live else progress.tick,
    )
    try:
        report = run_check(options)
    finally:
        progress.finish()
    _render(report, args)
    return report.exit_code


def _render(report: LinkReport, args: argparse.Namespace) -> None:
    from claimsite.links.report import not_checked_line, render_github, render_json, render_text

    if not report.network_proven and args.format != "github":
        print(not_checked_line(report), file=sys.stderr)
        if args.format == "text":
            return
    if args.format == "json":
        render_json(report, sys.stdout)
    elif args.format == "github":
        targets = [t for t in (os.environ.get("GITHUB_STEP_SUMMARY"), args.summary) if t]
        if not targets:
            render_github(report, sys.stdout, None)
            return
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(open(t, "a", encoding="utf-8")) for t in targets]
            render_github(report, sys.stdout, files)
    else:
        render_text(report, sys.stdout, show_all=args.all)
