"""The change summary on fixture pairs: each head file is base.yaml with one kind of change."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimsite.cli import main

FIXTURES = Path(__file__).parent / "diff_fixtures"


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


RunDiff = Callable[..., Run]


@pytest.fixture
def run_diff(capsys: pytest.CaptureFixture[str]) -> RunDiff:
    def run(*args: str) -> Run:
        code = main(["diff", *args])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def sections(markdown: str) -> dict[str, list[str]]:
    """``### Title`` → its non-blank lines; the text before the first one under ``""``."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("### "):
            current = line.removeprefix("### ")
            assert current not in found, f"section {current!r} appears twice"
            found[current] = []
        elif line.strip():
            found[current].append(line)
    return found


@pytest.fixture
def summary(run_diff: RunDiff) -> Callable[[str], dict[str, list[str]]]:
    def compare(head: str) -> dict[str, list[str]]:
        done = run_diff(str(FIXTURES / "base.yaml"), str(FIXTURES / f"{head}.yaml"))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("## Changes to the claims data\n")
        return sections(done.stdout)

    return compare


Summary = Callable[[str], dict[str, list[str]]]


def test_added_claim(summary: Summary) -> None:
    found = summary("add")
    assert set(found) == {"", "Claims added"}
    assert found["Claims added"] == [
        "- **Battery life** (`widget-battery`): Unverified — Only the blog says so."
    ]
    assert found[""][-1] == "1 claim added."


def test_removed_claim_and_the_source_it_alone_cited(summary: Summary) -> None:
    found = summary("remove")
    assert set(found) == {"", "Claims removed", "Sources no longer cited"}
    assert found["Claims removed"] == ["- **Colour** (`widget-colour`), was Unverified"]
    assert found["Sources no longer cited"] == ["- `old-forum`: Forum thread (Example Forum)"]
    assert found[""][-1] == "1 claim removed, 1 source no longer cited."


def test_renamed_claim_is_neither_added_nor_removed(summary: Summary) -> None:
    found = summary("rename")
    assert set(found) == {"", "Claims renamed"}
    assert found["Claims renamed"] == ["- `widget-colour` → `widget-body-colour` (**Colour**)"]


def test_status_change_shows_the_new_evidence_and_why(summary: Summary) -> None:
    found = summary("status")
    assert set(found) == {"", "Status changes"}
    assert found["Status changes"] == [
        "- **Weight** (`widget-weight`): Unverified → Verified",
        "  - New evidence: Widget documentation (Widget Maker, `maker-docs`): “Weight: 2 kg” "
        "— Specifications",
        "  - Why (2025-06-01): The maker published the specifications.",
        "  - Conclusion: The documentation gives the weight.",
    ]


def test_value_changes_escape_markdown(summary: Summary) -> None:
    found = summary("value")
    assert set(found) == {"", "Value changes"}
    assert found["Value changes"] == [
        "- **Price** (`widget-price`)",
        "  - Claimed: \\$10 → \\$9",
        "  - Actual: \\$12 (as of 2025-05-01) → \\$13 (as of 2025-06-01)",
    ]


def test_source_changes(summary: Summary) -> None:
    found = summary("sources")
    assert set(found) == {"", "Value changes", "Sources added", "Sources no longer cited"}
    assert found["Sources added"] == ["- `new-report`: Widget colours reported (Example News)"]
    assert found["Sources no longer cited"] == ["- `old-forum`: Forum thread (Example Forum)"]
    assert found["Value changes"] == [
        "- **Colour** (`widget-colour`)",
        "  - Claimed by: `rumour-blog`, `old-forum` → `rumour-blog`, `new-report`",
    ]


def test_no_change(summary: Summary) -> None:
    found = summary("base")
    assert set(found) == {""}
    assert found[""][-1] == "No changes to the claims or sources."


def test_base_from_a_git_ref(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_diff: RunDiff
) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    data = tmp_path / "data" / "claims.yaml"
    data.parent.mkdir()
    data.write_text((FIXTURES / "base.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    data.write_text((FIXTURES / "rename.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = run_diff("--base-ref", "HEAD")
    assert done.returncode == 0, done.stderr
    found = sections(done.stdout)
    assert found["Claims renamed"] == ["- `widget-colour` → `widget-body-colour` (**Colour**)"]
    assert found[""][1] == (
        "Comparing `HEAD:data/claims.yaml` (base) with `data/claims.yaml` (head)."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml", str(FIXTURES / "base.yaml")], "missing.yaml: file not found"),
        ([str(FIXTURES / "base.yaml")], "give two files"),
        (["--base-ref", "no-such-ref", str(FIXTURES / "base.yaml")], "at no-such-ref"),
    ],
)
def test_bad_input_is_a_clear_error(args: list[str], message: str, run_diff: RunDiff) -> None:
    done = run_diff(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_invalid_data_is_reported_with_its_position(tmp_path: Path, run_diff: RunDiff) -> None:
    broken = tmp_path / "broken.yaml"
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("    status: contradicted\n", "    status: wrong\n"))
    done = run_diff(str(FIXTURES / "base.yaml"), str(broken))
    assert done.returncode == 2
    assert "is not a valid data file" in done.stderr
    assert f"{broken}:" in done.stderr
    assert "unknown status 'wrong'" in done.stderr
