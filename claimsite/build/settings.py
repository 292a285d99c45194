"""The site's settings: ``extra.claimsite`` in ``mkdocs.yml``, read like every input file.

A typed model, so that a misspelt setting is an error with a did-you-mean instead of being
silently ignored, and the same ``file:line:col: what — fix`` messages as the data file. The
configuration file is parsed for positions only when something is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from claimsite.datafile import DEFAULT_DATA
from claimsite.datafile.field_help import describe_fields
from claimsite.datafile.loader import validate_model
from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import compose

SETTINGS_PATH = ("extra", "claimsite")
"""Where the settings sit in ``mkdocs.yml``."""


class SiteSettings(BaseModel):
    """``extra.claimsite``: where the data file is, and which page explains the rating scale."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    data: str = DEFAULT_DATA
    """The claims data file, relative to ``mkdocs.yml``."""
    legend_page: str = "methodology.md"
    """The hand-written page the status badges link to (it explains the rating scale)."""


def read_settings(raw: object, config_file: Path | None = None) -> SiteSettings:
    """``raw`` (the ``extra.claimsite`` value, None when absent) as :class:`SiteSettings`.

    Raises :class:`~claimsite.errors.DataFileError` with every problem at its line and column
    in ``config_file`` (when it is given: without it, at line 1).
    """
    value = {} if raw is None else raw
    try:
        return SiteSettings.model_validate(value)
    except ValidationError:
        pass  # validated again below, with the file's positions for the messages
    shown = config_file.name if config_file is not None else "mkdocs.yml"
    root = compose(read_text(config_file), shown) if config_file is not None else None
    return validate_model(SiteSettings, value, root, shown, prefix=SETTINGS_PATH)


describe_fields(sys.modules[__name__])  # field help as in the data models (see field_help)
