"""Reading a data file's text, from disk or from git, with errors an editor can act on.

The loader, the link check and the diff command all read data files; this is the one place
that turns missing files, bad encodings and unknown git revisions into messages.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from claimsite.datafile.yamlsource import check_size, line_and_column, size_limit
from claimsite.errors import ClaimsiteError, DataFileError, Problem

GIT_TIMEOUT = 60.0
_NOT_IN_REVISION = ("does not exist in", "exists on disk, but not in")


class GitReadError(ClaimsiteError):
    """A file cannot be read at a git revision; the message says why."""


class NotInRevision(GitReadError):
    """The revision exists but the file did not exist in it yet."""


def read_text(path: Path | str, missing_hint: str = "check the path, or create the file") -> str:
    """The file's UTF-8 text, or :class:`DataFileError` saying what is wrong.

    The size cap is checked before reading, so a huge file is never loaded into memory.
    """
    shown = str(path)
    try:
        with Path(path).open("rb") as stream:
            check_size(os.fstat(stream.fileno()).st_size, shown)
            data = stream.read(size_limit() + 1)
    except FileNotFoundError:
        raise DataFileError(
            [Problem.at(shown, 1, 1, "file not found", hint=missing_hint)]
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataFileError(
            [
                Problem.at(
                    shown, 1, 1, f"cannot read the file: {reason}", hint="check its permissions"
                )
            ]
        ) from None
    check_size(len(data), shown)  # a file that grew while it was read, or a pipe
    return decode(data, shown)


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text of ``data``; a byte that is not UTF-8 is reported at its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_and_column(data, error.start)
        raise DataFileError(
            [
                Problem.at(
                    shown,
                    line,
                    column,
                    f"byte 0x{data[error.start]:02x} is not UTF-8 text (the file was saved "
                    "in another encoding, or the character is damaged)",
                    hint="save the file as UTF-8 in your editor, or retype the character at "
                    "this column",
                )
            ]
        ) from None


def _check_revision(revision: str) -> None:
    if not revision or revision.startswith("-") or any(c.isspace() for c in revision):
        raise GitReadError(f"'{revision}' is not a git revision (e.g. origin/main or HEAD^1)")


def _git(path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git in the file's folder; a missing git or a hang becomes :class:`GitReadError`.

    Output stays bytes: a file's text is decoded (and size-checked) by the caller."""
    command = ["git", "-C", str(path.resolve().parent), *args]
    try:
        return subprocess.run(command, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitReadError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitReadError(f"git {args[0]} did not finish within {GIT_TIMEOUT:g} s") from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stderr.decode("utf-8", "replace")


def _first_line(said: str, default: str) -> str:
    lines = said.strip().splitlines()
    return lines[0] if lines else default


def read_at_revision(revision: str, path: Path) -> str:
    """The file's text at a git revision (``git show REV:./NAME``, run in the file's folder)."""
    _check_revision(revision)
    done = _git(path, "show", f"{revision}:./{path.name}")
    if done.returncode != 0:
        stderr = _said(done)
        reason = _first_line(stderr, "git failed")
        if any(marker in stderr for marker in _NOT_IN_REVISION):
            raise NotInRevision(f"{path} did not exist at '{revision}': {reason}")
        raise GitReadError(f"cannot read {path} at {revision}: {reason}")
    shown = f"{path} at {revision}"
    try:
        check_size(len(done.stdout), shown)
        return decode(done.stdout, shown)
    except DataFileError as error:
        raise GitReadError(error.problems[0].format()) from None


def merge_base(revision: str, path: Path) -> str:
    """The commit where the checked-out branch left ``revision`` (``git merge-base``).

    A pull request's change is measured from there, as GitHub's own diff does: comparing
    with the tip of ``revision`` would show its newer commits, reversed, as if the branch had
    made them.
    """
    _check_revision(revision)
    done = _git(path, "merge-base", revision, "HEAD")
    if done.returncode != 0:
        reason = _first_line(_said(done), "the two histories share no commit")
        raise GitReadError(
            f"cannot find where HEAD left {revision}: {reason} (a shallow clone needs more "
            "history: git fetch --unshallow)"
        )
    return done.stdout.decode("ascii", "replace").strip()
