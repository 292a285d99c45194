"""The docs match the code: the README's field table follows the models, and the data file's
header points only at files that exist."""

from __future__ import annotations

import re

import pytest

from claimsite.datafile.models import Dataset, model_in
from tests.conftest import REPO

README = REPO / "README.md"
DATA = REPO / "data" / "claims.yaml"


def table_rows() -> dict[str, str]:
    """The README's data-file table: section name → the fields cell."""
    rows = re.findall(r"^\| `([a-z_]+)` \| (.*) \|$", README.read_text(encoding="utf-8"), re.M)
    return {section: cell for section, cell in rows if section in Dataset.model_fields}


def documented_fields(cell: str) -> dict[str, bool]:
    """Field name → marked optional (``name``?), top level only: parentheses hold details."""
    previous = None
    while previous != cell:
        previous, cell = cell, re.sub(r"\([^()]*\)", "", cell)
    found: dict[str, bool] = {}
    for name, optional in re.findall(r"`([a-z_]+)`(\?)?", cell):
        found.setdefault(name, bool(optional))
    return found


@pytest.mark.parametrize("section", list(Dataset.model_fields))
def test_readme_lists_every_field_and_marks_the_optional_ones(section: str) -> None:
    model = model_in(Dataset.model_fields[section].annotation)
    assert model is not None
    expected = {name: not field.is_required() for name, field in model.model_fields.items()}
    assert documented_fields(table_rows()[section]) == expected


def test_data_file_header_refers_only_to_files_in_the_repository() -> None:
    header = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    paths = re.findall(
        r"(?<![\w$=./])((?:[\w.-]+/)+[\w.-]+\.[a-z]+|[\w-]+\.(?:md|py|yaml|json))",
        "\n".join(header),
    )
    assert "docs/contributing.md" in paths
    missing = [path for path in paths if not (REPO / path).is_file()]
    assert missing == []
