"""Hostile YAML: bounded parsing, and a real location for every reader and decoding error.

The data file arrives in pull requests, so each case here is something an attacker (or an
unlucky editor) could submit. The expensive cases run ``claimsite check`` in a child process
under a memory cap (``resource.setrlimit``) and a time-out: a hang or a blow-up fails the test
instead of taking the machine down.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from claimsite.datafile.loader import validate_text
from claimsite.datafile.text import read_text
from claimsite.datafile.yamlsource import MAX_DEPTH, SIZE_LIMIT_VARIABLE
from claimsite.errors import DataFileError, Problem
from tests.conftest import REPO, TODAY, line_of

MEMORY_CAP = 1 << 30
"""Address space for the child process: far above what checking the real data needs."""

TIME_OUT = 30.0
"""Seconds: a clean rejection takes well under one; the old code ran for minutes."""

FILE = "data/claims.yaml"

_ALIAS_BOMB = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]\n" for level in range(1, 10)
)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def check_capped(path: Path) -> subprocess.CompletedProcess[str]:
    """``python -m claimsite check PATH`` with memory capped; a time-out fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "claimsite", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=TIME_OUT,
        check=False,
        preexec_fn=_cap_memory,
        cwd=REPO,
    )


def problems(text: str) -> list[Problem]:
    with pytest.raises(DataFileError) as caught:
        validate_text(text, FILE, TODAY)
    return caught.value.problems


def test_the_memory_cap_leaves_room_for_a_real_check() -> None:
    """The cap is not what makes the hostile cases below fail."""
    result = check_capped(REPO / "data" / "claims.yaml")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "said"),
    [
        ("self-alias", "a: &a [*a]\nb: [\n", 1, 4, "YAML anchor '&a' is not allowed"),
        ("nine-level alias bomb", _ALIAS_BOMB + "oops: [\n", 1, 7, "YAML anchor '&l0'"),
        (
            "100,000-level flow nesting",
            "meta: " + "[" * 100_000 + "]" * 100_000 + "\n",
            1,
            6 + MAX_DEPTH,
            f"lists and mappings are nested more than {MAX_DEPTH} levels",
        ),
        (
            "100,000-level block nesting",
            "meta: \n" + "- " * 100_000 + "x\n",
            2,
            1 + 2 * MAX_DEPTH,
            f"lists and mappings are nested more than {MAX_DEPTH} levels",
        ),
    ],
)
def test_hostile_structure_is_refused_quickly_within_a_memory_cap(
    tmp_path: Path, name: str, text: str, line: int, column: int, said: str
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_capped(path)
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, name
    assert result.returncode == 1, result.stderr[-2000:]
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}:{column}: {said}"), first


def test_every_anchor_and_alias_is_reported_with_its_place(valid_text: str) -> None:
    text = valid_text.replace("  - id: weight", "  - &first id: weight", 1)
    text += "extra: *first\n"
    found = problems(text)
    assert [(p.line, p.message) for p in found] == [
        (line_of(text, "&first"), "YAML anchor '&first' is not allowed in a data file"),
        (line_of(text, "*first"), "YAML alias '*first' is not allowed in a data file"),
    ]
    assert all("write the value out in full" in p.hint for p in found)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!str", "!custom"])
def test_explicit_tags_are_refused(valid_text: str, tag: str) -> None:
    text = valid_text.replace("spec: Weight", f"spec: {tag} Weight")
    (problem,) = problems(text)
    assert (problem.line, problem.column) == (line_of(text, tag), 11)
    assert problem.message == f"YAML tag '{tag}' is not allowed in a data file"


def test_file_over_the_size_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_bytes(b"# padding\n" * 2_000)  # 20 kB
    monkeypatch.setenv(SIZE_LIMIT_VARIABLE, "0.01")  # 10 kB
    with pytest.raises(DataFileError) as caught:
        read_text(path)
    (problem,) = caught.value.problems
    assert problem.format().startswith(
        f"{path}:1:1: the file is 0.0 MB, over the 0.01 MB limit for a data file"
    )
    assert SIZE_LIMIT_VARIABLE in problem.hint
    monkeypatch.setenv(SIZE_LIMIT_VARIABLE, "1")
    assert read_text(path).startswith("# padding")


@pytest.mark.parametrize(
    ("raw", "line", "column", "said"),
    [
        (b"meta:\n  subject: ab\x01c\n", 2, 14, "character U+0001 is not allowed in YAML"),
        (b"meta:\n  subject: \xc3\xa9t\xc3\xa9\x07\n", 2, 15, "character U+0007"),
        (b"meta:\n  subject: x\n  publisher: caf\xe9\n", 3, 17, "byte 0xe9 is not UTF-8"),
        (b"# \xc3\xa9\n\n\n  x: \xff\xfe\n", 4, 6, "byte 0xff is not UTF-8"),
    ],
)
def test_reader_and_decoding_errors_point_at_the_character(
    tmp_path: Path, raw: bytes, line: int, column: int, said: str
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_bytes(raw)
    result = subprocess.run(
        [sys.executable, "-m", "claimsite", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=TIME_OUT,
        check=False,
    )
    assert result.returncode == 1
    first, summary = result.stderr.strip().splitlines()
    assert first.startswith(f"{path}:{line}:{column}: {said}"), first
    assert " — " in first and summary == "1 problem found."
    assert "position" not in first and "Traceback" not in result.stderr


def _quoted_lines(text: str) -> list[int]:
    """Lines of the real data file whose value is one double-quoted string."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if ': "' in line and line.rstrip().endswith('"') and line.count('"') == 2
    ]


def test_an_unclosed_quote_is_reported_where_it_opened() -> None:
    """Drop the closing quote of each quoted value of the real data; whenever YAML then fails
    (some lines lower), the error names the line that opened the quote."""
    real = (REPO / "data" / "claims.yaml").read_text(encoding="utf-8")
    lines = real.splitlines(keepends=True)
    syntax_errors = 0
    for number in _quoted_lines(real)[:20]:
        broken = lines.copy()
        broken[number - 1] = broken[number - 1].rstrip()[:-1] + "\n"
        found = problems("".join(broken))
        quote_problems = [p for p in found if "quoted text opened here" in p.message]
        if any("YAML syntax error" in p.message for p in found) or quote_problems:
            syntax_errors += 1
            assert [p.line for p in quote_problems] == [number], [p.format() for p in found]
    assert syntax_errors >= 5, "too few cases broke the syntax to prove anything"


def test_a_quote_left_open_at_the_end_of_the_file(valid_text: str) -> None:
    text = valid_text + 'extra: "never closed\n'
    (problem,) = problems(text)
    assert (problem.line, problem.column) == (line_of(text, "never closed"), 8)
    assert problem.message.startswith("the quoted text opened here is never closed")
