"""Fuzzing the real data file: any mutation gets exit 0 or 1 and ``line:col`` on every
rejection, never a traceback. A bounded sample here; ``scripts/hostile_fuzz.py`` runs more."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

from tests.fuzzing import REAL_DATA, CheckResult, Mutation, check_mutated, faults_of, mutations

BASE = REAL_DATA.read_bytes()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=mutations())
@example(changes=[Mutation("bytes", at=25, other=4, data=b"\xe9")])
@example(changes=[Mutation("bytes", at=3, other=12, data=b"\x01")])
@example(changes=[Mutation("scalar", at=30, data=b'"unclosed')])
@example(changes=[Mutation("scalar", at=8, data=b"&a [*a]")])
def test_any_mutation_is_accepted_or_refused_with_places(changes: list[Mutation]) -> None:
    assert faults_of(check_mutated(BASE, changes)) == []


def test_the_real_file_is_valid_unmutated() -> None:
    result = check_mutated(BASE, [])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("result", "fault"),
    [
        (CheckResult(2, "boom", 0, 10), "exit code 2"),
        (CheckResult(1, "claims.yaml:1:1: x\nTraceback\n1 problem found.", 1, 10), "Traceback"),
        (CheckResult(1, "claims.yaml:0:1: x\n1 problem found.", 1, 10), "no real place"),
        (CheckResult(1, "claims.yaml:99:1: x\n1 problem found.", 1, 10), "no real place"),
        (CheckResult(1, "claims.yaml: cannot read\n1 problem found.", 1, 10), "not file:line"),
        (
            CheckResult(1, "claims.yaml:1:1: Input should be a valid\n1 problem found.", 1, 9),
            "Input",
        ),
    ],
)
def test_the_fuzz_verdict_sees_each_kind_of_fault(result: CheckResult, fault: str) -> None:
    assert any(fault in found for found in faults_of(result))
