"""The archive command's parts without a server: scalars, in-place edits, the API's answers,
``Retry-After``, pacing and the time limit (on a fake clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimsite.datafile.edits import EditError, EntryEdit, apply_edits, scalar
from claimsite.links.wayback import (
    Failure,
    Limits,
    Snapshot,
    WaybackClient,
    WaybackError,
    _Answer,
    parse_availability,
    retry_after,
)

WAYBACK = "http://web.archive.org/web/20250502120000/https://a.example/"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("https://web.archive.org/web/20250502120000/https://a.example/?q=1&b=ü", None),
        ("2025-05-02", None),  # the loader keeps dates as text, so a plain date reads back
        ("https://a.example/#frag", None),
        ("a: b", '"a: b"'),
        ("x #comment", '"x #comment"'),
        ("@handle", '"@handle"'),
        ("yes", '"yes"'),
        ("", '""'),
    ],
)
def test_scalar_is_plain_only_when_it_reads_back(value: str, written: str | None) -> None:
    assert scalar(value) == (value if written is None else written)


ENTRY = (
    "sources:\n  - id: a\n    url: https://a.example/\n    accessed: 2025-01-01\n    kind: blog\n"
)
FIELDS = {"archive_url": "https://web.archive.org/web/1/x", "archive_date": "2025-01-02"}
ADDED = "    archive_url: https://web.archive.org/web/1/x\n    archive_date: 2025-01-02\n"


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        (ENTRY, "accessed", ENTRY.replace("    kind", ADDED + "    kind")),
        (ENTRY, "missing", ENTRY + ADDED),  # no such key: after the entry's last field
        (ENTRY.rstrip("\n"), "kind", ENTRY + ADDED.rstrip("\n") + "\n"),
        (
            ENTRY.replace("\n", "\r\n"),
            "accessed",
            ENTRY.replace("    kind", ADDED + "    kind").replace("\n", "\r\n"),
        ),
        (
            ENTRY.replace("kind: blog\n", "note: |\n      two\n      lines\n\n    kind: blog\n"),
            "note",
            ENTRY.replace(
                "kind: blog\n", "note: |\n      two\n      lines\n" + ADDED + "\n    kind: blog\n"
            ),
        ),
    ],
    ids=["after accessed", "no anchor", "no final newline", "CRLF", "after a block scalar"],
)
def test_edits_add_lines_and_touch_nothing_else(text: str, after: str, expected: str) -> None:
    assert apply_edits(text, "f.yaml", [EntryEdit("sources", 0, FIELDS, after)]) == expected


def test_edits_replace_an_existing_value_in_place() -> None:
    text = ENTRY.replace(
        "kind: blog", "archive_url: 'https://archive.ph/x'  # mine\n    kind: blog"
    )
    edit = EntryEdit("sources", 0, {"archive_url": "https://web.archive.org/web/1/x"}, "accessed")
    assert apply_edits(text, "f.yaml", [edit]) == text.replace(
        "'https://archive.ph/x'", "https://web.archive.org/web/1/x"
    )


def test_flow_style_entries_are_left_to_editors() -> None:
    text = "sources:\n  - {id: a, url: 'https://a.example/', accessed: 2025-01-01}\n"
    with pytest.raises(EditError, match="flow style"):
        apply_edits(text, "f.yaml", [EntryEdit("sources", 0, FIELDS, "accessed")])


def _closest(**fields: object) -> bytes:
    import json

    closest = {"available": True, "url": WAYBACK, "timestamp": "20250502120000", "status": "200"}
    return json.dumps({"archived_snapshots": {"closest": {**closest, **fields}}}).encode()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_closest(), Snapshot(WAYBACK.replace("http:", "https:"), "20250502120000", 200)),
        (
            _closest(status="404"),
            Snapshot(WAYBACK.replace("http:", "https:"), "20250502120000", 404),
        ),
        (
            _closest(status=None),
            Snapshot(WAYBACK.replace("http:", "https:"), "20250502120000", None),
        ),
        (_closest(available=False), None),
        (b'{"archived_snapshots": {}}', None),
        (
            _closest(url="https://evil.example/web/20250502120000/x"),
            "not a Wayback Machine capture",
        ),
        (_closest(timestamp="20250502120001"), "not a Wayback Machine capture"),
        (
            _closest(timestamp="20251302120000", url=WAYBACK.replace("0502", "1302")),
            "not a Wayback",
        ),
        (b"[]", "no 'archived_snapshots'"),
        (b"\xff", "not JSON"),
    ],
)
def test_availability_answers(body: bytes, expected: Snapshot | str | None) -> None:
    if isinstance(expected, str):
        with pytest.raises(WaybackError, match=expected) as error:
            parse_availability(body)
        assert error.value.failure is Failure.BAD_ANSWER
    else:
        assert parse_availability(body) == expected


def test_only_2xx_captures_are_usable() -> None:
    assert [
        Snapshot("u", "20250502120000", code).usable for code in (200, 204, 302, 404, None)
    ] == [
        True,
        True,
        False,
        False,
        False,
    ]


NOW = dt.datetime(2026, 12, 1, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 0 ", 0.0),
        ("Tue, 01 Dec 2026 12:00:30 GMT", 30.0),
        ("Tue, 01 Dec 2026 11:00:00 GMT", 0.0),  # a moment already past: no wait
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert retry_after(header, NOW) == seconds


class _Scripted(WaybackClient):
    """A client whose requests get scripted answers, on a fake clock."""

    answers: list[_Answer]
    made: list[float]

    def _get(self, address: str, timeout: float, follow: bool) -> _Answer:
        self.made.append(self.clock())
        return self.answers.pop(0)


def _client(answers: list[_Answer], limits: Limits) -> tuple[_Scripted, list[float]]:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    client = _Scripted(limits=limits, clock=lambda: now[0], sleep=sleep)
    client.answers, client.made = answers, []
    return client, slept


EMPTY = _Answer(200, None, b'{"archived_snapshots": {}}')


def test_lookups_are_paced_and_429_waits_for_retry_after() -> None:
    limits = Limits(interval=2.0, backoff=1.0)
    client, _ = _client([EMPTY, _Answer(429, "5", b""), EMPTY], limits)
    day = dt.date(2025, 1, 1)
    assert client.lookup("https://a.example/", day) is None
    assert client.lookup("https://b.example/", day) is None
    assert client.made == [0.0, 2.0, 7.0]  # two seconds apart; then the asked-for five


def test_back_off_doubles_without_retry_after_and_gives_up_after_the_retries() -> None:
    client, slept = _client([_Answer(503, None, b"")] * 4, Limits(interval=0, backoff=1.0))
    with pytest.raises(WaybackError, match=r"answered 503 \(after 4 tries\)") as error:
        client.lookup("https://a.example/", dt.date(2025, 1, 1))
    assert error.value.failure is Failure.SERVER_ERROR
    assert slept == [1.0, 2.0, 4.0]


def test_the_time_limit_stops_before_a_wait_would_pass_it() -> None:
    limits = Limits(interval=0, max_time=10.0, max_wait=60.0)
    client, slept = _client([_Answer(429, "30", b"")], limits)
    with pytest.raises(WaybackError) as error:
        client.lookup("https://a.example/", dt.date(2025, 1, 1))
    assert error.value.failure is Failure.OUT_OF_TIME
    assert slept == []
