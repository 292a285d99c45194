"""Reading a data file's text, from disk or from git, with errors an editor can act on.

The loader, the link check and the diff command all read data files; this is the one place
that turns missing files, bad encodings and unknown git revisions into messages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from claimsite.errors import DataFileError, Problem

GIT_TIMEOUT = 60.0
_NOT_IN_REVISION = ("does not exist in", "exists on disk, but not in")


class GitReadError(Exception):
    """A file cannot be read at a git revision; the message says why."""


class NotInRevision(GitReadError):
    """The revision exists but the file did not exist in it yet."""


def read_text(path: Path | str, missing_hint: str = "check the path, or create the file") -> str:
    """The file's UTF-8 text, or :class:`DataFileError` saying what is wrong."""
    shown = str(path)
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError([Problem(shown, 1, 1, "file not found", hint=missing_hint)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(
            [Problem(shown, 1, 1, f"cannot read file: {error}", hint="save it as UTF-8 text")]
        ) from None


def read_at_revision(revision: str, path: Path) -> str:
    """The file's text at a git revision (``git show REV:./NAME``, run in the file's folder)."""
    if not revision or revision.startswith("-") or any(c.isspace() for c in revision):
        raise GitReadError(f"'{revision}' is not a git revision (e.g. origin/main or HEAD^1)")
    command = ["git", "-C", str(path.resolve().parent), "show", f"{revision}:./{path.name}"]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitReadError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitReadError(f"git show did not finish within {GIT_TIMEOUT:g} s") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        reason = said[0] if said else "git failed"
        if any(marker in done.stderr for marker in _NOT_IN_REVISION):
            raise NotInRevision(f"{path} did not exist at '{revision}': {reason}")
        raise GitReadError(f"cannot read {path} at {revision}: {reason}")
    return done.stdout
