"""claimsite: a static explainer-site generator driven by one YAML file of claims.

The package is laid out by pipeline stage: ``datafile`` (read, parse, validate), ``render``
(templates, directives, charts), ``outputs`` (machine files and head tags), ``links`` (the
link check), ``build`` (one site build, whichever engine runs it) and the adapters: ``cli`` and
``mkdocs_hooks``, the only module that imports MkDocs.

Code outside the package (a site's ``hooks/claimsite_hooks.py``, scripts, other tools) imports
what ``__all__`` names, and the hooks from :mod:`claimsite.mkdocs_hooks`; everything else may
change without notice. Importing the package loads only :mod:`claimsite.errors`: the loaders
and the command line import the engine when they are called, so ``claimsite --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimsite.errors import ClaimsiteError, DataFileError, ExitCode, Problem

if TYPE_CHECKING:
    from claimsite.datafile.catalog import Catalog
    from claimsite.datafile.models import Dataset

__version__ = "0.1.0"
"""The one place the version is declared; ``pyproject.toml`` reads it from here."""

__all__ = [
    "ClaimsiteError",
    "DataFileError",
    "ExitCode",
    "Problem",
    "load_catalog",
    "load_dataset",
    "main",
]


def load_dataset(path: Path | str, today: dt.date | None = None) -> Dataset:
    """Read and validate a data file; :class:`DataFileError` lists every problem."""
    from claimsite.datafile.loader import load_dataset as load

    return load(path, today)


def load_catalog(path: Path | str, today: dt.date | None = None) -> Catalog:
    """Like :func:`load_dataset`, indexed for rendering (by id, by category, claim lines)."""
    from claimsite.datafile.loader import load_catalog as load

    return load(path, today)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``claimsite COMMAND …``) and return its exit code."""
    from claimsite.cli import main as run

    return run(argv)
