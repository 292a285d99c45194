"""``claimsite archive`` against a fake Wayback Machine on 127.0.0.1.

Every scenario checks the exact lines the run adds to the data file (and that nothing else
changes), the exit code, the report line of each source, and that the run ends in time.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimsite.cli import main
from claimsite.datafile.loader import validate_text
from tests.conftest import line_of
from tests.test_links_support import Run, run_cli
from tests.wayback_fake import (
    CAPTURED,
    MALFORMED,
    NONE,
    STALL,
    Cited,
    Reply,
    Script,
    archive_data,
    fake_wayback,
    snapshot,
    status,
)

A = Cited("alpha", "https://alpha.example/page")
B = Cited("beta", "https://beta.example/story")
FOREIGN = Cited("fremd", "https://beispiel.example/straße?suche=grüße&seite=2")
STEP_WIDTH = len("unusable snapshot")


@dataclass(frozen=True)
class Archived(Run):
    """A run of ``archive`` and the data file before and after it."""

    before: str
    after: str


ARGS = ("--interval", "0", "--save-interval", "0", "--timeout", "1", "--retries", "2")
"""Fast settings for the fake: no pacing, 1 s time-outs, short back-off and waits."""
WAITS = ("--backoff", "0.1", "--max-wait", "3", "--max-time", "30")


def run_archive(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    base: str,
    sources: list[Cited],
    *extra: str,
) -> Archived:
    data = tmp_path / "claims.yaml"
    before = archive_data(sources)
    data.write_text(before, encoding="utf-8")
    service = ("--wayback-api", base, "--wayback-save", base)
    run = run_cli(capsys, ["archive", str(data), *service, *ARGS, *WAITS, *extra])
    return Archived(**vars(run), before=before, after=data.read_text(encoding="utf-8"))


def inserted(before: str, after: str) -> list[tuple[int, str]]:
    """Lines the run added, with their line number in the new file; fails on any other edit."""
    old, new = before.splitlines(), after.splitlines()
    added: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"lines changed, not only added: {old[i1:i2]}"
        if tag == "insert":
            added.extend((number + 1, new[number]) for number in range(j1, j2))
    return added


def archive_lines(run: Archived, source: Cited, timestamp: str) -> list[tuple[int, str]]:
    """The two lines an archive of ``source`` adds: right after its ``accessed`` line."""
    lines = run.before.splitlines()
    start = lines.index(f"  - id: {source.id}")
    accessed = next(i for i in range(start, len(lines)) if "accessed:" in lines[i])
    offset = sum(1 for number, _ in inserted(run.before, run.after) if number <= accessed + 1)
    date = f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}"
    return [
        (
            accessed + offset + 2,
            f"    archive_url: https://web.archive.org/web/{timestamp}/{source.url}",
        ),
        (accessed + offset + 3, f"    archive_date: {date}"),
    ]


def row(run: Archived, source: Cited) -> str:
    """The report line of one source, without its alignment padding."""
    rows = [line for line in run.out.splitlines() if f" {source.id}  " in line]
    assert len(rows) == 1, run.out
    return " ".join(rows[0].split())


def assert_valid(text: str) -> None:
    validate_text(text, "claims.yaml", dt.date(2026, 12, 1))


@dataclass(frozen=True)
class Lookup:
    name: str
    replies: list[Reply]
    row: str
    """The source's report line, whitespace collapsed; ``{url}`` is the written archive."""
    code: int
    written: str | None
    """The snapshot timestamp written, or None when the file must stay as it was."""
    bound: float = 10.0
    requests: int = 1


def _ok(timestamp: str = "20250502120000") -> Reply:
    return snapshot(A.url, timestamp)


LOOKUPS = [
    Lookup("snapshot", [_ok()], "added line 21 alpha {url}", 0, "20250502120000"),
    Lookup(
        "no snapshot",
        [NONE],
        "✗ no snapshot line 21 alpha the Wayback Machine has no capture (--save requests one)",
        1,
        None,
    ),
    Lookup(
        "404 snapshot",
        [snapshot(A.url, "20250502120000", "404")],
        "✗ unusable snapshot line 21 alpha the closest capture (20250502120000) recorded "
        "status 404, not a page",
        1,
        None,
    ),
    Lookup(
        "302 snapshot",
        [snapshot(A.url, "20250502120000", "302")],
        "✗ unusable snapshot line 21 alpha the closest capture (20250502120000) recorded "
        "status 302, not a page",
        1,
        None,
    ),
    Lookup(
        "malformed JSON",
        [MALFORMED],
        "✗ failed line 21 alpha lookup bad answer: the answer is not JSON "
        "(Expecting value: line 1 column 36 (char 35))",
        1,
        None,
    ),
    Lookup(
        "429 then snapshot",
        [status(429, "1"), _ok()],
        "added line 21 alpha {url}",
        0,
        "20250502120000",
        requests=2,
    ),
    Lookup(
        "503 then snapshot",
        [status(503), _ok()],
        "added line 21 alpha {url}",
        0,
        "20250502120000",
        requests=2,
    ),
    Lookup(
        "503 every time",
        [status(503)],
        "✗ failed line 21 alpha lookup server error: answered 503 (after 3 tries)",
        1,
        None,
        requests=3,
    ),
    Lookup(
        "stall past the timeout",
        [STALL],
        "✗ failed line 21 alpha lookup timeout: no answer within 1 s (after 3 tries)",
        1,
        None,
        bound=8.0,
        requests=3,
    ),
]


@pytest.mark.parametrize("case", LOOKUPS, ids=[case.name for case in LOOKUPS])
def test_lookup(case: Lookup, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with fake_wayback({A.url: Script(lookups=list(case.replies))}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A])
        lookups = fake.made("lookup")
    assert run.code == case.code, run.out + run.err
    assert run.seconds < case.bound
    assert [(r.url, r.timestamp) for r in lookups] == [(A.url, "20250501")] * case.requests
    expected = archive_lines(run, A, case.written) if case.written else []
    assert inserted(run.before, run.after) == expected
    url = f"https://web.archive.org/web/{case.written}/{A.url}"
    assert row(run, A) == case.row.format(url=url)
    verdict = (
        "Result: every source has an archive (exit 0)."
        if case.code == 0
        else "Result: 1 source still lacks an archive (exit 1)."
    )
    assert run.out.splitlines()[-1] == verdict
    assert run.err == "looked up 1/1 URLs\n"  # progress: in logs, each 15 s and at the end
    assert_valid(run.after)


def test_retry_after_is_honoured(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with fake_wayback({A.url: Script(lookups=[status(429, "1"), _ok()])}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A])
        first, second = fake.made("lookup")
    assert run.code == 0
    assert second.at - first.at >= 1.0


def test_rate_limit_beyond_max_wait_stops_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A Retry-After longer than --max-wait: stop asking, keep what was found, resume later."""
    scripts = {
        A.url: Script(lookups=[_ok()]),
        B.url: Script(lookups=[status(429, "120")]),
        FOREIGN.url: Script(lookups=[snapshot(FOREIGN.url, "20250503000000")]),
    }
    with fake_wayback(scripts) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A, B, FOREIGN])
        asked = [r.url for r in fake.made("lookup")]
    assert run.code == 1
    assert run.seconds < 5.0
    assert asked == [A.url, B.url]  # nothing after the service said "wait two minutes"
    assert inserted(run.before, run.after) == archive_lines(run, A, "20250502120000")
    assert row(run, B) == (
        "✗ failed line 31 beta lookup rate-limited: answered 429; the service asks for 120 s, "
        "more than --max-wait 3 s"
    )
    assert row(run, FOREIGN).startswith("✗ not tried line 41 fremd not looked up: the Wayback")
    assert "Note: stopped early: the Wayback Machine is rate-limiting lookups" in run.out
    assert_valid(run.after)


def test_query_string_and_non_ascii_url(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with fake_wayback(
        {FOREIGN.url: Script(lookups=[snapshot(FOREIGN.url, "20250503000000")])}
    ) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [FOREIGN])
        lookups = fake.made("lookup")
    assert run.code == 0
    # the API got the URL whole: its own query string and non-ASCII letters intact
    assert [(r.url, r.timestamp) for r in lookups] == [(FOREIGN.url, "20250501")]
    assert inserted(run.before, run.after) == archive_lines(run, FOREIGN, "20250503000000")
    assert (
        row(run, FOREIGN)
        == f"added line 21 fremd https://web.archive.org/web/20250503000000/{FOREIGN.url}"
    )
    assert run.seconds < 10.0
    assert_valid(run.after)


@dataclass(frozen=True)
class Save:
    name: str
    saves: list[Reply]
    row: str
    code: int
    written: bool
    save_requests: int


SAVES = [
    Save("capture", [CAPTURED], "captured line 21 alpha {url}", 0, True, 1),
    Save(
        "429 every time",
        [status(429, "1")],
        "✗ no snapshot line 21 alpha the Wayback Machine has no capture; "
        "capture rate-limited: answered 429 (after 3 tries)",
        1,
        False,
        3,
    ),
    Save(
        "5xx then capture",
        [status(502), status(503), CAPTURED],
        "captured line 21 alpha {url}",
        0,
        True,
        3,
    ),
]


@pytest.mark.parametrize("case", SAVES, ids=[case.name for case in SAVES])
def test_save(case: Save, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    script = Script(lookups=[NONE], saves=list(case.saves), capture_timestamp="20261125093000")
    with fake_wayback({A.url: script}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A], "--save")
        saves = fake.made("save")
        lookups = fake.made("lookup")
    assert run.code == case.code, run.out + run.err
    assert run.seconds < 10.0
    assert [r.url for r in saves] == [A.url] * case.save_requests
    expected = archive_lines(run, A, "20261125093000") if case.written else []
    assert inserted(run.before, run.after) == expected
    url = f"https://web.archive.org/web/20261125093000/{A.url}"
    assert row(run, A) == case.row.format(url=url)
    if case.written:  # looked up again after the capture, closest to today
        assert [r.timestamp for r in lookups][-1] == dt.date.today().strftime("%Y%m%d")
    assert_valid(run.after)


def test_capture_not_listed_yet_is_left_for_the_next_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Save Page Now accepted, but the availability API does not list the copy yet."""
    script = Script(lookups=[NONE], saves=[Reply(status=200)], indexed=False)
    with fake_wayback({A.url: script}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A], "--save")
        requests = [r.kind for r in fake.requests]
    assert run.code == 1
    assert requests == ["lookup", "save", "lookup"]
    assert inserted(run.before, run.after) == []
    assert row(run, A) == (
        "✗ capture requested line 21 alpha capture requested; the archive does not list a "
        "usable copy yet, the next run adds it"
    )


def test_editor_archive_left_alone_without_refresh(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = Cited(
        "mine", "https://mine.example/", archive=("https://archive.ph/abcde", "2025-05-01")
    )
    scripts = {
        A.url: Script(lookups=[_ok()]),
        mine.url: Script(lookups=[snapshot(mine.url, "20250601000000")]),
    }
    with fake_wayback(scripts) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A, mine])
        asked = [r.url for r in fake.made("lookup")]
    assert run.code == 0
    assert asked == [A.url]
    assert inserted(run.before, run.after) == archive_lines(run, A, "20250502120000")
    assert " mine  " not in run.out
    assert run.out.startswith(
        f"Archive of {tmp_path / 'claims.yaml'}: 2 sources, 1 looked up, 1 already archived"
    )


def test_refresh_replaces_the_recorded_archive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = Cited(
        "mine", "https://mine.example/", archive=("https://archive.ph/abcde", "2025-05-01")
    )
    with fake_wayback({mine.url: Script(lookups=[snapshot(mine.url, "20250601000000")])}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [mine], "--refresh")
    assert run.code == 0
    old, new = run.before.splitlines(), run.after.splitlines()
    changed = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
    assert changed == [
        (
            "    archive_url: https://archive.ph/abcde",
            "    archive_url: https://web.archive.org/web/20250601000000/https://mine.example/",
        ),
        ("    archive_date: 2025-05-01", "    archive_date: 2025-06-01"),
    ]
    assert row(run, mine).startswith("updated line 21 mine https://web.archive.org/web/2025")


def test_snapshot_years_after_access_writes_the_snapshot_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = Cited("old", "https://old.example/", accessed="2019-03-04")
    with fake_wayback({old.url: Script(lookups=[snapshot(old.url, "20240909101010")])}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [old])
        lookups = fake.made("lookup")
    assert run.code == 0
    assert [r.timestamp for r in lookups] == ["20190304"]
    assert inserted(run.before, run.after) == archive_lines(run, old, "20240909101010")
    assert inserted(run.before, run.after)[1][1] == "    archive_date: 2024-09-09"
    assert (
        row(run, old) == f"added line 21 old https://web.archive.org/web/20240909101010/{old.url}"
    )
    assert run.seconds < 10.0


def test_dry_run_prints_the_diff_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with fake_wayback({A.url: Script(lookups=[_ok()])}) as fake:
        run = run_archive(capsys, tmp_path, fake.base, [A], "--dry-run")
    assert run.code == 0
    assert run.after == run.before
    diff = [line for line in run.out.splitlines() if line.startswith(("+", "-", "@@"))]
    assert diff == [
        f"--- {tmp_path / 'claims.yaml'}",
        f"+++ {tmp_path / 'claims.yaml'}",
        "@@ -23,6 +23,8 @@",
        f"+    archive_url: https://web.archive.org/web/20250502120000/{A.url}",
        "+    archive_date: 2025-05-02",
    ]
    assert f"Dry run: {tmp_path / 'claims.yaml'} unchanged (2 lines would change)." in run.out


def test_no_network_is_one_line_and_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Nothing listening: the service is out of reach, so nothing is judged or written."""
    with fake_wayback() as fake:
        base = fake.base  # stopped on leaving the block: connections are refused
    run = run_archive(capsys, tmp_path, base, [A, B])
    assert run.code == 3
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("archive: could not check: the Wayback Machine could not be reached")
    assert lines[0].endswith("nothing was written (exit 3).")
    assert run.after == run.before
    assert run.seconds < 5.0


def test_invalid_data_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "claims.yaml"
    data.write_text(archive_data([A]).replace("accessed: 2025-05-01", "accessed: 2025-02-30"))
    code = main(["archive", str(data), "--wayback-api", "http://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{data}:{line_of(data.read_text(), '2025-02-30')}:" in err


def test_captures_per_run_are_bounded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with fake_wayback() as fake:  # no URL has a capture; every capture request succeeds
        run = run_archive(
            capsys, tmp_path, fake.base, [A, B, FOREIGN], "--save", "--max-saves", "1"
        )
        saves = [r.url for r in fake.made("save")]
    assert run.code == 1
    assert saves == [A.url]
    assert inserted(run.before, run.after) == archive_lines(run, A, "20261125093000")
    assert "Note: 2 captures left for the next run (--max-saves 1)." in run.out
    assert row(run, B) == "✗ no snapshot line 31 beta the Wayback Machine has no capture"


@pytest.mark.parametrize(
    ("option", "value"), [("--timeout", "0"), ("--retries", "-1"), ("--wayback-api", "ftp://x")]
)
def test_bad_usage_is_exit_2(
    option: str, value: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = run_archive(capsys, tmp_path, "http://127.0.0.1:9", [A], option, value)
    assert run.code == 2
    assert run.err.startswith("claimsite archive: ")
    assert option in run.err
    assert run.after == run.before
