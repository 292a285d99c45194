"""The fast path reads exactly what the careful path reads, or gives the file back to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimsite.datafile.fast_yaml import read_fast
from claimsite.datafile.loader import load_catalog
from claimsite.datafile.yamlsource import MAX_DEPTH, compose, construct, entry_lines
from claimsite.errors import DataFileError
from tests.conftest import FIXTURES

REPO = Path(__file__).resolve().parent.parent

SAME_AS_CAREFUL = {
    "scalars": (
        "a: yes\nb: No\nc: on\nd: 1_000\ne: 0x1F\nf: 1:20\ng: .inf\nh: ~\ni:\nj: 2025-04-01\n"
        "k: '2025-04-01'\nl: \"x\\ty\"\nm: 1.5e3\nn: -.5\no: 0o17\np: true\n"
    ),
    "block text": "a: |\n  two\n  lines\nb: >-\n  folded\n  text\n",
    "flow": "a: [1, two, {b: c}]\nb: {}\nc: []\n",
    "nested lists": "a:\n- - 1\n  - 2\n- []\n",
    "top-level list": "- 1\n- a: b\n",
    "top-level scalar": "just text\n",
    "empty": "",
    "comments only": "# nothing here\n",
    "explicit document": "---\na: 1\n...\n",
    "entries": (
        "claims:\n  - id: one\n    x: 1\n  -\n    id: two\n  - id: one\n  - [x]\n  - no-id: 3\n"
    ),
    "id as a mapping": "claims:\n  - id: {a: b}\n  - id: c\n",
    "ids in another section": "sources:\n  - id: s\nclaims:\n  - id: c\n",
}

GIVES_UP = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "duplicate key": "a: 1\na: 2\n",
    "keys equal as written": "1: a\n'1': b\n",
    "number key": "1: a\n",
    "merge key": "a: 1\n<<: {b: 2}\n",
    "mapping as key": "? {a: 1}\n: b\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1, 2\n",
    "too deep": "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
}


def _careful(text: str) -> tuple[object, dict[str, dict[str, int]]]:
    root = compose(text, "x.yaml")
    lines = {name: entry_lines(root, name) for name in ("claims", "sources")}
    return construct(root, "x.yaml"), {name: found for name, found in lines.items() if found}


@pytest.mark.parametrize("text", SAME_AS_CAREFUL.values(), ids=SAME_AS_CAREFUL.keys())
def test_fast_path_reads_what_the_careful_path_reads(text: str) -> None:
    fast = read_fast(text, "x.yaml")
    assert fast is not None
    assert (fast.data, fast.entry_lines) == _careful(text)


@pytest.mark.parametrize(
    "path", [FIXTURES / "valid.yaml", REPO / "data" / "claims.yaml"], ids=lambda p: p.name
)
def test_fast_path_on_real_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = read_fast(text, str(path))
    assert fast is not None
    data, lines = _careful(text)
    assert fast.data == data
    assert fast.entry_lines["claims"] == lines["claims"]
    assert load_catalog(path).claim_lines == lines["claims"]


@pytest.mark.parametrize("text", GIVES_UP.values(), ids=GIVES_UP.keys())
def test_fast_path_leaves_the_unusual_to_the_careful_path(text: str) -> None:
    assert read_fast(text, "x.yaml") is None


def test_size_cap_applies_to_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMSITE_MAX_DATA_MB", "0.000001")
    with pytest.raises(DataFileError) as raised:
        read_fast("a: 1234567890\n", "x.yaml")
    assert "limit for a data file" in raised.value.problems[0].message
