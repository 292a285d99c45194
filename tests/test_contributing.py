"""The Contributing page's copy-paste examples are valid, and pre-commit runs the validation."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from typing import Any

import pytest
import yaml

from claimsite.datafile.loader import validate_text
from claimsite.datafile.models import Dataset
from claimsite.datafile.yamlsource import parse
from claimsite.errors import DataFileError
from tests.site_build import ROOT

PAGE = ROOT / "docs" / "contributing.md"
DATA = ROOT / "data" / "claims.yaml"
FENCE = re.compile(r"^```yaml\n(.*?)^```$", re.MULTILINE | re.DOTALL)
TODAY = dt.date(2100, 1, 1)


def examples() -> list[dict[str, Any]]:
    """The YAML blocks of the "Minimal example" section, in page order."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("\n## Minimal example\n", 1)[1].split("\n## ", 1)[0]
    blocks = [parse(block, "example") for block in FENCE.findall(section)]
    assert len(blocks) == 2, "the page shows an added claim, then the same claim with a verdict"
    return blocks


def merge(data: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    """Paste the example's items into the data, replacing entries with the same id."""
    assert set(example) <= {"sources", "claims"}
    for section, items in example.items():
        by_id = {item["id"]: item for item in items}
        kept = [item for item in data[section] if item["id"] not in by_id]
        data[section] = kept + items
    return data


def validate(data: dict[str, Any]) -> Dataset:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        return validate_text(text, "merged.yaml", TODAY)
    except DataFileError as error:
        pytest.fail(f"the example is not valid when pasted into the data:\n{error.report()}")


def test_examples_are_valid_in_the_real_data() -> None:
    data = parse(DATA.read_text(encoding="utf-8"), str(DATA))
    added, verdict = examples()
    validate(merge(data, added))
    validate(merge(data, verdict))
    claim = next(item for item in data["claims"] if item["id"] == verdict["claims"][0]["id"])
    assert claim["status"] != "unverified" and claim["evidence"]


def variants_example() -> dict[str, Any]:
    """The YAML block of the "When sources disagree: variants" section."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("\n## When sources disagree: variants\n", 1)[1].split("\n## ", 1)[0]
    (block,) = FENCE.findall(section)
    example: dict[str, Any] = parse(block, "variants example")
    return example


def test_variants_example_is_valid_in_the_real_data() -> None:
    example = variants_example()
    (claim,) = example["claims"]
    assert isinstance(claim["claimed"], list), "the list form of claimed"
    assert len({tuple(variant["sources"]) for variant in claim["claimed"]}) >= 2
    data = parse(DATA.read_text(encoding="utf-8"), str(DATA))
    merged = validate(merge(data, example))
    pasted = next(item for item in merged.claims if item.id == claim["id"])
    assert pasted.variants_disagree()


def test_the_check_would_catch_a_broken_variants_example() -> None:
    example = variants_example()
    example["claims"][0]["claimed"][1]["sources"] = ["example-no-such-source"]
    data = parse(DATA.read_text(encoding="utf-8"), str(DATA))
    with pytest.raises(pytest.fail.Exception, match="unknown source 'example-no-such-source'"):
        validate(merge(data, example))


def test_the_check_would_catch_a_broken_example() -> None:
    data = parse(DATA.read_text(encoding="utf-8"), str(DATA))
    _, verdict = examples()
    del verdict["claims"][0]["evidence"]
    with pytest.raises(pytest.fail.Exception, match="lists no evidence"):
        validate(merge(data, verdict))


def test_page_covers_the_editing_workflow() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for heading in ("## Add a source", "## Add a claim", "## Change a verdict"):
        assert f"\n{heading}\n" in text
    assert "# yaml-language-server: $schema=../schema/claims.schema.json" in text
    assert "python -m claimsite diff --base-ref main" in text


def test_pre_commit_runs_the_validation() -> None:
    config_path = ROOT / ".pre-commit-config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    (hook,) = [hook for hook in hooks if hook["id"] == "claimsite-check"]
    assert hook["entry"].endswith("-m claimsite check")
    assert re.search(hook["files"], "data/claims.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
