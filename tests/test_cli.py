"""``python -m claimsite check``: exit codes and messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimsite.cli import main
from claimsite.datafile.wording import counted
from tests.conftest import FIXTURES, line_of


def test_check_valid_file() -> None:
    assert main(["check", str(FIXTURES / "valid.yaml")]) == 0


def claimsite_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m claimsite ARGS`` in a new process, as an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "claimsite", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_reports_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "claims.yaml"
    text = (
        (FIXTURES / "valid.yaml").read_text(encoding="utf-8").replace("spec: Weight", "spc: Weight")
    )
    bad.write_text(text, encoding="utf-8")
    result = claimsite_cli("check", str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "1 problem found."
    line = line_of(text, "spc: Weight")
    expected = f"{bad}:{line}:5: unknown key 'spc' (claims[0].spc) — did you mean 'spec'?"
    assert f"{expected} It is required here" in lines
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["check", "nope.yaml"], 1, "nope.yaml:1:1: file not found"),
        (["frobnicate"], 2, "invalid choice"),
        (["check", "--stale-after", "-1"], 2, "claimsite check: --stale-after needs a number"),
        (["diff", "one.yaml"], 2, "claimsite diff: give two files, BASE and HEAD"),
    ],
)
def test_exit_code_and_message_never_a_traceback(
    tmp_path: Path, args: list[str], exit_code: int, message: str
) -> None:
    result = claimsite_cli(*(str(tmp_path / arg) if arg.endswith(".yaml") else arg for arg in args))
    assert result.returncode == exit_code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_starting_the_command_line_loads_no_engine() -> None:
    """Registering the commands stays cheap: the validator, link checker and diff load only
    when their command runs (``bench/engine_bench.py`` measures what this saves)."""
    probe = (
        "import sys; from claimsite.cli import build_parser; build_parser(); "
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(result.stdout.split())
    heavy = {"pydantic", "yaml", "jinja2", "claimsite.datafile.models", "claimsite.cli.diff"}
    assert not heavy & loaded
    assert not {name for name in loaded if name.startswith("claimsite.links.")}


def test_check_summary_counts_in_the_right_number(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary reads "1 claim", never "1 claims"."""
    assert main(["check", str(FIXTURES / "valid.yaml")]) == 0
    summary = capsys.readouterr().out.strip().split(" — ", 1)[1]
    for phrase in summary.split(", "):
        count, noun = phrase.split(" ", 1)
        singular = noun in {"claim", "source", "category", "status"}
        assert singular == (count == "1"), phrase


@pytest.mark.parametrize(
    ("count", "noun", "plural", "expected"),
    [
        (0, "claim", "", "0 claims"),
        (1, "claim", "", "1 claim"),
        (2, "category", "categories", "2 categories"),
        (1, "status", "statuses", "1 status"),
    ],
)
def test_counted(count: int, noun: str, plural: str, expected: str) -> None:
    assert counted(count, noun, plural) == expected
