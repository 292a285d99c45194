"""The package's declared public API: what code outside it may import, and that importing it
stays cheap (the command line's start-up time depends on it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import claimsite
from claimsite import mkdocs_hooks
from tests.conftest import FIXTURES, REPO

ERROR_TYPES = ["ClaimsiteError", "DataFileError", "ExitCode", "Problem"]
ENTRY_POINTS = ["load_catalog", "load_dataset", "main"]
PUBLIC = ERROR_TYPES + ENTRY_POINTS
"""Changing this list changes what other code may rely on: do it on purpose."""


def test_all_names_the_public_api() -> None:
    assert claimsite.__all__ == PUBLIC
    assert all(callable(getattr(claimsite, name)) for name in PUBLIC)


def test_hooks_module_exports_only_the_mkdocs_events() -> None:
    events = [name for name, value in vars(mkdocs_hooks).items() if name.startswith("on_")]
    assert sorted(mkdocs_hooks.__all__) == sorted(events)
    assert all(callable(getattr(mkdocs_hooks, name)) for name in events)
    hooks_file = (REPO / "hooks" / "claimsite_hooks.py").read_text(encoding="utf-8")
    assert "from claimsite.mkdocs_hooks import *" in hooks_file


def test_importing_the_package_loads_no_engine() -> None:
    heavy = ("pydantic", "jinja2", "yaml", "markdown", "mkdocs", "markupsafe")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, claimsite; print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = done.stdout.split()
    assert [name for name in loaded if name.split(".")[0] in heavy] == []
    assert [name for name in loaded if name.startswith("claimsite")] == [
        "claimsite",
        "claimsite.errors",
    ]


def test_the_loaders_work_through_the_package(capsys: pytest.CaptureFixture[str]) -> None:
    catalog = claimsite.load_catalog(FIXTURES / "valid.yaml")
    assert list(catalog.claims) == [
        claim.id for claim in claimsite.load_dataset(FIXTURES / "valid.yaml").claims
    ]
    with pytest.raises(claimsite.DataFileError) as caught:
        claimsite.load_dataset(FIXTURES / "missing.yaml")
    assert isinstance(caught.value, claimsite.ClaimsiteError)
    assert claimsite.main(["check", str(FIXTURES / "missing.yaml")]) == claimsite.ExitCode.PROBLEMS
    assert "missing.yaml:1:1: file not found" in capsys.readouterr().err
