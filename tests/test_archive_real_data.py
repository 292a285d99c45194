"""The repository's own data, archived against a fake Wayback Machine that knows every URL.

Done-when check of the archive command: every source gets its two lines (and nothing else
changes), ``links`` then finds no source that "needs archive", and the built pages link each
archived copy with its date beside the live link, in the order ``url_status`` says.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from claimsite.datafile.edits import EntryEdit, apply_edits
from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import Dataset, Source
from claimsite.links.policy import load_policy
from tests.site_build import ROOT, build_site
from tests.test_archive import ARGS, inserted
from tests.test_links_support import Run, fault_server, run_cli, write_config
from tests.wayback_fake import Script, fake_wayback, snapshot

STAMP = "20251124081500"
SITE_INPUTS = ("docs", "data", "hooks", "overrides", "mkdocs.yml")
ARCHIVE_FIELDS = ("archive_url", "archive_date")
DEAD_SOURCE = 1
"""This source is marked ``url_status: dead`` before the build, to see the order flip."""


@dataclass(frozen=True)
class Copy:
    root: Path
    before: str
    after: str
    run: Run
    lookups: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data" / "claims.yaml"


def _dataset(text: str) -> Dataset:
    return validate_text(text, "claims.yaml", dt.date.today())


@pytest.fixture
def archived(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Copy:
    """A copy of the site's inputs whose data file ``archive`` has run on."""
    root = tmp_path / "copy"
    for name in SITE_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    (root / "claimsite").symlink_to(ROOT / "claimsite")  # mkdocs.yml watches it
    data = root / "data" / "claims.yaml"
    before = _without_live_archives(data.read_text(encoding="utf-8"))
    data.write_text(before, encoding="utf-8")
    with fake_wayback(default=lambda url: Script(lookups=[snapshot(url, STAMP)])) as fake:
        run = run_cli(capsys, ["archive", str(data), "--wayback-api", fake.base, *ARGS])
        lookups = [request.url for request in fake.made("lookup")]
    return Copy(root, before, data.read_text(encoding="utf-8"), run, lookups)


def _without_live_archives(text: str) -> str:
    """The data with the archive lines of live sources removed (none today; once the weekly
    pull request adds real ones, this keeps the test about sources without an archive)."""
    root = yaml.compose(text)
    assert isinstance(root, yaml.MappingNode)
    (sources,) = [value for key, value in root.value if key.value == "sources"]
    dropped: set[int] = set()
    for entry in sources.value:
        fields = {key.value: (key, value) for key, value in entry.value}
        if "url_status" not in fields or fields["url_status"][1].value == "live":
            dropped |= {fields[f][0].start_mark.line for f in ARCHIVE_FIELDS if f in fields}
    lines = text.splitlines(keepends=True)
    return "".join(line for number, line in enumerate(lines) if number not in dropped)


def _bare(text: str) -> list[Source]:
    """The sources without an archive: the ones ``archive`` looks up (68 of 68 today)."""
    return [source for source in _dataset(text).sources if source.archive_url is None]


def test_every_source_gets_exactly_its_two_lines(archived: Copy) -> None:
    bare = _bare(archived.before)
    assert archived.run.code == 0, archived.run.out + archived.run.err
    assert sorted(archived.lookups) == sorted({s.url for s in bare})
    added = inserted(archived.before, archived.after)
    assert len(added) == 2 * len(bare)  # today: 68 sources, 136 lines
    expected = [
        line
        for source in bare
        for line in (
            f"    archive_url: https://web.archive.org/web/{STAMP}/{source.url}",
            "    archive_date: 2025-11-24",
        )
    ]
    assert [text for _, text in added] == expected
    after = {s.id: s for s in _dataset(archived.after).sources}  # `check` passes on the result
    assert all(after[s.id].archive_date == dt.date(2025, 11, 24) for s in bare)
    assert not _bare(archived.after)
    assert f"Summary: {len(bare)} added" in archived.run.out


def test_links_on_the_result_finds_nothing_that_needs_an_archive(
    archived: Copy, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every URL is answered by a loopback server; only the policy decides "needs archive"
    (9 URLs on hosts that refuse checkers before the run, today)."""
    rules = load_policy(ROOT / "link-policy.yaml")
    blocked = {s.url for s in _bare(archived.before) if rules.rule_for(s.url) is not None}
    assert blocked  # the policy names hosts the real data cites (x.com, reuters.com, …)
    with fault_server() as server:
        config = write_config(tmp_path, server, remap_all=True)
        policy = ("--config", str(config), "--policy", str(ROOT / "link-policy.yaml"))
        runs = {
            name: run_cli(capsys, ["links", str(path), *policy, "--format", "json"])
            for name, path in (("before", _original(archived, tmp_path)), ("after", archived.data))
        }
    counts = {name: json.loads(run.out)["counts"] for name, run in runs.items()}
    assert counts["before"].get("needs archive") == len(blocked)
    assert runs["before"].code == 1
    assert "needs archive" not in counts["after"]
    assert runs["after"].code == 0, counts["after"]


def _original(archived: Copy, tmp_path: Path) -> Path:
    path = tmp_path / "original.yaml"
    path.write_text(archived.before, encoding="utf-8")
    return path


def test_pages_link_the_archive_with_its_date_beside_the_live_link(archived: Copy) -> None:
    dead = EntryEdit("sources", DEAD_SOURCE, {"url_status": "dead"}, after="archive_date")
    archived.data.write_text(apply_edits(archived.after, "claims.yaml", [dead]), encoding="utf-8")
    site = build_site(archived.root / "site", config=archived.root / "mkdocs.yml")
    sources = {s.id: s for s in _dataset(archived.data.read_text(encoding="utf-8")).sources}
    seen: set[str] = set()
    for page in (site / "claims").glob("*/index.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for item in doc.select("ol.cs-references li[data-source]"):
            source = sources[str(item["data-source"])]
            links = [_href(a) for a in item.select("a") if not a.find_parent(class_="cs-backlinks")]
            text = " ".join(item.get_text().split())
            if source.url_status == "dead":
                assert links == [source.archive_url, source.url]
                assert "Archived 24 November 2025 from the original" in text
            else:
                assert links == [source.url, source.archive_url]
                assert "Archived copy of 24 November 2025." in text
            seen.add(source.url_status.value)
    assert seen == {"live", "dead"}


def _href(link: Tag) -> str:
    return str(link["href"])
