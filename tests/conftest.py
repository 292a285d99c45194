"""Shared fixtures: a small valid data file that tests copy and break on purpose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import Tag

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def valid_text() -> str:
    return (FIXTURES / "valid.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found in the fixture")


def text(node: Tag | None) -> str:
    """The text of a parsed element that must exist."""
    assert node is not None, "expected element is missing"
    return node.get_text()
