"""``new`` scaffolds a site for another subject that validates and builds strictly as it is."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import extruct
import pytest

from claimsite.cli import main
from claimsite.cli.new_site import ScaffoldError, requirement_for
from claimsite.datafile.loader import load_catalog, load_dataset
from tests.site_build import ROOT, build_site

SUBJECT = 'The "Acme" Rocket: launch claims'
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("scaffold") / "rocket-claims"
    assert main(["new", str(target), "--subject", SUBJECT, "--publisher", "Acme Watch"]) == 0
    return target


def test_files(site: Path) -> None:
    names = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    assert {
        "mkdocs.yml",
        "data/claims.yaml",
        "schema/claims.schema.json",
        "hooks/claimsite_hooks.py",
        "overrides/main.html",
        "docs/index.md",
        "docs/methodology.md",
        "docs/sources.md",
        "docs/timeline.md",
        "docs/data.md",
        "docs/contributing.md",
        ".github/workflows/pr.yml",
        ".github/workflows/publish.yml",
        ".pre-commit-config.yaml",
        ".gitignore",
        "requirements.txt",
        "README.md",
        "Makefile",
    } <= names
    assert not [name for name in names if "@@" in (site / name).read_text(encoding="utf-8")]


def test_data_is_valid_and_about_the_subject(site: Path) -> None:
    data = load_dataset(site / "data" / "claims.yaml")
    assert data.meta.subject == SUBJECT
    assert data.meta.publisher == "Acme Watch"
    assert len(data.statuses) > 1 and len(data.categories) == 1
    assert len(data.sources) == 1 and len(data.claims) == 1
    assert [status.id for status in data.statuses if not status.verdict] == ["unverified"]


def test_builds_strict_with_exports_feed_and_json_ld(site: Path, tmp_path: Path) -> None:
    out = build_site(tmp_path / "out", config=site / "mkdocs.yml")
    exported = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    assert exported["meta"]["subject"] == SUBJECT
    assert (out / "feed.xml").is_file()
    published = json.loads((out / "schema" / "claims.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads((site / "schema" / "claims.schema.json").read_text("utf-8"))
    sources = published["$defs"]["Evidence"]["properties"]["source"]["enum"]
    assert sources == [source["id"] for source in exported["sources"]]
    page = out / "claims" / "example-claim" / "index.html"
    found = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True)
    assert [item["@type"] for item in found["json-ld"]] == ["ClaimReview"]
    assert SUBJECT in (out / "index.html").read_text(encoding="utf-8").replace("&#34;", '"')


def test_edit_links_once_the_meta_has_addresses(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    data = copy / "data" / "claims.yaml"
    text = data.read_text(encoding="utf-8").replace(
        "  # repo_edit_url: https://github.com/OWNER/REPO/edit/main/\n",
        "  repo_edit_url: https://github.com/acme/rocket/edit/main/\n",
    )
    data.write_text(text, encoding="utf-8")
    out = build_site(tmp_path / "out", config=copy / "mkdocs.yml")
    html = (out / "claims" / "example-claim" / "index.html").read_text(encoding="utf-8")
    line = load_catalog(data).claim_lines["example-claim"]
    expected = f"https://github.com/acme/rocket/edit/main/data/claims.yaml#L{line}"
    assert re.search(rf'<a href="{re.escape(expected)}"[^>]*>Edit this claim</a>', html)
    assert "Report a correction" not in html


def test_workflows_pass_actionlint_and_zizmor(site: Path) -> None:
    workflows = sorted(str(path) for path in (site / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    for command in (
        [str(BIN / "actionlint"), *workflows],
        [str(BIN / "zizmor"), "--offline", "--quiet", "--no-progress", *workflows],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{command[0]}:\n{done.stdout}{done.stderr}"


def test_refuses_a_folder_that_is_not_empty(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(site), "--subject", "Other"]) == 2
    assert "already exists and is not empty" in capsys.readouterr().err


@pytest.mark.parametrize("subject", ["", "two\nlines"])
def test_refuses_unusable_subjects(
    subject: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "x"), "--subject", subject]) == 2
    assert "subject" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_no_subject_words_in_the_engine() -> None:
    engine = ROOT / "claimsite"
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in engine.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and "deepseek" in path.read_text(encoding="utf-8", errors="ignore").casefold()
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("0.2.0", "claimsite==0.2.0"),
        ("claimsite>=0.1,<1", "claimsite>=0.1,<1"),
        (
            "git+https://github.com/OWNER/claimsite@v0.2.0",
            "claimsite @ git+https://github.com/OWNER/claimsite@v0.2.0",
        ),
        ("WHEEL", "claimsite @ file://WHEEL"),
    ],
)
def test_the_requirement_is_the_users_choice(spec: str, expected: str, tmp_path: Path) -> None:
    wheel = tmp_path / "claimsite-0.2.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    expected = expected.replace("file://WHEEL", wheel.as_uri())
    assert requirement_for(spec.replace("WHEEL", str(wheel))) == expected


@pytest.mark.parametrize("spec", ["no/such/claimsite.whl", "two\nlines", ""])
def test_an_unusable_requirement_is_refused(spec: str) -> None:
    with pytest.raises(ScaffoldError):
        requirement_for(spec)


def test_the_default_requirement_installs_what_is_running(site: Path) -> None:
    """Here claimsite is installed from this checkout, so the site names this folder."""
    lines = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert f"claimsite @ {ROOT.as_uri()}" in lines
