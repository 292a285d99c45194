"""Mutations of the real data file, and what ``claimsite check`` must make of any of them.

Shared by the suite (``test_hostile_fuzz.py``, a bounded number of examples) and
``scripts/hostile_fuzz.py`` (thousands). The mutations are what an editor's slip or a hostile
pull request does to a file: lines deleted, duplicated, swapped or re-indented, a value
replaced, bytes injected.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from claimsite.cli import main

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "data" / "claims.yaml"

SCALARS: tuple[str, ...] = (
    "",
    "~",
    "null",
    "yes",
    "1e999",
    "-.inf",
    ".nan",
    "0x1F",
    "2025-02-30",
    "2099-01-01",
    "12:30:00",
    "[a, b",
    "{a: 1}",
    "[]",
    "{}",
    "- item",
    "&anchor value",
    "*alias",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    '"unclosed',
    "'unclosed",
    "'it''s'",
    '"tab\\there"',
    "a: b: c",
    "#not a comment",
    "|",
    ">-",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
)
"""Replacement values: YAML's special words and syntax, and markup."""

BYTES: tuple[bytes, ...] = (
    b"\x00",
    b"\x01",
    b"\x07",
    b"\x1b[31m",
    b"\x7f",
    b"\x85",
    b"\xe9",
    b"\xc3",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xed\xa0\x80",
    b"\t",
    b"\r",
    b"\r\n",
    b"\xe2\x80\xa8",
    b"&a ",
    b"*a ",
    b"!!str ",
    b"%YAML 1.1\n",
    b"---\n",
    b"...\n",
    b"? ",
    b"{",
    b"[",
    b'"',
    b"'",
    b":",
    b"- ",
    b"#",
)
"""Injected bytes: control characters, invalid and odd UTF-8, YAML indicators."""


@dataclass(frozen=True)
class Mutation:
    """One change to the file's lines; indexes are taken modulo the current length."""

    kind: str
    at: int
    other: int = 0
    data: bytes = b""

    def apply(self, lines: list[bytes]) -> list[bytes]:
        if not lines:
            return [self.data] if self.data else lines
        i, j = self.at % len(lines), self.other % len(lines)
        out = list(lines)
        if self.kind == "delete":
            del out[i]
        elif self.kind == "duplicate":
            out.insert(i, out[i])
        elif self.kind == "swap":
            out[i], out[j] = out[j], out[i]
        elif self.kind == "indent":
            out[i] = b" " * (self.other % 6 + 1) + out[i]
        elif self.kind == "dedent":
            out[i] = out[i][min(len(out[i]) - len(out[i].lstrip(b" ")), self.other % 6 + 1) :]
        elif self.kind == "scalar":
            head, colon, _ = out[i].partition(b": ")
            out[i] = (head + b": " if colon else out[i].rstrip(b"\n") + b" ") + self.data + b"\n"
        elif self.kind == "bytes":
            offset = self.other % (len(out[i]) + 1)
            out[i] = out[i][:offset] + self.data + out[i][offset:]
        return out


_INDEX = st.integers(min_value=0, max_value=10**6)


def mutations() -> st.SearchStrategy[list[Mutation]]:
    """One to four mutations of the kinds above."""
    one = st.one_of(
        st.builds(Mutation, st.sampled_from(["delete", "duplicate"]), _INDEX),
        st.builds(Mutation, st.just("swap"), _INDEX, _INDEX),
        st.builds(Mutation, st.sampled_from(["indent", "dedent"]), _INDEX, _INDEX),
        st.builds(
            Mutation,
            st.just("scalar"),
            _INDEX,
            st.just(0),
            st.one_of(
                st.sampled_from(SCALARS), st.text(max_size=12).filter(lambda t: "\n" not in t)
            ).map(lambda text: text.encode("utf-8", "surrogatepass")),
        ),
        st.builds(
            Mutation,
            st.just("bytes"),
            _INDEX,
            _INDEX,
            st.one_of(st.sampled_from(BYTES), st.binary(min_size=1, max_size=3)),
        ),
    )
    return st.lists(one, min_size=1, max_size=4)


@dataclass(frozen=True)
class CheckResult:
    exit_code: int
    stderr: str
    problems: int
    lines_in_file: int


_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<rest>.+)$")
_SUMMARY = re.compile(r"^\d+ problems? found\.$")
_NOT_FOR_EDITORS = (
    "Traceback",
    "Input should",
    "String should",
    "should match pattern",
    "Field required",
    "Extra inputs",
    "mapping values are not allowed",
    "validation error",
    "Value error",
    "position ",
    "pydantic",
    "errors.pydantic.dev",
    "unicode string",
)
"""Words of a crash or of the libraries underneath, which an editor must never see."""


def check_mutated(base: bytes, changes: list[Mutation]) -> CheckResult:
    """``claimsite check`` on the mutated file, in this process (a crash fails the caller)."""
    lines = base.splitlines(keepends=True)
    for change in changes:
        lines = change.apply(lines)
    data = b"".join(lines)
    with tempfile.TemporaryDirectory(prefix="claimsite-fuzz-") as tmp:
        path = Path(tmp) / "claims.yaml"
        path.write_bytes(data)
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = main(["check", "--quiet", str(path)])
        text = stderr.getvalue().replace(str(path), "claims.yaml")
    count = sum(1 for line in text.splitlines() if _PROBLEM.match(line))
    return CheckResult(code, text, count, data.count(b"\n") + 1)


def faults_of(result: CheckResult) -> list[str]:
    """What is wrong with how ``check`` handled a file: an exit code other than 0 or 1, a
    rejection line without a real ``line:col``, or words an editor must not see."""
    if result.exit_code not in (0, 1):
        return [f"exit code {result.exit_code}: {result.stderr[-500:]}"]
    faults = [f"shows {word!r}" for word in _NOT_FOR_EDITORS if word in result.stderr]
    if result.exit_code == 0:
        return faults + ([f"exit 0 with messages: {result.stderr[:300]}"] if result.stderr else [])
    lines = result.stderr.strip().splitlines()
    if not lines or not _SUMMARY.match(lines[-1]):
        faults.append(f"no summary line: {result.stderr[-300:]}")
    for line in lines[:-1]:
        match = _PROBLEM.match(line)
        if match is None:
            faults.append(f"not file:line:col: {line[:200]}")
        elif not 1 <= int(match["line"]) <= result.lines_in_file or int(match["column"]) < 1:
            faults.append(f"no real place ({result.lines_in_file} lines): {line[:200]}")
    return faults
