"""The live preview with a real ``mkdocs serve`` on 127.0.0.1: a broken edit shows its problems
in the browser instead of leaving requests waiting; fixing it brings the site back.

The server runs on a free port, every request and wait is bounded, and the test stops it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimsite.errors import Problem
from claimsite.render.problem_page import MARKER, problem_page
from tests.conftest import text
from tests.preview_server import WAIT_SECONDS, Preview, serving
from tests.test_build import make_project

BROKEN_STATUS = "status: <b>Contradicted</b>\n    conclusion"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    with serving(make_project(tmp_path / "site"), tmp_path / "serve.log", "/widget/") as started:
        yield started


def shows_problems(page: BeautifulSoup) -> bool:
    return page.find(id=MARKER) is not None


def problems_listed(page: BeautifulSoup) -> list[str]:
    listed = page.find(id=MARKER)
    assert listed is not None
    return [" ".join(item.get_text(" ").split()) for item in listed.find_all("li")]


def test_a_broken_edit_shows_its_problems_and_a_fix_brings_the_site_back(
    preview: Preview,
) -> None:
    assert not shows_problems(preview.get()[1])

    preview.edit("data/claims.yaml", "status: contradicted\n    conclusion", BROKEN_STATUS)
    page = preview.until(shows_problems)
    (problem,) = problems_listed(page)
    assert problem.startswith("data/claims.yaml:")
    assert "unknown status '<b>Contradicted</b>'" in problem, "editor text shown as text"
    assert "Fix: " in problem and "contradicted" in problem
    assert page.find("b") is None, "editor text never becomes markup"
    for path in ("", "methodology/", "claims/weight/", "no-such-page/"):
        assert shows_problems(preview.get(path)[1]), path

    preview.edit("data/claims.yaml", BROKEN_STATUS, "status: contradicted\n    conclusion")
    fixed = preview.until(lambda page: not shows_problems(page), "claims/weight/")
    assert "Weight" in text(fixed.find("h1"))


def test_directive_problems_show_too_and_every_rebuild_prints_them(preview: Preview) -> None:
    preview.edit("docs/index.md", "[[badge weight]]", "[[badge wieght]] and [[no-such-thing]]")
    page = preview.until(shows_problems, "methodology/")
    listed = problems_listed(page)
    assert len(listed) == 2
    assert all(item.startswith("docs/index.md:") for item in listed)
    assert any("wieght" in item and "weight" in item for item in listed)

    first = preview.output().count("unknown directive")
    assert first >= 1
    index = preview.root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8"), encoding="utf-8")  # the same error again
    deadline = time.monotonic() + WAIT_SECONDS
    while preview.output().count("unknown directive") <= first:
        if time.monotonic() > deadline:
            pytest.fail(f"the repeated error was not printed again:\n{preview.output()}")
        time.sleep(0.3)


def test_problem_page_escapes_editor_text() -> None:
    problems = [
        Problem(
            ("claims", 0, "status"),
            "unknown status '<img src=x onerror=alert(1)>'",
            hint="use </ol><script>alert(2)</script>",
            file="data/claims.yaml",
            line=3,
            column=13,
        )
    ]
    page = BeautifulSoup(problem_page(problems, "A <site>"), "html.parser")
    assert page.find("img") is None
    assert len(page.find_all("script")) == 1, "only the page's own reload script"
    assert problems_listed(page) == [
        "data/claims.yaml:3:13 : unknown status '<img src=x onerror=alert(1)>' "
        "(claims[0].status) Fix: use </ol><script>alert(2)</script>"
    ]
    assert page.title is not None and page.title.get_text().endswith("— A <site>")
