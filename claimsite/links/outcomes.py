"""Every outcome a checked URL can come to, and how a run treats each: declared once, here.

The members of :class:`Outcome` are listed in report order (what needs an editor first), and
each carries its :class:`Treatment`: whether it fails the run, its GitHub annotation level,
whether the terminal table hides it, whether the page counts as working. The classifier, the
checker and every report read these; adding an outcome is one line below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Literal


class Fails(Enum):
    """When an outcome fails the run (exit code 1)."""

    ALWAYS = "always"
    STRICT = "under --strict"
    STRICT_WITH_ACTION = "under --strict, when editors have something to change"
    NEVER = "never"


@dataclass(frozen=True)
class Treatment:
    fails: Fails
    level: Literal["warning", "notice"] = "warning"
    """GitHub annotation level when the outcome does not fail the run (failing ones: error)."""
    quiet: bool = False
    """Hidden from the terminal table and the summary's problem list unless asked for."""
    working: bool = False
    """The page answers: an archived copy in this state counts, a dead live URL can recover."""


class Outcome(StrEnum):
    """What a URL came to, in report order; each member is ``label, Treatment(...)``."""

    treatment: Treatment

    def __new__(cls, label: str, treatment: Treatment) -> Outcome:
        member = str.__new__(cls, label)
        member._value_ = label
        member.treatment = treatment
        return member

    DEAD = "dead", Treatment(Fails.ALWAYS)
    NEEDS_ARCHIVE = "needs archive", Treatment(Fails.ALWAYS)
    """A source on a host that blocks checkers has no archive_url to check instead."""
    DEAD_ARCHIVED = "dead, archived", Treatment(Fails.STRICT_WITH_ACTION)
    """The live URL is dead but the archived copy works (Wikipedia's url-status model)."""
    UNREACHABLE = "unreachable", Treatment(Fails.STRICT)
    """A connection failure not proven to be the site's fault (the network may be down)."""
    SERVER_ERROR = "server error", Treatment(Fails.STRICT)
    TIMEOUT = "timeout", Treatment(Fails.STRICT)
    RATE_LIMITED = "rate-limited", Treatment(Fails.STRICT)
    BLOCKED = "blocked", Treatment(Fails.STRICT)
    REDIRECT_LOOP = "redirect loop", Treatment(Fails.STRICT)
    CLIENT_ERROR = "client error", Treatment(Fails.STRICT)
    ERROR = "error", Treatment(Fails.STRICT)
    REDIRECTED = "redirected", Treatment(Fails.STRICT, level="notice", working=True)
    """Works, but through redirects: the final URL is a hint to update the data."""
    SKIPPED = "skipped", Treatment(Fails.NEVER, quiet=True)
    OK = "ok", Treatment(Fails.NEVER, quiet=True, working=True)

    @property
    def rank(self) -> int:
        """Position in report order."""
        return _RANK[self]

    @property
    def working(self) -> bool:
        return self.treatment.working

    @property
    def quiet(self) -> bool:
        return self.treatment.quiet

    def fails(self, strict: bool, has_action: bool) -> bool:
        """Does a URL with this outcome fail the run?"""
        rule = self.treatment.fails
        if rule is Fails.ALWAYS:
            return True
        if not strict:
            return False
        return rule is Fails.STRICT or (rule is Fails.STRICT_WITH_ACTION and has_action)

    def annotation_level(self, fails: bool) -> str:
        """``error``, ``warning`` or ``notice`` for GitHub workflow commands."""
        return "error" if fails else self.treatment.level


_RANK = {outcome: index for index, outcome in enumerate(Outcome)}
