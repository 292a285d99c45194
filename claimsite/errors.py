"""Problems in a data file, reported the way compilers do: ``file:line:col: what (where) — fix``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data file, with where it is and how to fix it."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    hint: str = ""

    def format(self) -> str:
        where = f" ({self.path})" if self.path else ""
        fix = f" — {self.hint}" if self.hint else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}{fix}"


class DataFileError(Exception):
    """The data file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [problem.format() for problem in self.problems]
        lines.append(f"{count} {noun} found.")
        return "\n".join(lines)
