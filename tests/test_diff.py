"""The change summary on fixture pairs: each head file is base.yaml with one kind of change."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimsite.cli import main
from claimsite.cli.diff import before_after
from tests.conftest import line_of

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


def in_repo(folder: Path) -> Callable[..., str]:
    """``git(...)`` run in ``folder`` by a committer named ``t``; returns its output."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    return git


def repo_with_base(folder: Path) -> tuple[Callable[..., str], Path]:
    """A repository on branch main whose one commit adds base.yaml as data/claims.yaml."""
    git = in_repo(folder)
    data = folder / "data" / "claims.yaml"
    data.parent.mkdir()
    data.write_text((FIXTURES / "base.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    return git, data


def test_base_from_a_git_ref(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_diff: RunDiff
) -> None:
    _, data = repo_with_base(tmp_path)
    data.write_text((FIXTURES / "rename.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = run_diff("--base-ref", "HEAD")
    assert done.returncode == 0, done.stderr
    found = sections(done.stdout)
    assert found["Claims renamed"] == ["- `widget-colour` → `widget-body-colour` (**Colour**)"]
    assert found[""][1].startswith(
        "Comparing `HEAD:data/claims.yaml` (where this branch left HEAD: commit "
    )
    assert found[""][1].endswith(") with `data/claims.yaml` (head).")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml", str(FIXTURES / "base.yaml")], "missing.yaml:1:1: file not found"),
        ([str(FIXTURES / "base.yaml")], "give two files"),
        (["--base-ref", "no-such-ref", str(FIXTURES / "base.yaml")], "HEAD left no-such-ref"),
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
    assert f"{broken}:{line_of(broken.read_text(), 'status: wrong')}:" in done.stderr
    assert "unknown status 'wrong'" in done.stderr


OTHER_EDITS = [
    ("    conclusion: Nobody has seen one.\n", "    conclusion: Nobody has seen one in blue.\n"),
    (
        "    conclusion: Nothing confirms the weight yet.\n",
        "    conclusion: Nothing confirms the weight yet.\n    confidence: speculative\n",
    ),
]


def edited(tmp_path: Path, edits: list[tuple[str, str]]) -> Path:
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    for before, after in edits:
        assert before in text
        text = text.replace(before, after, 1)
    head = tmp_path / "head.yaml"
    head.write_text(text, encoding="utf-8")
    return head


@pytest.mark.parametrize(
    ("edits", "tally"),
    [
        (OTHER_EDITS[:1], "1 other edit."),
        (OTHER_EDITS, "2 other edits."),
    ],
)
def test_summary_line_counts_other_edits_with_plurals(
    tmp_path: Path, run_diff: RunDiff, edits: list[tuple[str, str]], tally: str
) -> None:
    done = run_diff(str(FIXTURES / "base.yaml"), str(edited(tmp_path, edits)))
    assert done.returncode == 0, done.stderr
    found = sections(done.stdout)
    assert found[""][-1] == tally
    assert set(found) == {"", "Other edits"}


def test_other_edits_show_before_and_after_with_changed_words_marked(
    tmp_path: Path, run_diff: RunDiff
) -> None:
    done = run_diff(str(FIXTURES / "base.yaml"), str(edited(tmp_path, OTHER_EDITS)))
    assert sections(done.stdout)["Other edits"] == [
        "- **Weight** (`widget-weight`)",
        "  - Confidence: ~~unknown~~ → **speculative**",
        "- **Colour** (`widget-colour`)",
        "  - Conclusion: Nobody has seen ~~one.~~ → Nobody has seen **one in blue.**",
    ]


def test_long_text_is_shortened_around_the_change() -> None:
    words = [f"w{number}" for number in range(40)]
    changed = [*words[:20], "NEW", *words[21:]]
    line = before_after(" ".join(words), " ".join(changed))
    before, after = line.split(" → ")
    assert before == "… " + " ".join(words[14:20]) + " ~~w20~~ " + " ".join(words[21:27]) + " …"
    assert after == "… " + " ".join(words[14:20]) + " **NEW** " + " ".join(words[21:27]) + " …"


def test_highlighted_words_are_escaped() -> None:
    assert before_after("costs $10", "costs *$9*") == "costs ~~\\$10~~ → costs **\\*\\$9\\***"


def test_base_ref_compares_with_the_merge_base_not_the_tip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_diff: RunDiff
) -> None:
    """A branch one commit behind main: main's newer change is not the branch's doing."""
    git, data = repo_with_base(tmp_path)
    start = git("rev-parse", "HEAD")
    git("checkout", "-q", "-b", "feature")
    data.write_text(edited(tmp_path, OTHER_EDITS[:1]).read_text(encoding="utf-8"))
    git("commit", "-q", "-am", "the branch's edit")
    git("checkout", "-q", "main")
    data.write_text((FIXTURES / "rename.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git("commit", "-q", "-am", "main moves on")
    git("checkout", "-q", "feature")
    monkeypatch.chdir(tmp_path)
    done = run_diff("--base-ref", "main")
    assert done.returncode == 0, done.stderr
    found = sections(done.stdout)
    assert set(found) == {"", "Other edits"}, "main's rename must not show as reversed"
    assert found[""][-1] == "1 other edit."
    assert f"(where this branch left main: commit {start[:12]})" in found[""][1]


def test_base_ref_without_a_common_history_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_diff: RunDiff
) -> None:
    git = in_repo(tmp_path)
    data = tmp_path / "claims.yaml"
    data.write_text((FIXTURES / "base.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("commit", "-q", "--allow-empty", "-m", "one")
    git("checkout", "-q", "--orphan", "other")
    git("add", ".")
    git("commit", "-q", "-m", "two")
    monkeypatch.chdir(tmp_path)
    done = run_diff("--base-ref", "main", "claims.yaml")
    assert done.returncode == 2
    assert "cannot find where HEAD left main" in done.stderr
