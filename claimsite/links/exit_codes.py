"""Exit codes of the commands that reach out to the web (``links``, ``archive``): one list."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Nothing fails: every link works (``links``), every source is archived (``archive``)."""
    PROBLEMS = 1
    """The data needs work: a link is dead or needs an archive; a source still lacks one."""
    USAGE = 2
    """Bad usage, unreadable or invalid data, a bad settings file, a tool that failed to run."""
    NOT_CHECKED = 3
    """Could not check: no network (no host answered), so nothing is judged either way."""
