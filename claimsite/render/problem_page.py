"""The page a live preview shows while the site cannot be built: every problem, and a reload.

Engine-neutral: any preview server can serve it in place of every page. Problem messages quote
the data file (editors' text), so the template autoescapes everything. The page reloads itself
once the same address answers with something else, i.e. once the problems are fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimsite.errors import Problem
from claimsite.render.renderer import make_environment

MARKER = "claimsite-build-problems"
"""The ``id`` of the page's problem list; a page without it is the fixed site."""

POLL_MILLISECONDS = 1000


def problem_page(problems: Sequence[Problem], site_name: str) -> str:
    """A standalone HTML page listing ``problems`` (file:line:col, what, where, fix)."""
    template = make_environment().get_template("problem_page.html.j2")
    return template.render(
        problems=problems,
        site_name=site_name,
        marker=MARKER,
        poll_milliseconds=POLL_MILLISECONDS,
    )
