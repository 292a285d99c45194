"""The data file as an editor sees it: yaml-language-server (VS Code's YAML extension) with the
site's own schema underlines unknown ids and bad addresses, and completes the valid values.

The server is the pinned npm package in ``package.json``, installed by ``make node-deps``
(``npm ci``); it runs over stdio, offline (the schema store is switched off), and is stopped by
the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimsite.datafile.schema import EDITOR_COMMENT, SCHEMA_PATH, ids_in, schema_text
from claimsite.datafile.yamlsource import parse
from tests.conftest import FIXTURES, REPO, line_of
from tests.lsp_client import LanguageServer, Message

SERVER = REPO / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS: dict[str, Any] = {
    "yaml": {
        "validate": True,
        "completion": True,
        "hover": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
    },
    "http": {"proxy": "", "proxyStrictSSL": True},
}
MISTAKES = [
    ("status: contradicted\n    conclusion", "status: debunked\n    conclusion", "debunked"),
    ("sources: [paper]", "sources: [papr]", "papr"),
    ("url: https://paper.example/story", "url: paper.example/story", "paper.example/story"),
]
BLANK_IN_A_SOURCE = ("    kind: forum\n", "    kind: forum\n    \n")


@pytest.fixture
def server() -> Iterator[LanguageServer]:
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        pytest.fail("yaml-language-server is not installed: run `make node-deps` (npm ci)")
    started = LanguageServer([node, str(SERVER), "--stdio"], SETTINGS)
    try:
        yield started
    finally:
        started.close()


def open_data_file(server: LanguageServer, folder: Path, text: str) -> str:
    """Write the site's schema and the data file, as a site keeps them, and open the file."""
    schema = folder / SCHEMA_PATH
    schema.parent.mkdir(parents=True)
    schema.write_text(schema_text(ids_in(parse(text, "fixture"))), encoding="utf-8")
    data = folder / "data" / "claims.yaml"
    data.parent.mkdir()
    data.write_text(f"{EDITOR_COMMENT}\n{text}", encoding="utf-8")
    server.request(
        "initialize",
        {
            "processId": None,
            "rootUri": folder.as_uri(),
            "capabilities": {
                "textDocument": {"completion": {"completionItem": {"snippetSupport": True}}},
                "workspace": {"configuration": True},
            },
        },
    )
    server.notify("initialized", {})
    server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
    uri = data.as_uri()
    server.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "yaml",
                "version": 1,
                "text": data.read_text(encoding="utf-8"),
            }
        },
    )
    return uri


def edited_fixture() -> str:
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    for before, after, _ in MISTAKES:
        assert before in text
        text = text.replace(before, after, 1)
    return text.replace(*BLANK_IN_A_SOURCE)


def test_schema_underlines_unknown_ids_and_bad_addresses(
    server: LanguageServer, tmp_path: Path
) -> None:
    text = edited_fixture()
    uri = open_data_file(server, tmp_path, text)
    # lines in the editor: the schema comment is line 0, the fixture's line N is line N
    wanted = {line_of(text, needle): needle for _, _, needle in MISTAKES}

    def underlines_all(message: Message) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        if message["params"]["uri"] != uri:
            return False
        lines = {item["range"]["start"]["line"] for item in message["params"]["diagnostics"]}
        return set(wanted) <= lines

    published = server.wait_for(underlines_all, timeout=60)
    diagnostics = published["params"]["diagnostics"]
    for line, needle in wanted.items():
        on_line = [item for item in diagnostics if item["range"]["start"]["line"] == line]
        start = on_line[0]["range"]["start"]["character"]
        assert text.splitlines()[line - 1][start:].startswith(needle), on_line
        assert all("^" not in item["message"] for item in on_line), "no regex for editors"
    assert len(diagnostics) == len(wanted), diagnostics


def labels(completion: Any) -> dict[str, dict[str, Any]]:
    items = completion["items"] if isinstance(completion, dict) else completion
    return {item["label"]: item for item in items}


def test_status_values_and_optional_keys_complete(server: LanguageServer, tmp_path: Path) -> None:
    text = edited_fixture()
    uri = open_data_file(server, tmp_path, text)
    status_line = line_of(text, "status: unverified", 2)  # the second claim's
    column = text.splitlines()[status_line - 1].index(":") + 2
    values = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": status_line, "character": column}},
    )
    assert {"verified", "unverified", "contradicted"} <= set(labels(values))

    blank = text.splitlines().index("    ") + 1
    keys = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": blank, "character": 4}},
    )
    offered = labels(keys)
    assert "author" in offered and "archive_url" in offered
    assert all("null" not in item.get("insertText", "") for item in offered.values())
