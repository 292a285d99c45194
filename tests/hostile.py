"""Hostile input for a whole site: payloads, every string field of the models, and a scan of the
built output for anything a browser would run.

Shared by the property tests (``test_hostile_site.py``, a sample) and the full matrix
(``scripts/hostile_matrix.py``). The fields come from the models, never from a list kept here,
so a field added to ``claimsite/datafile/models.py`` is attacked the day it exists.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import typing
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup, Tag
from pydantic import BaseModel

from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import Dataset, model_in
from claimsite.datafile.yamlsource import compose, parse, positions_of
from claimsite.errors import DataFileError, Problem, format_path
from claimsite.errors import Path as DocumentPath
from claimsite.render.directives import DIRECTIVES

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "every_field.yaml"
TODAY = dt.date(2026, 1, 1)
DATA_NAME = "data/claims.yaml"

RUNS = "alert('xss1337')"
"""What every script payload runs; finding it in a script or handler means it got through."""
EVALUATED = ("xssEVAL", "xssLOOPxssLOOP")
"""What the template payloads print only if something evaluated them as a template."""

PAYLOADS: dict[str, str] = {
    "script tag": f"<script>{RUNS}</script>",
    "img onerror": f'<img src=x onerror="{RUNS}">',
    "svg onload": f"<svg onload={RUNS}>",
    "double-quote breakout": f'" onmouseover="{RUNS}" x="',
    "single-quote breakout": f"' onmouseover='{RUNS}' x='",
    "unquoted breakout": "x onmouseover=alert(1337) autofocus onfocus=alert(1337)",
    "markdown javascript link": f"[click](javascript:{RUNS})",
    "markdown entity link": "[click](&#106;avascript:alert(1337))",
    "markdown tab link": "[click](java\tscript:alert(1337))",
    "markdown data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown javascript image": "![x](javascript:alert(1337))",
    "markdown reference link": "[click][x]\n\n[x]: javascript:alert(1337)",
    "markdown autolink": "<javascript:alert(1337)>",
    "html javascript link": f'<a href="javascript:{RUNS}">click</a>',
    "json-ld breakout": f"</script><script>{RUNS}</script>",
    "comment breakout": f"--><script>{RUNS}</script><!--",
    "cdata breakout": f"]]><script>{RUNS}</script>",
    "attribute list": "*x*{onclick=alert(1337)}",
    "jinja expression": "{{ 'xss' ~ 'EVAL' }}",
    "jinja statement": "{% for i in range(2) %}xssLOOP{% endfor %}",
    "directive": "[[badge no-such-claim]] and [[scoreboard]]",
    "entities": "&lt;script&gt;alert(1337)&lt;/script&gt; &#60;b&#62;",
    "blank line then html": f"ok\n\n<script>{RUNS}</script>",
    "line separators": "a\u2028b\u2029c</script>",
    "line separators alone": "a\u2028b\u2029c",
    "ampersand and quotes": "Q&A \"quoted\" 'single' & more",
}
"""Named payloads: markup, handlers, unsafe URLs, breakouts, template and directive syntax."""

FRAGMENTS: tuple[str, ...] = (
    "<",
    ">",
    '"',
    "'",
    "&",
    "&#106;",
    "javascript:",
    "data:",
    "](",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "{{",
    "%}",
    "</script>",
    "<!--",
    "-->",
    " on",
    "click=",
    RUNS,
    "\n",
    "\n\n",
    "`",
    "*",
    "\\",
    "x",
)
"""Pieces the property test joins into new payloads, to find what the named ones miss."""


@dataclass(frozen=True)
class StringField:
    """A string field of the models, as a path with ``*`` for every list index."""

    template: tuple[str, ...]

    def __str__(self) -> str:
        return ".".join(self.template).replace(".*", "[*]")


def string_fields(
    model: type[BaseModel] = Dataset, prefix: tuple[str, ...] = ()
) -> list[StringField]:
    """Every field of ``model`` (recursively) that holds a string or a list of strings,
    including ids, addresses and the string enumerations."""
    found: list[StringField] = []
    for name, field in model.model_fields.items():
        here = (*prefix, name, "*") if _is_list(field.annotation) else (*prefix, name)
        inner = model_in(field.annotation)
        if inner is not None:
            found.extend(string_fields(inner, here))
        elif _holds_string(field.annotation):
            found.append(StringField(here))
    return found


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation))


def _holds_string(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, str) or (
            issubclass(annotation, enum.Enum) and issubclass(annotation, str)
        )
    return any(_holds_string(arg) for arg in typing.get_args(annotation))


def base_data() -> dict[str, Any]:
    """The every-field fixture as plain data (dates stay text, as the loader keeps them)."""
    data = parse(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    assert isinstance(data, dict)
    return data


class NoExample(AssertionError):
    """The fixture has no entry to put a field in: add one to ``every_field.yaml``."""


def inject(data: dict[str, Any], field: StringField, payload: str) -> DocumentPath:
    """Write ``payload`` into the first place ``field`` can be, in place; return its path.

    A missing optional key is added to the first entry that could hold it; a missing list of
    strings gets one item.
    """
    node: Any = data
    path: list[str | int] = []
    for position, part in enumerate(field.template):
        last = position == len(field.template) - 1
        if part == "*":
            if not isinstance(node, list):
                raise NoExample(f"{field}: no list at {format_path(tuple(path))}")
            if last:
                if node:
                    node[0] = payload
                else:
                    node.append(payload)
                return (*path, 0)
            if not node:
                raise NoExample(f"{field}: {format_path(tuple(path))} has no entry")
            node, path = node[0], [*path, 0]
            continue
        if not isinstance(node, dict):
            raise NoExample(f"{field}: no mapping at {format_path(tuple(path))}")
        if last:
            node[part] = payload
            return (*path, part)
        nxt = field.template[position + 1]
        if part not in node:
            if nxt != "*" or position + 2 != len(field.template):
                raise NoExample(f"{field}: the fixture has no '{part}' to put it in")
            node[part] = []
        node, path = node[part], [*path, part]
    raise NoExample(str(field))


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)


def line_of_value(text: str, path: DocumentPath) -> int:
    return positions_of(compose(text, DATA_NAME)).of_value(path).line


@dataclass(frozen=True)
class Outcome:
    """What validation made of one data file with payloads in it."""

    text: str
    problems: list[Problem]

    @property
    def accepted(self) -> bool:
        return not self.problems


def validate(data: dict[str, Any]) -> Outcome:
    text = dump(data)
    try:
        validate_text(text, DATA_NAME, TODAY)
    except DataFileError as error:
        return Outcome(text, error.problems)
    return Outcome(text, [])


def unlocated(outcome: Outcome, injected_at: DocumentPath) -> list[str]:
    """Why the rejection in ``outcome`` fails to point at the injected value (empty if it
    does): every problem needs a file and a line, and one must be on the injected line."""
    line = line_of_value(outcome.text, injected_at)
    faults = [
        f"no location: {problem.format()}"
        for problem in outcome.problems
        if not problem.file or problem.line < 1 or problem.column < 1
    ]
    if not any(problem.line == line for problem in outcome.problems):
        shown = "; ".join(problem.format() for problem in outcome.problems)
        faults.append(f"nothing reported on line {line} ({format_path(injected_at)}): {shown}")
    return faults


# --- the site ---------------------------------------------------------------------------

INDEX_MD = """\
# Widget X

Weight is [[badge weight]], rated [[status verified]], per [[cite leak maker]]; there are
[[count status=contradicted]] contradicted claims, as of [[as-of]].

[[scoreboard]]

[[spec-table]]

[[categories]]

[[timeline]]

[[sources]]

[[status-chart]]

[[comparison-chart]]
"""

METHODOLOGY_MD = """\
# Methodology

[[legend]]

[[evidence-rules]]
"""


def directives_used() -> set[str]:
    """Names of the directives the test pages use (every registered one must be)."""
    text = INDEX_MD + METHODOLOGY_MD
    return {name for name in DIRECTIVES if f"[[{name}" in text}


def make_project(root: Path, data_text: str) -> Path:
    """A site with every directive on its pages and the real site's settings: its theme
    features, Markdown extensions, theme override and hooks."""
    (root / "docs").mkdir(parents=True)
    (root / "data").mkdir()
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("watch", None)
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["hooks"] = [str(REPO / "hooks" / "claimsite_hooks.py")]
    config["extra"]["claimsite"] = {"data": DATA_NAME, "legend_page": "methodology.md"}
    config["nav"] = [{"Home": "index.md"}, {"Claims": "@claims"}, {"Methodology": "methodology.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (root / DATA_NAME).write_text(data_text, encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX_MD, encoding="utf-8")
    (root / "docs" / "methodology.md").write_text(METHODOLOGY_MD, encoding="utf-8")
    return root


# --- the scan ---------------------------------------------------------------------------

_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}
)
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
_NEVER = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})
_DATA_SCRIPTS = frozenset({"application/ld+json", "application/json"})


def scan_site(site: Path) -> list[str]:
    """Everything in a built site that would run injected code or is broken by it."""
    faults: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        where = str(path.relative_to(site))
        suffix = path.suffix
        if suffix not in (".html", ".xml", ".svg", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        faults.extend(
            f"{where}: template syntax was evaluated" for mark in EVALUATED if mark in text
        )
        if suffix == ".html":
            faults.extend(scan_html(text, where))
        elif suffix in (".xml", ".svg"):
            faults.extend(_scan_xml(text, where))
        else:
            faults.extend(_scan_json(text, where))
    return faults


def scan_html(html: str, where: str) -> list[str]:
    """Script elements that run injected code, event-handler attributes, unsafe URLs and
    elements no page of ours has, parsed the way a browser parses (html5lib)."""
    doc = BeautifulSoup(html, "html5lib")
    faults: list[str] = []
    for element in doc.find_all(True):
        assert isinstance(element, Tag)
        name = element.name.lower()
        if name in _NEVER:
            faults.append(f"{where}: <{name}> element")
        if name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            faults.append(f"{where}: <meta http-equiv=refresh>")
        if name == "script":
            faults.extend(_scan_script(element, where))
        if name == "style" and "1337" in element.get_text():
            faults.append(f"{where}: injected <style>")
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                faults.append(f"{where}: <{name} {attribute}=…> event handler")
            elif attribute.lower() == "srcdoc":
                faults.append(f"{where}: <{name} srcdoc>")
            elif attribute.lower() in _URL_ATTRIBUTES and _unsafe_url(text):
                faults.append(f"{where}: <{name} {attribute}={text[:60]!r}>")
    return faults


def _scan_script(element: Tag, where: str) -> list[str]:
    kind = str(element.get("type", "")).lower()
    body = element.string or ""
    if kind in _DATA_SCRIPTS:
        try:
            json.loads(body)
        except ValueError:
            return [f"{where}: a {kind} script is not valid JSON (broken out of?)"]
        return []
    source = element.get("src")
    if source is not None and _unsafe_url(str(source)):
        return [f"{where}: script from {source!r}"]
    if "1337" in body or "alert(" in body:
        return [f"{where}: injected script: {body[:80]!r}"]
    return []


def _unsafe_url(value: str) -> bool:
    cleaned = "".join(char for char in value if char > " " and char != "\x7f").lower()
    return cleaned.startswith(_UNSAFE_SCHEMES)


def _scan_xml(text: str, where: str) -> list[str]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        return [f"{where}: not well-formed XML ({error})"]
    faults: list[str] = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local == "script":
            faults.append(f"{where}: <script> in XML")
        faults.extend(
            f"{where}: <{local} {name}> event handler"
            for name in element.attrib
            if name.rsplit("}", 1)[-1].lower().startswith("on")
        )
        if element.get("type") in ("html", "xhtml") and element.text:
            faults.extend(scan_html(element.text, f"{where} <{local}>"))
    return faults


def _scan_json(text: str, where: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError as error:
        return [f"{where}: not valid JSON ({error})"]
    if not where.endswith("search_index.json"):
        return []
    faults: list[str] = []
    for doc in data.get("docs", []):  # Material's search shows titles and text as HTML
        for key in ("title", "text"):
            faults.extend(scan_html(str(doc.get(key, "")), f"{where} [{doc.get('location')}]"))
    return faults
