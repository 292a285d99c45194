"""The JSON Schema is generated from the models, accepts the real data, and is kept current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from claimsite.cli import main
from claimsite.datafile.schema import EDITOR_COMMENT, SCHEMA_PATH, json_schema, schema_text
from claimsite.datafile.yamlsource import parse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "claims.yaml"


def load_like_an_editor(path: Path) -> Any:
    """The data as yaml-language-server sees it: plain YAML, dates as strings."""
    return parse(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json_schema()
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
    definitions = json_schema()["$defs"]
    claim = definitions["Claim"]["properties"]
    assert "page address" in claim["id"]["description"]
    assert "evidence" in claim["status"]["description"]
    assert definitions["Source"]["properties"]["accessed"]["description"]
    assert definitions["Meta"]["properties"]["repo_edit_url"]["description"]


def test_committed_schema_is_current() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "run: python -m claimsite schema"
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
    assert main(["schema", "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--output", str(output), "--check"]) == 0
    output.write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--output", str(output), "--check"]) == 1
    assert main(["schema", "--output", str(tmp_path / "missing.json"), "--check"]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err
    assert "cannot read" in err
