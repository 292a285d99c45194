"""MkDocs hooks of this site, registered under ``hooks:`` in ``mkdocs.yml``.

The hooks live in the engine, :mod:`claimsite.mkdocs_hooks` (edit them there), so that sites
scaffolded with ``python -m claimsite new`` share them; MkDocs finds every ``on_*`` name here.
"""

from claimsite.mkdocs_hooks import *  # noqa: F403
