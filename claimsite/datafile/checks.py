"""Rules that look across the whole data file: ids, references, evidence, URLs, dates.

Each rule yields :class:`Problem` objects (a document path, what is wrong, how to fix it);
the loader turns paths into line and column. Every rule runs, so an editor sees all problems
in one go.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from claimsite.datafile.wording import unknown_id
from claimsite.errors import Path, Problem

if TYPE_CHECKING:  # the link checker uses the URL rules without loading the models
    from pydantic import BaseModel

    from claimsite.datafile.models import Dataset

AddressKind = Literal["page", "archive", "base"]

ADDRESS_FIELDS: dict[str, AddressKind] = {
    "url": "page",
    "archive_url": "archive",
    "publisher_url": "page",
    "corrections_url": "page",
    "repo_edit_url": "base",
}
"""Every field whose whole value is one web address, by name, wherever it sits in the file.

Each is validated as an absolute http(s) address (an ``archive`` one must also be a web
archive's), and the link check checks each but ``base`` addresses, which pages append a path
to. A new address field is added here and nowhere else.
"""

ARCHIVE_HOSTS = frozenset(
    {
        "web.archive.org",
        "archive.org",
        "archive.today",
        "archive.ph",
        "archive.is",
        "archive.li",
        "archive.md",
        "archive.vn",
        "archive.fo",
        "ghostarchive.org",
        "perma.cc",
        "webcitation.org",
        "www.webcitation.org",
        "arquivo.pt",
        "www.webarchive.org.uk",
        "webarchive.nla.gov.au",
        "wayback.archive-it.org",
    }
)
"""Hosts of public web archives; an ``archive_url`` elsewhere is almost always a mistake."""

_WAYBACK_PATH = re.compile(r"^/web/\d{4,14}[a-z_]*/\S+")
_BACKTICKS = re.compile(r"`+")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")


def find_raw_html(text: str) -> str:
    """The first raw HTML tag outside code, or an empty string when there is none."""
    if "<" not in text:
        return ""
    match = _HTML_TAG.search(_without_code(text))
    return match.group(0) if match else ""


def check_dataset(
    data: Dataset, today: dt.date, also_known: dict[str, set[str]] | None = None
) -> list[Problem]:
    """Run every cross-file rule and return all findings.

    ``also_known`` adds ids (by section) that references may use: ids of entries that failed
    the schema and are therefore not in ``data``.
    """
    findings: list[Problem] = []
    findings.extend(_unique_ids(data))
    findings.extend(_references(data, also_known or {}))
    findings.extend(_evidence_for_verdicts(data))
    findings.extend(_evidence_rules(data))
    findings.extend(_histories(data))
    findings.extend(_urls(data))
    findings.extend(_dates(data, today))
    findings.extend(_text_fields(data))
    return findings


def _unique_ids(data: Dataset) -> Iterator[Problem]:
    sections: list[tuple[str, list[str]]] = [
        ("statuses", [item.id for item in data.statuses]),
        ("categories", [item.id for item in data.categories]),
        ("sources", [item.id for item in data.sources]),
        ("claims", [item.id for item in data.claims]),
    ]
    for section, ids in sections:
        first_index: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            earlier = first_index.setdefault(item_id, index)
            if earlier != index:
                yield Problem(
                    (section, index, "id"),
                    f"duplicate id '{item_id}' (also {section}[{earlier}])",
                    "ids must be unique within their section: rename one of the two",
                )


def _references(data: Dataset, also_known: dict[str, set[str]]) -> Iterator[Problem]:
    """Every id the models mark as naming another entry (``RefersTo``) must name one."""
    from claimsite.datafile.models import references  # loaded already: ``data`` is a model

    known: dict[str, list[str]] = {}
    known_sets: dict[str, set[str]] = {}
    for path, target, value in references(data):
        ids = known.get(target.section)
        if ids is None:
            entries = getattr(data, target.section)
            ids = known[target.section] = [entry.id for entry in entries]
            ids += sorted(also_known.get(target.section, set()) - set(ids))
            known_sets[target.section] = set(ids)
        if path[0] == "claims" and path[2] == "related" and value == data.claims[int(path[1])].id:
            yield Problem(path, "a claim cannot be related to itself", "remove this entry")
        elif value not in known_sets[target.section]:
            yield Problem(path, *unknown_id(target.kind, value, ids, target.section))


def _evidence_for_verdicts(data: Dataset) -> Iterator[Problem]:
    needs_evidence = {status.id for status in data.statuses if status.verdict}
    for index, claim in enumerate(data.claims):
        if claim.status in needs_evidence and not claim.evidence:
            yield Problem(
                ("claims", index, "status"),
                f"status '{claim.status}' is a verdict but the claim lists no evidence",
                "add an 'evidence:' list with at least one source behind the verdict, "
                "or use a no-verdict status such as 'unverified'",
            )


def _evidence_rules(data: Dataset) -> Iterator[Problem]:
    """Each status's ``requires:`` against each claim with that status; exceptions must say
    why and must still be needed, so none is silent or stale."""
    from claimsite.datafile import evidence_rules  # loaded already: ``data`` is a model

    statuses = {status.id: status for status in data.statuses}
    sources = {source.id: source for source in data.sources}
    for index, listed in enumerate(data.sources):
        if listed.copy_of == listed.id:
            yield Problem(
                ("sources", index, "copy_of"),
                "a source cannot be a copy of itself",
                "name the original source's id, or remove copy_of",
            )
    for index, scale_step in enumerate(data.statuses):
        if scale_step.requires is not None and not scale_step.verdict:
            yield Problem(
                ("statuses", index, "requires"),
                f"status '{scale_step.id}' is not a verdict (verdict: false) but has evidence "
                "rules",
                "remove 'requires:', or make it a verdict status",
            )
    for index, claim in enumerate(data.claims):
        status = statuses.get(claim.status)
        rules = status.requires if status is not None and status.verdict else None
        missing: list[str] = []
        if rules is not None:
            # with no evidence at all, the plain "lists no evidence" finding already says so
            missing = (
                evidence_rules.shortfalls(rules, claim, sources)
                if claim.evidence
                else evidence_rules.actual_shortfall(rules, claim)
            )
        if missing and claim.exception is None:
            yield Problem(
                ("claims", index, "status"),
                f"the evidence falls short of status '{claim.status}': needs " + "; ".join(missing),
                "add the missing evidence (the rules are in 'requires:' under 'statuses:'), "
                "choose a status the evidence supports, or say why the verdict stands anyway "
                "in 'exception:'",
            )
        elif claim.exception is not None and not missing and claim.evidence:
            yield Problem(
                ("claims", index, "exception"),
                f"the evidence meets the rules of status '{claim.status}': the exception is "
                "not needed",
                "remove 'exception:'",
            )


def _histories(data: Dataset) -> Iterator[Problem]:
    for index, claim in enumerate(data.claims):
        history = claim.history
        for h_index in range(1, len(history)):
            if history[h_index].date < history[h_index - 1].date:
                yield Problem(
                    ("claims", index, "history", h_index, "date"),
                    "history entries are out of date order",
                    "list history from oldest to newest",
                )
        if history and history[-1].status != claim.status:
            yield Problem(
                ("claims", index, "history", len(history) - 1, "status"),
                f"the latest history entry says '{history[-1].status}' but the claim's status "
                f"is '{claim.status}'",
                "add a history entry for the current status, with the date and the reason",
            )


def url_problem(url: str) -> str:
    """Why ``url`` is not an absolute http(s) address, or an empty string when it is fine."""
    if any(char.isspace() for char in url):
        return "contains white space"
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"cannot be parsed ({error})"
    if parts.scheme not in ("http", "https"):
        shown = f"'{parts.scheme}:'" if parts.scheme else "no scheme (a relative address)"
        return f"has {shown}; only absolute http:// or https:// addresses are allowed"
    if not parts.hostname:
        return "has no host name"
    if parts.username is not None or parts.password is not None:
        return "carries a user name or password"
    return ""


def archive_problem(url: str) -> str:
    """Why ``url`` is not the address of a page in a public web archive."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in ARCHIVE_HOSTS:
        return f"host '{host}' is not a known web archive"
    if host == "web.archive.org" and not _WAYBACK_PATH.match(parts.path):
        return "a Wayback Machine address must look like /web/<timestamp>/<original url>"
    return ""


def _url_fix(url: str) -> str:
    """Write the address in full; for a bare ``host/path``, show it with its scheme."""
    fix = "write the full address, starting with https://"
    bare = "://" not in url and "." in url.split("/", 1)[0] and not url.startswith("/")
    return f"{fix}, e.g. https://{url}" if bare and not any(c.isspace() for c in url) else fix


def _addresses(model: BaseModel, path: Path) -> Iterator[tuple[Path, AddressKind, str]]:
    """Every address in ``model`` with its path and kind; only fields that lead to one are read."""
    for name, is_address in _address_fields(type(model)):
        value = getattr(model, name)
        if is_address:
            if isinstance(value, str):
                yield (*path, name), ADDRESS_FIELDS[name], value
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                yield from _addresses(item, (*path, name, index))
        elif value is not None:
            yield from _addresses(value, (*path, name))


@functools.cache
def _address_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of ``model`` that are addresses (True) or hold models with some (False)."""
    from claimsite.datafile.models import model_in  # loaded already: ``model`` is one

    fields = []
    for name, field in model.model_fields.items():
        inner = model_in(field.annotation)
        if name in ADDRESS_FIELDS:
            fields.append((name, True))
        elif inner is not None and _address_fields(inner):
            fields.append((name, False))
    return tuple(fields)


def _urls(data: Dataset) -> Iterator[Problem]:
    for path, kind, value in _addresses(data, ()):
        if kind == "archive":
            if problem := url_problem(value) or archive_problem(value):
                yield Problem(
                    path,
                    f"archive URL {problem}",
                    "use the address of the archived copy, e.g. "
                    "https://web.archive.org/web/20250427000000/<original url>",
                )
        elif problem := url_problem(value):
            yield Problem(path, f"URL {problem}", _url_fix(value))
    for index, source in enumerate(data.sources):
        base: Path = ("sources", index)
        if source.archive_url is None and source.url_status != "live":
            yield Problem(
                (*base, "url_status"),
                f"url_status '{source.url_status}' needs an archive_url to show instead",
                "add archive_url (and archive_date), or set url_status: live",
            )
        if source.archive_date is not None and source.archive_url is None:
            yield Problem(
                (*base, "archive_date"),
                "archive_date is set but archive_url is not",
                "add the archive_url the date belongs to, or remove archive_date",
            )


def _dates(data: Dataset, today: dt.date) -> Iterator[Problem]:
    fix = "dates cannot be in the future: check the year and month"

    def future(path: Path, value: dt.date | None) -> Iterator[Problem]:
        if value is not None and value > today:
            yield Problem(path, f"date {value.isoformat()} is in the future", fix)

    for index, source in enumerate(data.sources):
        for field in ("published", "accessed", "archive_date"):
            yield from future(("sources", index, field), getattr(source, field))
        if source.published and source.published > source.accessed:
            yield Problem(
                ("sources", index, "accessed"),
                "accessed date is before the published date",
                "the accessed date is when you read the source: it comes after publication",
            )
    for index, claim in enumerate(data.claims):
        base: Path = ("claims", index)
        if claim.actual is not None:
            yield from future((*base, "actual", "as_of"), claim.actual.as_of)
        for c_index, comparison in enumerate(claim.comparisons):
            yield from future((*base, "comparisons", c_index, "as_of"), comparison.as_of)
        if claim.first_claimed is not None:
            yield from future((*base, "first_claimed", "date"), claim.first_claimed.date)
        for h_index, entry in enumerate(claim.history):
            yield from future((*base, "history", h_index, "date"), entry.date)
            yield from future((*base, "history", h_index, "recorded"), entry.recorded)
            if entry.recorded is not None and entry.recorded < entry.date:
                yield Problem(
                    (*base, "history", h_index, "recorded"),
                    "recorded date is before the date of the evidence",
                    "'date' is when the evidence appeared, 'recorded' when the entry was "
                    "written here: recorded comes on or after date",
                )
        yield from future((*base, "reviewed"), claim.reviewed)
        latest = max((entry.entered for entry in claim.history), default=None)
        if claim.reviewed is not None and latest is not None and claim.reviewed < latest:
            yield Problem(
                (*base, "reviewed"),
                f"reviewed date is before the latest history entry ({latest.isoformat()})",
                "a verdict is reviewed when its latest history entry is recorded, if not "
                "later: set reviewed to that day or later",
            )
    for index, event in enumerate(data.events):
        yield from future(("events", index, "date"), event.date)


def _text_fields(data: Dataset) -> Iterator[Problem]:
    """Each text field is plain text or Markdown, as its type in the models declares."""
    from claimsite.datafile.models import PLAIN_TEXT, texts  # loaded already, as above

    for path, declared, value in texts(data):
        found = plain_text_problem(value) if declared == PLAIN_TEXT else markdown_problem(value)
        if found is not None:
            yield Problem(path, *found)


_LINK_SYNTAX = re.compile(r"\][ \t]*[(\[]|^[ \t]*\[[^\]\n]*\]:", re.MULTILINE)
_BRACES = re.compile(r"\{[^{}\n]*\}")
_MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^\s)>]*)|^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]*)", re.MULTILINE
)


def plain_text_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` cannot be shown as plain text (message, fix), or None when it can.

    Plain text lands in HTML, in Markdown that MkDocs renders again, in navigation titles and
    in attributes; markup, Markdown links and attribute lists (``{…}``) are refused here so
    that none of those places has to guess.
    """
    shown = "this field is shown as plain text"
    if "<" in text or ">" in text:
        return (
            f"'<' or '>' is not allowed in plain text ({_excerpt(text, '<>')})",
            f"{shown}, not HTML: remove the markup; for comparisons write 'under' and 'over' "
            "(or ≤ and ≥)",
        )
    link = _LINK_SYNTAX.search(text)
    if link:
        start = text.rfind("[", 0, link.start() + 1)
        return (
            f"a Markdown link is not allowed in plain text ({text[max(start, 0) :][:40]})",
            f"{shown}: keep the words and drop the [ ](…) around them; cite the address as a "
            "source instead",
        )
    braces = _BRACES.search(text)
    if braces:
        return (
            f"'{{…}}' is not allowed in plain text ({braces.group(0)[:40]})",
            f"{shown}: braces are read as page attributes or template code; use ( ) instead",
        )
    return None


def markdown_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` cannot be rendered as an editor's Markdown, or None when it can."""
    tag = find_raw_html(text)
    if tag:
        return (
            f"raw HTML ({tag}) is not allowed in Markdown fields{_text_line(text, tag)}",
            "use Markdown instead (for example **bold**, [text](https://…)); write &lt; "
            "for a literal '<'",
        )
    for match in _MARKDOWN_TARGET.finditer(_without_code(text)):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        if url_problem(html.unescape(target)):
            return (
                f"link target '{target[:60]}' is not allowed in Markdown fields"
                f"{_text_line(text, target)}",
                "links must be absolute http:// or https:// addresses, e.g. "
                "[the paper](https://example.org/paper)",
            )
    return None


def _text_line(text: str, found: str) -> str:
    """Which line of a multi-line text ``found`` is on, for the message: the position points
    at the start of the value, and a long explanation needs the line within it."""
    if "\n" not in text.strip():
        return ""
    line = text.count("\n", 0, max(0, text.find(found))) + 1
    return f" on line {line} of the text"


def _without_code(text: str) -> str:
    """Markdown with fenced code and code spans removed: what is in them is shown, not run.

    A code span runs from a run of backticks to the next run of the same length. The runs
    are paired in one pass (a regular expression with a back-reference takes quadratic time
    on a long run of backticks, and the text is untrusted).
    """
    text = _FENCE.sub("", text)
    runs = [(found.start(), found.end()) for found in _BACKTICKS.finditer(text)]
    same_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        same_length.setdefault(end - start, []).append(index)
    cursor = dict.fromkeys(same_length, 0)
    pieces: list[str] = []
    kept_from = index = 0
    while index < len(runs):
        start, end = runs[index]
        candidates = same_length[end - start]
        position = cursor[end - start]
        while position < len(candidates) and candidates[position] <= index:
            position += 1
        cursor[end - start] = position
        if position == len(candidates):
            index += 1  # never closed: literal backticks
            continue
        closing = candidates[position]
        pieces.append(text[kept_from:start])
        kept_from = runs[closing][1]
        index = closing + 1
    pieces.append(text[kept_from:])
    return "".join(pieces)


def _excerpt(text: str, around: str) -> str:
    """A few characters of ``text`` around the first of the characters in ``around``."""
    first = min((text.find(char) for char in around if char in text), default=0)
    return text[first : first + 40].strip()
