"""Command modules. Each exposes ``register(subparsers)``, which adds its sub-command and sets
``run`` (a function of the parsed arguments returning the exit code)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from claimsite.commands import check, diff, links, new, schema

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

COMMANDS: list[Register] = [
    check.register,
    schema.register,
    diff.register,
    new.register,
    links.register,
]
