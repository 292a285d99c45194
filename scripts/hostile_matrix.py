"""Every payload in every string field of the models: the full matrix the suite samples.

Run from the repository root (a few minutes: one strict build per payload):

    .venv/bin/python scripts/hostile_matrix.py [--payload NAME ...] [--no-build] [--zensical]

For each (field, payload) pair the fixture ``tests/fixtures/every_field.yaml`` is validated
with the payload in that field alone: a refusal must name the line it was written on. Then,
per payload, one site is built with the payload in every field that accepted it, and every
HTML, XML, SVG and JSON file is scanned for anything a browser would run (``tests/hostile.py``).
Exits 1 when any refusal lacks its place, a build fails or the scan finds anything.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile import (
    PAYLOADS,
    base_data,
    inject,
    make_project,
    scan_site,
    string_fields,
    unlocated,
    validate,
)
from tests.site_build import build_generated
from tests.test_build import mkdocs_build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payload", action="append", choices=sorted(PAYLOADS), default=None)
    parser.add_argument("--no-build", action="store_true", help="validate only")
    parser.add_argument(
        "--zensical",
        action="store_true",
        help="also build each site the second way (claimsite generate + zensical) and scan it",
    )
    args = parser.parse_args(argv)
    names: list[str] = args.payload or list(PAYLOADS)
    fields = string_fields()
    failures: list[str] = []
    started = time.perf_counter()
    refused = accepted = 0
    for name in names:
        payload = PAYLOADS[name]
        combined = base_data()
        taken = 0
        for field in fields:
            alone = base_data()
            at = inject(alone, field, payload)
            outcome = validate(alone)
            if outcome.accepted:
                accepted += 1
                inject(combined, field, payload)
                taken += 1
                continue
            refused += 1
            failures.extend(f"{name} in {field}: {fault}" for fault in unlocated(outcome, at))
        line = f"{name:28} accepted in {taken:2} of {len(fields)} fields"
        if not args.no_build and taken:
            failures.extend(
                f"{name}: {fault}" for fault in _build_and_scan(combined, args.zensical)
            )
        print(line, flush=True)
    seconds = time.perf_counter() - started
    print(
        f"\n{len(names)} payloads x {len(fields)} fields: {refused} refused, {accepted} accepted; "
        f"{len(failures)} failures in {seconds:.1f} s"
    )
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


def _build_and_scan(data: dict[str, Any], zensical: bool) -> list[str]:
    outcome = validate(data)
    if not outcome.accepted:
        return [f"accepted alone, refused together: {p.format()}" for p in outcome.problems]
    with tempfile.TemporaryDirectory(prefix="hostile-matrix-") as tmp:
        project = make_project(Path(tmp) / "project", outcome.text)
        result = mkdocs_build(project, Path(tmp) / "site")
        if result.returncode != 0:
            return [f"the strict build failed: {result.stderr.strip()[-500:]}"]
        faults = scan_site(Path(tmp) / "site")
        if zensical:
            try:
                generated = build_generated(Path(tmp) / "generated", project / "mkdocs.yml")
            except AssertionError as error:
                return [*faults, f"zensical: {str(error)[-500:]}"]
            faults.extend(f"zensical: {fault}" for fault in scan_site(generated))
        return faults


if __name__ == "__main__":
    sys.exit(main())
