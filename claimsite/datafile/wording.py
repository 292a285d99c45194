"""How a problem is put to an editor: did-you-mean, the valid choices, a line to copy.

Pure functions over strings, shared by the YAML reader, the model-error translation and the
cross-file checks, so that every message names its fix the same way and none of them shows
parser or regex wording.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

LISTED_IN_FULL = 12
"""Up to this many valid choices are all listed; beyond it, only the nearest few."""

NEAREST = 5


def counted(count: int, noun: str, plural: str = "") -> str:
    """``1 claim``, ``2 claims``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely meant, or None when nothing is close.

    A choice equal but for case wins outright: ``Contradicted`` means ``contradicted``.
    """
    options = list(choices)
    same_but_case = [choice for choice in options if choice.casefold() == word.casefold()]
    close = same_but_case or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" phrase, or an empty string when nothing is close."""
    maybe = closest(word, choices)
    return f"did you mean '{maybe}'?" if maybe else ""


def choices_phrase(word: str, choices: Sequence[str], where: str) -> str:
    """The valid choices, all of them when few, else the nearest to ``word``."""
    if not choices:
        return f"there are no {where} yet"
    if len(choices) <= LISTED_IN_FULL:
        return f"use one of the {where}: {', '.join(choices)}"
    nearest = difflib.get_close_matches(word, list(choices), n=NEAREST, cutoff=0.0)
    return f"the nearest of the {len(choices)} {where}: {', '.join(nearest)}"


def sentences(*parts: str) -> str:
    """Hint phrases joined as sentences: the first as written, later ones capitalised."""
    kept = [part for part in parts if part]
    return " ".join([*kept[:1], *(part[0].upper() + part[1:] for part in kept[1:])])


def unknown_id(kind: str, value: str, known: Sequence[str], section: str) -> tuple[str, str]:
    """Message and fix for a reference to an id that no entry under ``section:`` has."""
    return f"unknown {kind} '{value}'", sentences(
        suggest(value, known),
        "ids are lower-case." if value != value.lower() else "",
        choices_phrase(value, known, f"ids under '{section}:'"),
        f"(or add an entry under '{section}:')" if not known else "",
    )


def unknown_word(value: str, field: str, allowed: Sequence[str]) -> tuple[str, str]:
    """Message and fix for a word outside a fixed list (a source kind, a confidence)."""
    return f"{shown(value)} is not an allowed value for '{field}'", sentences(
        suggest(value, allowed), choices_phrase(value, allowed, "allowed values")
    )


def as_slug(text: str) -> str:
    """``Not An Id`` → ``not-an-id``: what an id written by hand most likely meant."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "total-parameters"


def shown(value: object, limit: int = 60) -> str:
    """A value from the file as a short quoted snippet for a message."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def quoted_line(key: str, value: str) -> str:
    """``key: "value"`` with the value quoted the YAML way (for a copyable example)."""
    if '"' in value and "'" not in value:
        return f"{key}: '{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}: "{escaped}"'


_FIELD = r"[a-z_][a-z0-9_]*"
"""How the data file's keys are written; a capitalised word before a colon is prose."""
_KEY_LINE = re.compile(rf"^(?P<indent>\s*(?:-\s+)?)(?P<key>{_FIELD}):(?:\s+(?P<value>.*))?$")
_BARE_KEY = re.compile(rf"^\s*(?:-\s+)?(?P<key>{_FIELD})$")
_MAPPING_VALUE_NOT_ALLOWED = "mapping values are not allowed"
_CANNOT_START = "cannot start any token"
_NO_COLON = "could not find expected ':'"
_RESERVED_FIRST = "@`"
"""Characters YAML reserves: a plain value cannot start with them."""


_SYNTAX_SLIPS: dict[str, tuple[str, str]] = {
    "did not find expected key": (
        "this line is not lined up with the 'key: value' lines around it",
        "indent it exactly like its neighbours, with spaces; put quotes around a value that "
        "starts with a quote mark, '[' or '{' and goes on after the closing one",
    ),
    "did not find expected '-' indicator": (
        "a list item here does not start with '- '",
        "start the line with '- ', or indent it under the item it belongs to",
    ),
    "did not find expected <document start>": (
        "text at the left margin that is not one of the file's sections",
        "indent it under the entry it belongs to, or remove it",
    ),
}
"""libyaml's words for other syntax errors (a part of them) → what an editor reads instead."""


def yaml_slip(text: str, line: int, column: int, problem: str) -> tuple[str, str] | None:
    """Editor wording for a YAML syntax error at ``line``:``column`` (1-based), or None.

    The two slips editors make most both read "mapping values are not allowed here" in
    libyaml's words, at a ``:``:

    - a key indented deeper than the line above, which YAML reads as more of that line's text;
    - an unquoted ``: `` inside a sentence, which YAML reads as a new key.
    """
    if "tab character" in problem or "'\\t'" in problem:
        return "a tab is used for indentation", "indent with spaces only, never tabs"
    for words, wording in _SYNTAX_SLIPS.items():
        if words in problem:
            return wording
    rows = text.splitlines()
    if not 1 <= line <= len(rows):
        return None
    if _NO_COLON in problem:
        return _text_without_key(rows, line)
    if _CANNOT_START in problem:
        return _reserved_first_character(rows[line - 1], column)
    if _MAPPING_VALUE_NOT_ALLOWED not in problem:
        return None
    row = rows[line - 1]
    bare = _BARE_KEY.match(row[: column - 1])
    if bare:
        return _indented_too_deep(rows, line, bare.group("key"))
    return _unquoted_colon(rows, line)


def _key_lines_above(rows: list[str], line: int) -> list[tuple[int, re.Match[str]]]:
    """The ``key:`` lines above ``line`` (1-based numbers), nearest first."""
    return [
        (above, match)
        for above in range(line - 1, 0, -1)
        if (match := _KEY_LINE.match(rows[above - 1]))
    ]


def _indented_too_deep(rows: list[str], line: int, key: str) -> tuple[str, str] | None:
    """``key`` sits deeper than the ``key:`` line above; when the line before that one lines
    up with ``key``, the line above is the odd one out (indented too little)."""
    found = _key_lines_above(rows, line)
    if not found:
        return None
    above, match = found[0]
    above_key, above_column = match.group("key"), len(match.group("indent")) + 1
    key_column = len(rows[line - 1]) - len(rows[line - 1].lstrip(" -")) + 1
    earlier = found[1][1] if len(found) > 1 else None
    if earlier is not None and len(earlier.group("indent")) + 1 == key_column:
        return (
            f"'{above_key}' on line {above} is indented less than the lines around it "
            f"(column {above_column}; they start at {key_column}), so YAML reads '{key}' "
            "as part of its value",
            f"indent '{above_key}' to column {key_column}, like the lines around it (if it "
            "starts a new list entry, write '- ' before it)",
        )
    return (
        f"'{key}' is indented deeper than '{above_key}' on line {above}, "
        "so YAML reads it as part of that value",
        f"line '{key}' up with '{above_key}' (column {above_column}), "
        "as the other fields of this entry are",
    )


def _text_without_key(rows: list[str], line: int) -> tuple[str, str]:
    """libyaml notices a missing ``key:`` a line late, at the next key: name the line."""
    bare = next(
        (
            number
            for number in range(line, 0, -1)
            if rows[number - 1].strip()
            and ":" not in rows[number - 1]
            and not rows[number - 1].lstrip().startswith("#")
        ),
        line,
    )
    return (
        f"line {bare} has text but no 'key:'",
        "write it as 'key: value', or indent it under the key whose text it continues",
    )


def _reserved_first_character(row: str, column: int) -> tuple[str, str] | None:
    first = row[column - 1 : column]
    match = _KEY_LINE.match(row)
    if not first or first not in _RESERVED_FIRST or match is None or not match.group("value"):
        return None
    example = quoted_line(match.group("key"), match.group("value"))
    return (
        f"a value cannot start with '{first}' unless it is in quotes",
        f"put the whole value in quotes, e.g. {example}",
    )


def _unquoted_colon(rows: list[str], line: int) -> tuple[str, str]:
    """The fix shows the whole text quoted: from its key's line down to the colon's line."""
    message = "this text contains ': ', which YAML reads as the start of a new key"
    example = quoted_line("conclusion", "the whole text: colons and all")
    found = _key_lines_above(rows, line + 1)
    if found:
        above, match = found[0]
        words = [match.group("value") or "", *(row.strip() for row in rows[above:line])]
        example = quoted_line(match.group("key"), " ".join(word for word in words if word))
    return message, f"put the whole text in quotes, e.g. {example}"
