"""``scripts/seed_overlap.py``: claim wording copied from a seed article is found, own words are
not."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import FIXTURES, REPO


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("seed_overlap", REPO / "scripts/seed_overlap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A widget costs ten dollars, cash only.", []),
        (
            "It costs ten dollars for the widget, paid in cash at the door today",
            ["ten dollars for the widget paid in cash at the door"],
        ),
        ("Ten dollars for the widget, paid in cash", ["ten dollars for the widget paid in cash"]),
        ("ten dollars for the widget paid in", []),  # seven words: below the threshold
    ],
)
def test_repeats_finds_runs_of_eight_words(text: str, found: list[str]) -> None:
    script = load_script()
    seed = script.words("Rumour: ten dollars for the widget, paid in cash at the door.")
    assert script.repeats(text, seed, 8) == found


def test_main_reports_the_claim_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "seed.txt").write_text("They said it was Ten dollars, said the post.", "utf-8")
    script = load_script()
    data = str(FIXTURES / "valid.yaml")
    assert script.main([str(tmp_path), data, "--words", "2"]) == 1
    assert "price claimed[0].text: repeats seed.txt: “ten dollars”" in capsys.readouterr().out
    assert script.main([str(tmp_path), data]) == 0
    assert script.main([str(tmp_path / "missing"), data]) == 2
