"""Fuzz ``claimsite check`` with mutations of the real data file, many more than the suite runs.

Run from the repository root:

    .venv/bin/python scripts/hostile_fuzz.py [--examples 5000] [--seed 1]

Hypothesis generates the mutations (``tests/fuzzing.py``: lines deleted, duplicated, swapped and
re-indented, values replaced, bytes injected). Every file must be accepted (exit 0) or refused
(exit 1) with a real ``line:col`` on every problem and no traceback or library wording. The
run does not stop at the first fault: it counts them all, prints the first few with the
mutations that caused them, and exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings

from tests.fuzzing import REAL_DATA, Mutation, check_mutated, faults_of, mutations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=10, help="faults to print in full")
    args = parser.parse_args(argv)
    base = REAL_DATA.read_bytes()
    exits: collections.Counter[int] = collections.Counter()
    problems = 0
    faulty: list[tuple[list[Mutation], list[str]]] = []

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(changes=mutations())
    def run(changes: list[Mutation]) -> None:
        nonlocal problems
        result = check_mutated(base, changes)
        exits[result.exit_code] += 1
        problems += result.problems
        faults = faults_of(result)
        if faults:
            faulty.append((changes, faults))

    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    files = sum(exits.values())
    print(
        f"{files} mutated files in {seconds:.1f} s: exit 0: {exits[0]}, exit 1: {exits[1]}, "
        f"other: {files - exits[0] - exits[1]}; {problems} problems reported; "
        f"{len(faulty)} files with faults"
    )
    for changes, faults in faulty[: args.show]:
        print(f"\n{changes}")
        for fault in faults:
            print(f"  {fault}")
    return 1 if faulty else 0


if __name__ == "__main__":
    sys.exit(main())
