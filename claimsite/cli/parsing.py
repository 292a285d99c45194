"""What every command module shares to declare itself: the parser type and one way to add a
sub-command, its help and description taken from the module's docstring."""

from __future__ import annotations

import argparse
from typing import TypeAlias

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(subparsers: Subparsers, name: str, doc: str | None) -> argparse.ArgumentParser:
    """Add the sub-command ``name``: ``doc``'s first paragraph is its one-line help (in the
    command list), the rest its description (in ``claimsite NAME --help``)."""
    text = (doc or "").strip()
    summary, _, details = text.partition("\n\n")
    return subparsers.add_parser(
        name, help=" ".join(summary.split()), description=" ".join(details.split()) or None
    )
