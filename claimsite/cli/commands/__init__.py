"""Command modules. Each exposes ``register(subparsers)``, which adds its sub-command (its help
and description are the module's docstring, see :func:`claimsite.cli.parsing.add_command`) and
sets ``run`` (a function of the parsed arguments returning the exit code).

Registering must stay cheap: a command imports the engine modules it needs inside ``run``, so
that starting one command (``links`` starts lychee at once) does not first load every model.
"""

from __future__ import annotations

from collections.abc import Callable

from claimsite.cli.commands import archive, check, diff, generate, links, new, schema
from claimsite.cli.parsing import Subparsers

Register = Callable[[Subparsers], None]

COMMANDS: list[Register] = [
    check.register,
    schema.register,
    diff.register,
    new.register,
    generate.register,
    links.register,
    archive.register,
]
