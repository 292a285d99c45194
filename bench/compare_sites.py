"""Compare two built sites file by file (run by hand: ``python bench/compare_sites.py A B``).

For proving that speed work leaves the output alone: build the site before and after with the
same ``SOURCE_DATE_EPOCH`` and compare. Files are either byte for byte the same, or (HTML only)
the same once lines holding nothing but whitespace are dropped: the engine's nav partial no
longer prints the whitespace Material's index loop wrote for every child of every section. Any
other difference is listed and the exit code is 1.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path


def _without_blank_lines(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if line.strip())


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def compare(before: Path, after: Path) -> tuple[int, int, list[str]]:
    """Counts of identical files and of whitespace-line-only differences, and the rest."""
    names = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    same = blank_lines = 0
    other: list[str] = []
    for name in sorted(names):
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            other.append(f"{name}: only in {'after' if new.exists() else 'before'}")
            continue
        old_data, new_data = _content(old), _content(new)
        if old_data == new_data:
            same += 1
        elif name.suffix == ".html" and _without_blank_lines(old_data) == _without_blank_lines(
            new_data
        ):
            blank_lines += 1
        else:
            other.append(f"{name}: differs")
    return same, blank_lines, other


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    same, blank_lines, other = compare(args.before, args.after)
    print(f"{same} files byte for byte the same")
    print(f"{blank_lines} HTML files the same but for whitespace-only lines")
    for line in other:
        print(line)
    print(f"{len(other)} other differences")
    return 1 if other else 0


if __name__ == "__main__":
    raise SystemExit(main())
