"""axe-core in the browser: no serious or critical violations on the pages readers use most."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from claimsite.datafile.catalog import Catalog
from tests.browser.conftest import Browsing, Scheme
from tests.browser.helpers import page_path

BLOCKING = frozenset({"serious", "critical"})


def blocking_violations(response: dict[str, Any]) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize(
    ("page_name", "scheme"),
    [
        ("home", "light"),
        ("home", "dark"),
        ("claim", "light"),
        ("claim", "dark"),
        ("methodology", "light"),
        ("timeline", "light"),
        ("timeline", "dark"),
        ("charts", "light"),
        ("charts", "dark"),
    ],
)
def test_axe_finds_no_serious_problems(
    browsing: Browsing, catalog: Catalog, page_name: str, scheme: Scheme
) -> None:
    page = browsing.open(page_path(browsing, catalog, page_name), scheme=scheme)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    results = Axe().run(page)
    problems = blocking_violations(results.response)
    assert not problems, "\n".join(problems)
