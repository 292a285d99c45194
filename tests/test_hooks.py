"""The hooks as ``mkdocs serve`` uses them: one imported module, several builds in a row."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from tests.conftest import REPO
from tests.test_build import make_project


def load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "hooks_under_test", REPO / "hooks" / "claimsite_hooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated_claim_pages(hooks: ModuleType, project: Path) -> dict[str, str]:
    config = load_config(str(project / "mkdocs.yml"))
    config = hooks.on_config(config)
    config.plugins._current_plugin = "claimsite"  # set by MkDocs while it runs an event
    files = hooks.on_files(Files([]), config=config)
    return {
        file.src_uri: file.content_string for file in files if file.src_uri.startswith("claims/")
    }


def test_a_second_build_sees_the_edited_data(tmp_path: Path) -> None:
    hooks = load_hooks()
    project = make_project(tmp_path / "p")
    first = generated_claim_pages(hooks, project)
    assert 'title: "Weight"' in first["claims/weight.md"]
    data = project / "data" / "claims.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("spec: Weight", "spec: Mass"), encoding="utf-8"
    )
    second = generated_claim_pages(hooks, project)
    assert 'title: "Mass"' in second["claims/weight.md"]


def test_a_broken_edit_fails_and_a_fix_recovers(tmp_path: Path) -> None:
    hooks = load_hooks()
    project = make_project(tmp_path / "p")
    data = project / "data" / "claims.yaml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("category: size", "category: sise"), encoding="utf-8")
    with pytest.raises(PluginError, match=r"data/claims.yaml:\d+:\d+: unknown category 'sise'"):
        hooks.on_config(load_config(str(project / "mkdocs.yml")))
    data.write_text(good, encoding="utf-8")
    assert "claims/weight.md" in generated_claim_pages(hooks, project)


def test_nav_marker_is_replaced_by_grouped_claims(tmp_path: Path) -> None:
    hooks = load_hooks()
    project = make_project(tmp_path / "p")
    config = hooks.on_config(load_config(str(project / "mkdocs.yml")))
    claims_section = config.nav[1]["Claims"]
    assert claims_section == [
        {"Size": ["categories/size/index.md", "claims/weight.md"]},
        {"Price": ["categories/price/index.md", "claims/price.md"]},
    ]
