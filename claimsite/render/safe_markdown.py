"""Markdown from the data file, rendered without letting raw HTML through.

Editors write Markdown; the data file is also a place where pasted HTML could smuggle scripts
into the site. Validation rejects raw HTML (``checks.find_raw_html``) and the renderer drops
Python-Markdown's raw-HTML handling, so any that slips past is escaped, never passed on.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

from claimsite.datafile.checks import url_problem


class _DropUnsafeLinks(Treeprocessor):
    """Remove every target that is not an absolute http(s) address from links and images.

    Validation refuses such links already (``checks.markdown_problem``); this is the second
    line, for Markdown that reaches the renderer some other way.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target is not None and not is_safe_link(target):
                    del element.attrib[attribute]


def is_safe_link(target: str) -> bool:
    """Whether a browser would read ``target`` as an absolute http(s) address.

    Python-Markdown keeps character references in attributes (``&#106;avascript:``) and the
    browser decodes them, so the check runs on the decoded text.
    """
    return not url_problem(html.unescape(target).strip())


class SafeMarkdown:
    """A Markdown renderer whose output contains no HTML but what Markdown itself makes."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_DropUnsafeLinks(self._md), "drop_unsafe_links", 0)

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)
