"""Command modules. Each exposes ``register(subparsers)``, which adds its sub-command and sets
``run`` (a function of the parsed arguments returning the exit code).

Registering must stay cheap: a command imports the engine modules it needs inside ``run``, so
that starting one command (``links`` starts lychee at once) does not first load every model.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from claimsite.cli.commands import archive, check, diff, generate, links, new, schema

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

COMMANDS: list[Register] = [
    check.register,
    schema.register,
    diff.register,
    new.register,
    generate.register,
    links.register,
    archive.register,
]
