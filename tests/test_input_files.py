"""The other input files read like the data file: the site settings (``extra.claimsite`` in
``mkdocs.yml``) and the link policy. Each bad edit gives one ``file:line:col`` message with a
fix, and a misspelt key gets a did-you-mean instead of being ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from claimsite.build.settings import SiteSettings, read_settings
from claimsite.errors import DataFileError
from claimsite.links.policy import load_policy
from tests.conftest import REPO, line_of
from tests.test_build import make_project
from tests.test_hooks import load_hooks

SETTINGS = "    data: data/claims.yaml\n"
"""The one setting of the test project's ``mkdocs.yml``, which each case below replaces."""


def settings_problems(tmp_path: Path, settings: str) -> tuple[str, list[str]]:
    config = make_project(tmp_path / "p") / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(SETTINGS, settings)
    config.write_text(text, encoding="utf-8")
    raw = load_config(str(config)).extra.get("claimsite")
    with pytest.raises(DataFileError) as caught:
        read_settings(raw, config)
    return text, [problem.format() for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("settings", "needle", "column", "expected"),
    [
        (
            "    dta: data/claims.yaml\n",
            "dta:",
            5,
            "unknown key 'dta' (extra.claimsite.dta) — did you mean 'data'?",
        ),
        (
            "    data: data/claims.yaml\n    legend: methodology.md\n",
            "legend:",
            5,
            "unknown key 'legend' (extra.claimsite.legend) — did you mean 'legend_page'?",
        ),
        (
            "    data: 3\n",
            "data: 3",
            11,
            "'data' should be text (extra.claimsite.data) — put it in quotes, e.g. data: \"3\"",
        ),
    ],
)
def test_a_bad_setting_is_reported_at_its_line(
    tmp_path: Path, settings: str, needle: str, column: int, expected: str
) -> None:
    text, found = settings_problems(tmp_path, settings)
    assert len(found) == 1
    assert found[0].startswith(f"mkdocs.yml:{line_of(text, needle)}:{column}: {expected}")


def test_settings_default_when_absent() -> None:
    assert read_settings(None) == SiteSettings()


def test_a_misspelt_setting_fails_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("    data:", "    dat:"), encoding="utf-8"
    )
    line = line_of(config.read_text(encoding="utf-8"), "dat:")
    with pytest.raises(PluginError, match=rf"mkdocs.yml:{line}:5: unknown key 'dat' .*'data'"):
        load_hooks().on_config(load_config(str(config)))


POLICY = """\
blocking_hosts:
  - host: medium.com
    reason: Answers non-browser clients with 403.
    evidence:
      - https://github.com/o/r/issues/1
"""


@pytest.mark.parametrize(
    ("old", "new", "needle", "column", "expected"),
    [
        (
            "    evidence:",
            "    reson: typo\n    evidence:",
            "reson:",
            5,
            "unknown key 'reson' (blocking_hosts[0].reson) — did you mean 'reason'?",
        ),
        (
            "blocking_hosts:",
            "blocking_host:",
            "blocking_host:",
            1,
            "unknown key 'blocking_host' (blocking_host) — did you mean 'blocking_hosts'?",
        ),
        (
            "host: medium.com",
            "host: https://medium.com/",
            "host:",
            11,
            "'https://medium.com/' is not a bare host name (blocking_hosts[0].host) — write "
            "only the host, e.g. 'medium.com'",
        ),
        (
            "host: medium.com",
            "host: medium..com",
            "host:",
            11,
            "'medium..com' is not a valid host name",
        ),
        (
            "Answers non-browser clients with 403.",
            "403 often",
            "reason:",
            13,
            "the reason is too short (blocking_hosts[0].reason) — say what the host answers",
        ),
        (
            "    reason: Answers non-browser clients with 403.\n",
            "",
            "host:",
            5,
            "missing required field 'reason' (blocking_hosts[0].reason) — add 'reason:' to this "
            "entry: What the host answers to checkers",
        ),
        (
            "https://github.com/o/r/issues/1",
            "github.com/o/r/issues/1",
            "github.com",
            9,
            "evidence URL has no scheme (a relative address)",
        ),
        (
            "    evidence:\n",
            "  - host: medium.com\n    reason: Listed a second time, by mistake.\n    evidence:\n",
            "host: medium.com",  # the second occurrence: see occurrence below
            11,
            "host 'medium.com' is listed twice (first in entry 1) (blocking_hosts[1].host)",
        ),
    ],
)
def test_a_bad_policy_entry_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, needle: str, column: int, expected: str
) -> None:
    path = tmp_path / "policy.yaml"
    text = POLICY.replace(old, new)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_policy(path)
    (problem,) = caught.value.problems
    occurrence = 2 if "listed twice" in expected else 1
    assert problem.format().startswith(
        f"{path}:{line_of(text, needle, occurrence)}:{column}: {expected}"
    )


def test_the_project_policy_is_valid_and_reasoned() -> None:
    policy = load_policy(REPO / "link-policy.yaml")
    hosts = {rule.host for rule in policy.rules}
    assert {"x.com", "twitter.com", "linkedin.com", "medium.com"} <= hosts
    assert all(len(rule.reason) >= 10 for rule in policy.rules)
    assert policy.rule_for("https://mobile.twitter.com/a/status/1") is not None
    assert policy.rule_for("https://notx.com/") is None
