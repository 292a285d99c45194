"""``python -m claimsite check``: exit codes and messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claimsite.cli import main
from tests.conftest import FIXTURES, line_of


def test_check_valid_file() -> None:
    assert main(["check", str(FIXTURES / "valid.yaml")]) == 0


def test_check_reports_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "claims.yaml"
    text = (
        (FIXTURES / "valid.yaml").read_text(encoding="utf-8").replace("spec: Weight", "spc: Weight")
    )
    bad.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "claimsite", "check", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "1 problem found."
    line = line_of(text, "spc: Weight")
    expected = f"{bad}:{line}:5: unknown key 'spc' (claims[0].spc) — did you mean 'spec'?"
    assert f"{expected} It is required here" in lines
    assert "Traceback" not in result.stderr


def test_check_missing_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimsite", "check", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "nope.yaml:1:1: file not found" in result.stderr


def test_bad_usage_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimsite", "frobnicate"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


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
