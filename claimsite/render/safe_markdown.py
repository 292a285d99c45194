"""Markdown from the data file, rendered without letting raw HTML or unsafe links through.

Editors write Markdown; the data file is also a place where pasted HTML could smuggle scripts
into the site. Validation rejects raw HTML and non-http(s) links (``checks.markdown_problem``);
the renderer is the second line: raw HTML is escaped, never passed on, and a link or image
whose target is not an absolute http(s) address stays plain text.

The renderer is markdown-it-py (CommonMark): its parser is built to stay linear on
pathological input, where Python-Markdown took minutes over a few thousand ``[`` — and the
data file is untrusted.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from claimsite.datafile.checks import url_problem


def is_safe_link(target: str) -> bool:
    """Whether ``target`` is an absolute http(s) address (after markdown-it has decoded its
    character references, so ``&#106;avascript:`` is seen as ``javascript:``)."""
    return not url_problem(target.strip())


class SafeMarkdown:
    """A Markdown renderer whose output contains no HTML but what Markdown itself makes."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": False}).enable("table")
        self._md.validateLink = is_safe_link  # type: ignore[method-assign,assignment]

    def render(self, text: str) -> str:
        html: str = self._md.render(text)
        return html.rstrip("\n")
