"""The JSON Schema is generated from the models, accepts the real data, and is kept current."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from claimsite.cli import main
from claimsite.datafile import models
from claimsite.datafile.schema import EDITOR_COMMENT, SCHEMA_PATH, ids_in, json_schema, schema_text
from claimsite.datafile.yamlsource import parse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "claims.yaml"


def load_like_an_editor(path: Path) -> Any:
    """The data as yaml-language-server sees it: plain YAML, dates as strings."""
    return parse(path.read_text(encoding="utf-8"), str(path))


def site_ids() -> dict[str, list[str]]:
    return ids_in(load_like_an_editor(DATA))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json_schema(site_ids())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_real_data_validates(validator: Draft202012Validator) -> None:
    errors = [error.message for error in validator.iter_errors(load_like_an_editor(DATA))]
    assert errors == []


def test_schema_catches_what_the_models_refuse(validator: Draft202012Validator) -> None:
    data = load_like_an_editor(DATA)
    data["claims"][0]["stauts"] = "verified"
    data["claims"][0]["id"] = "Not An Id"
    data["sources"][0]["accessed"] = "27 April 2025"
    messages = sorted(error.message for error in validator.iter_errors(data))
    assert any("'stauts' was unexpected" in message for message in messages)
    assert any("'Not An Id' does not match" in message for message in messages)
    assert any("'27 April 2025' is not a 'date'" in message for message in messages)


def test_single_claimed_mapping_or_a_list(validator: Draft202012Validator) -> None:
    data = load_like_an_editor(DATA)
    claim = data["claims"][0]
    one = claim["claimed"] if isinstance(claim["claimed"], dict) else claim["claimed"][0]
    claim["claimed"] = one
    assert list(validator.iter_errors(data)) == []
    claim["claimed"] = [one, one]
    assert list(validator.iter_errors(data)) == []


def test_fields_carry_help_for_editors() -> None:
    schema = json_schema(site_ids())
    definitions = schema["$defs"]
    claim = definitions["Claim"]["properties"]
    assert "page address" in claim["id"]["description"]
    assert "evidence" in claim["status"]["description"]
    without_help = [
        f"{name}.{field}"
        for name, definition in [("Dataset", schema), *definitions.items()]
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert without_help == []


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def test_optional_fields_default_to_nothing_rather_than_null() -> None:
    schema = json_schema(site_ids())
    assert [node for node in nodes(schema) if "default" in node and node["default"] is None] == []
    assert "author" not in schema["$defs"]["Source"]["required"]
    assert schema["$defs"]["Source"]["properties"]["url_status"]["default"] == "live"


def id_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The schema of one id in a field: the field itself, its list items, or the non-null
    alternative of an optional field."""
    if "items" in spec:
        return dict(spec["items"])
    alternatives = [item for item in spec.get("anyOf", []) if item.get("type") != "null"]
    return dict(alternatives[0]) if alternatives else spec


def test_every_reference_lists_the_sites_ids() -> None:
    """Wherever the models mark a field as naming a status, category, source or claim."""
    ids = site_ids()
    definitions = json_schema(ids)["$defs"]
    checked = set()
    for name, definition in definitions.items():
        model = getattr(models, name, None)
        if model is None or not hasattr(model, "model_fields"):
            continue
        for field_name, field in model.model_fields.items():
            target = models.refers_to(field)
            if target is None:
                continue
            spec = id_spec(definition["properties"][field_name])
            assert spec["enum"] == ids[target.section], f"{name}.{field_name}"
            assert "pattern" not in spec
            checked.add((target.section, f"{name}.{field_name}"))
    assert {section for section, _ in checked} == {"statuses", "categories", "sources", "claims"}
    for place in ("Claim.status", "HistoryEntry.status", "Claim.category", "Evidence.source"):
        assert place in {where for _, where in checked}
    for place in ("Variant.sources", "Event.sources", "Claim.related", "Event.claims"):
        assert place in {where for _, where in checked}


def test_schema_catches_unknown_ids(validator: Draft202012Validator) -> None:
    data = load_like_an_editor(DATA)
    data["claims"][0]["status"] = "Contradicted"
    data["claims"][0]["evidence"][0]["source"] = "no-such-source"
    data["events"][0]["claims"] = ["no-such-claim"]
    wrong = sorted(
        (list(error.absolute_path), error.validator) for error in validator.iter_errors(data)
    )
    assert wrong == [
        (["claims", 0, "evidence", 0, "source"], "enum"),
        (["claims", 0, "status"], "enum"),
        (["events", 0, "claims", 0], "enum"),
    ]


def test_without_ids_the_schema_checks_the_id_shape_only() -> None:
    status = json_schema()["$defs"]["Claim"]["properties"]["status"]
    assert "enum" not in status and status["pattern"].startswith("^[a-z0-9]")


def test_committed_schema_is_current() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(site_ids()), "run: python -m claimsite schema"
    assert json.loads(committed)["$schema"].endswith("/2020-12/schema")


def test_data_file_points_editors_at_the_schema() -> None:
    first_line = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == EDITOR_COMMENT
    target = EDITOR_COMMENT.split("$schema=", 1)[1]
    assert (DATA.parent / target).resolve() == (ROOT / SCHEMA_PATH).resolve()


def test_schema_command_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "nested" / "claims.schema.json"
    assert main(["schema", "--output", str(output), "--data", str(DATA)]) == 0
    assert output.read_text(encoding="utf-8") == schema_text(site_ids())
    assert main(["schema", "--output", str(output), "--check", "--data", str(DATA)]) == 0
    output.write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--output", str(output), "--check"]) == 1
    assert main(["schema", "--output", str(tmp_path / "missing.json"), "--check"]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err
    assert "cannot read" in err


def test_schema_command_reports_unreadable_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "claims.yaml"
    broken.write_text("claims: [\n", encoding="utf-8")
    assert main(["schema", "--output", "-", "--data", str(broken)]) == 2
    assert f"{broken}:" in capsys.readouterr().err
