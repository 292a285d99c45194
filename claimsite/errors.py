"""Problems with the inputs, reported the way compilers do: ``file:line:col: what (where) — fix``.

Every error the engine raises for bad input is a :class:`ClaimsiteError` carrying a list of
:class:`Problem` records, so that the data file, the policy file, the site settings and the
directives of hand-written pages all report alike, every problem at once. The command line maps
these errors to exit codes in one place (``claimsite.cli.main``); the MkDocs hooks turn them
into a failed build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum

PathPart = str | int
Path = tuple[PathPart, ...]
"""Where a value sits in a YAML document: ``('claims', 3, 'status')``."""


def format_path(path: Path) -> str:
    """``('claims', 3, 'status')`` → ``claims[3].status``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with where it is and how to fix it.

    Rules that look at a parsed document only know the document path (``where``); the reader
    of the file then fills in ``file``, ``line`` and ``column`` with :meth:`located`.
    """

    where: Path
    """The document path of the offending value (empty when there is none, e.g. a syntax error)."""
    message: str
    hint: str = ""
    at_key: bool = False
    """Point at the key naming ``where`` rather than at its value (for unknown keys)."""
    file: str = ""
    line: int = 0
    """1-based; 0 while the problem is not located yet."""
    column: int = 0

    @property
    def path(self) -> str:
        """The document path as an editor reads it: ``claims[3].status``."""
        return format_path(self.where)

    @classmethod
    def at(cls, file: str, line: int, column: int, message: str, hint: str = "") -> Problem:
        """A problem whose position is known from the start (a YAML syntax error)."""
        return cls((), message, hint, file=file, line=line, column=column)

    def located(self, file: str, line: int, column: int) -> Problem:
        return replace(self, file=file, line=line, column=column)

    def format(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}: " if self.file else ""
        where = f" ({self.path})" if self.where else ""
        fix = f" — {self.hint}" if self.hint else ""
        return f"{place}{self.message}{where}{fix}"


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.message)


class ExitCode(IntEnum):
    """Exit codes of every command: one list. A :class:`ClaimsiteError` says its own."""

    OK = 0
    """Nothing fails: every link works (``links``), every source is archived (``archive``)."""
    PROBLEMS = 1
    """The data needs work: a link is dead or needs an archive; a source still lacks one."""
    USAGE = 2
    """Bad usage, unreadable or invalid data, a bad settings file, a tool that failed to run."""
    NOT_CHECKED = 3
    """Could not check: no network (no host answered), so nothing is judged either way."""


class ClaimsiteError(Exception):
    """An input cannot be used; carries every problem found, not just the first.

    A plain message (``ClaimsiteError("git is not installed")``) is one problem without a file.
    The command line prints the report and exits with :attr:`exit_code` (``claimsite.cli``).
    """

    exit_code = ExitCode.USAGE

    def __init__(self, problems: Sequence[Problem] | str, hint: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem((), problems, hint)]
        self.problems = sorted(problems, key=_order)
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on its own line; a count follows problems found in files."""
        lines = [problem.format() for problem in self.problems]
        if any(problem.file for problem in self.problems):
            count = len(self.problems)
            lines.append(f"{count} {'problem' if count == 1 else 'problems'} found.")
        return "\n".join(lines)


class DataFileError(ClaimsiteError):
    """An input file (the data file, the policy file, the site settings) cannot be used."""
