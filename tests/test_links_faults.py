"""``links`` against a fault-injecting HTTP server on loopback addresses (never the internet).

Each test checks the classification, the line the URL is reported at, the exit code and that
the run ends within a bound (a guard against hangs, not a performance test).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.test_links_support import (
    ARCHIVE,
    FaultServer,
    Run,
    Src,
    data_text,
    fault_server,
    line_of,
    refused_url,
    run_links,
    write_config,
    write_policy,
)

BOUND = 20.0
"""Seconds any single run may take; the slowest case (a stalled response) needs about 3."""


@dataclass(frozen=True)
class Checker:
    """Runs ``links`` in a test's folder (the current directory while the test runs)."""

    tmp_path: Path
    capsys: pytest.CaptureFixture[str]

    def run(
        self, server: FaultServer, sources: Sequence[Src], *extra: str, explanation: str = ""
    ) -> tuple[Run, str, Path]:
        """Run on a data file citing ``sources`` (policy: 127.0.0.2 blocks checkers); return
        the run, the data file's text and its path."""
        text = data_text(sources, explanation=explanation)
        data = self.tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        config, policy = write_config(self.tmp_path, server), write_policy(self.tmp_path)
        return run_links(self.capsys, data, config, policy, *extra), text, data


@pytest.fixture
def check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Checker:
    monkeypatch.chdir(tmp_path)
    return Checker(tmp_path, capsys)


def finished(run: Run, exit_code: int) -> None:
    """The run exited with ``exit_code`` within the bound."""
    assert run.code == exit_code, run.err
    assert run.seconds < BOUND


def records(run: Run) -> dict[str, dict[str, Any]]:
    """The JSON report's records, by URL."""
    return {record["url"]: record for record in json.loads(run.out)["results"]}


@dataclass(frozen=True)
class Fault:
    """One URL on the fault server (``path``; empty: a port that refuses connections) and what
    the check must make of it."""

    path: str
    outcome: str
    exit_code: int
    args: tuple[str, ...] = ()
    detail: str = ""
    """A phrase the record's detail contains."""
    final: str = ""
    """The path the redirects end at."""
    requests: tuple[tuple[str, int], ...] = ()
    """How often the server saw each path."""


FAULTS = [
    Fault("/ok", "ok", 0, requests=(("/ok", 1),)),
    Fault("/404", "dead", 1),
    Fault("/410", "dead", 1),
    Fault("/403", "blocked", 0, detail="refuses the checker"),
    Fault("/999", "blocked", 0),
    Fault("/head405", "ok", 0, requests=(("/head405", 1),)),
    *(Fault(f"/single{code}", "redirected", 0, final="/ok") for code in (301, 302, 307, 308)),
    Fault(
        "/r301",
        "redirected",
        0,
        detail="4 redirects",
        final="/ok",
        requests=tuple((path, 1) for path in ("/r301", "/r302", "/r307", "/r308", "/ok")),
    ),
    Fault("/loop-a", "redirect loop", 0),
    Fault("/loop-a", "redirect loop", 1, args=("--strict",), detail="loop"),
    Fault("/429-always", "rate-limited", 0),
    Fault("/429-once", "ok", 0, requests=(("/429-once", 2),)),
    Fault("/503-once", "ok", 0, detail="recovered on re-check", requests=(("/503-once", 2),)),
    Fault("/503-always", "server error", 0),
    Fault("/503-always", "server error", 1, args=("--strict",), detail="re-check"),
    Fault("/stall", "timeout", 0),
    Fault("", "dead", 1, detail="refused"),
]


@pytest.mark.parametrize(
    "fault", FAULTS, ids=[f"{f.path or 'refused'}{''.join(f.args)}" for f in FAULTS]
)
def test_each_fault_is_classified_at_its_line(check: Checker, fault: Fault) -> None:
    with fault_server() as server:
        url = server.url(fault.path) if fault.path else refused_url()
        sources = [Src("only", url)]
        run, text, _ = check.run(server, sources, "--format", "json", *fault.args)
        requests = tuple((path, server.count(path)) for path, _ in fault.requests)
        final = server.url(fault.final) if fault.final else None
    record = records(run)[url]
    assert record["outcome"] == fault.outcome, record
    assert (record["lines"], record["claims"]) == ([line_of(text, f"url: {url}")], ["claim-only"])
    assert fault.detail in record["detail"]
    assert record["final_url"] == final
    assert requests == fault.requests
    finished(run, fault.exit_code)


def test_blocking_host_with_archive_checks_the_archive(check: Checker) -> None:
    with fault_server(("127.0.0.1", "127.0.0.2")) as server:
        live = server.url("/post", host="127.0.0.2")
        archive = ARCHIVE + live
        sources = [Src("tweet", live, archive_url=archive)]
        run, text, _ = check.run(server, sources, "--format", "json")
        live_requests = server.count("/post", host="127.0.0.2")
        archive_requests = sum(n for (h, p), n in server.hits.items() if p.startswith("/archive/"))
    results = records(run)
    assert results[live]["outcome"] == "skipped"
    assert "blocks link checkers" in results[live]["detail"]
    assert results[live]["lines"] == [line_of(text, "url: ")]
    assert results[archive]["outcome"] == "ok"
    assert results[archive]["lines"] == [line_of(text, "archive_url: ")]
    assert (live_requests, archive_requests) == (0, 1)
    finished(run, 0)


def test_blocking_host_without_archive_fails(
    check: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(check.tmp_path / "step-summary.md"))
    with fault_server(("127.0.0.1", "127.0.0.2")) as server:
        live = server.url("/post", host="127.0.0.2")
        summary_file = str(check.tmp_path / "summary.md")
        sources = [Src("tweet", live)]
        run, text, data = check.run(
            server, sources, "--format", "github", "--summary", summary_file
        )
        live_requests = server.count("/post", host="127.0.0.2")
    line = line_of(text, "url: ")
    assert live_requests == 0
    assert f"::error file={data},line={line},col=10,title=Link check%3A needs archive::" in run.out
    summary = (check.tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "needs archive ✗" in summary
    assert (check.tmp_path / "step-summary.md").read_text(encoding="utf-8") == summary
    finished(run, 1)


def test_dead_live_url_with_working_archive(check: Checker) -> None:
    with fault_server() as server:
        live = server.url("/404")
        recorded = server.url("/410")
        sources = [
            Src("gone", live, archive_url=ARCHIVE + live),
            Src("known", recorded, archive_url=ARCHIVE + recorded, url_status="dead"),
        ]
        run, text, _ = check.run(server, sources, "--format", "json")
    results = records(run)
    assert results[live]["outcome"] == "dead, archived"
    assert results[live]["action"] == "set url_status: dead in source gone"
    assert results[live]["lines"] == [line_of(text, f"url: {live}")]
    assert results[recorded]["outcome"] == "dead, archived"
    assert results[recorded]["action"] is None
    finished(run, 0)


def test_text_report_groups_by_claim(check: Checker) -> None:
    with fault_server() as server:
        dead, fine = server.url("/404"), server.url("/ok")
        sources = [Src("a", dead), Src("b", fine)]
        explanation = f"See [the page]({dead}) again."
        run, text, _ = check.run(server, sources, explanation=explanation)
    lines = run.out.splitlines()
    header = lines.index("claim-a — Spec a")
    row = lines[header + 1]
    first, second = line_of(text, f"url: {dead}"), line_of(text, f"[the page]({dead})")
    assert row.split() == ["✗", "dead", "line", f"{first},", str(second), dead]
    assert "claim-b — Spec b" not in lines
    assert lines[-1] == "Result: 1 link fails (dead) (exit 1)."
    finished(run, 1)


def _two_versions(server: FaultServer) -> tuple[list[Src], list[Src]]:
    """The sources of a base version citing a dead URL, and of a change adding another."""
    old_dead, new_dead = server.url("/404"), server.url("/410")
    return [Src("old", old_dead)], [Src("old", old_dead), Src("new", new_dead)]


def test_changed_urls_only_against_base_file(check: Checker) -> None:
    with fault_server() as server:
        old, new = _two_versions(server)
        (check.tmp_path / "base.yaml").write_text(data_text(old), encoding="utf-8")
        base = str(check.tmp_path / "base.yaml")
        run, current, _ = check.run(server, new, "--format", "json", "--base", base)
        requests = (server.count("/404"), server.count("/410"))
    report = json.loads(run.out)
    assert [(r["url"].rsplit("/", 1)[1], r["outcome"]) for r in report["results"]] == [
        ("410", "dead")
    ]
    assert report["results"][0]["lines"] == [line_of(current, "/410")]
    assert (report["changed_only"], report["unchanged_not_checked"]) == (True, 1)
    assert requests == (0, 1)
    finished(run, 1)


def test_changed_urls_only_against_git_ref(check: Checker) -> None:
    repo = check.tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    data = repo / "data" / "claims.yaml"

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            timeout=30,
        )

    with fault_server() as server:
        old, new = _two_versions(server)
        base, current = data_text(old), data_text(new)
        git("init", "-q")
        data.write_text(base, encoding="utf-8")
        git("add", "data/claims.yaml")
        git("commit", "-q", "-m", "base")
        data.write_text(current, encoding="utf-8")
        config, policy = write_config(check.tmp_path, server), write_policy(check.tmp_path)
        changed = run_links(
            check.capsys, data, config, policy, "--format", "json", "--base-ref", "HEAD"
        )
        unchanged_only = data_text([Src("old", server.url("/404"))])
        data.write_text(unchanged_only, encoding="utf-8")
        nothing = run_links(check.capsys, data, config, policy, "--base-ref", "HEAD")
        requests = (server.count("/404"), server.count("/410"))
    report = json.loads(changed.out)
    assert [r["outcome"] for r in report["results"]] == ["dead"]
    assert report["results"][0]["lines"] == [line_of(current, "/410")]
    assert report["base"] == f"{data} at HEAD"
    assert changed.code == 1
    assert nothing.code == 0
    assert "0 URLs" in nothing.out
    assert requests == (0, 1)
    assert changed.seconds + nothing.seconds < BOUND


def test_no_host_answering_is_one_line_and_exit_3(check: Checker) -> None:
    """No host answers at all (no network): one line and the "could not check" code, not every
    URL "unreachable" beside a "needs archive" as if the data were broken."""
    gone = "https://no-such-host.claimsite-test.invalid-tld-xyz/page"
    blocked = "http://127.0.0.2:9/post"  # a policy host: needs an archive, never requested
    data = check.tmp_path / "claims.yaml"
    data.write_text(data_text([Src("gone", gone), Src("tweet", blocked)]), encoding="utf-8")
    with fault_server() as server:
        config, policy = write_config(check.tmp_path, server), write_policy(check.tmp_path)
        text = run_links(check.capsys, data, config, policy)
        as_json = run_links(check.capsys, data, config, policy, "--format", "json")
        github = run_links(check.capsys, data, config, policy, "--format", "github")
    line = "links: could not check: no host answered (1 of 2 URLs unreachable, e.g. "
    assert (text.code, as_json.code, github.code) == (3, 3, 3)
    assert text.out == ""
    (said,) = [entry for entry in text.err.splitlines() if entry.startswith("links:")]
    assert said.startswith(line)
    assert said.endswith("nothing was judged — run again with network access (exit 3).")
    report = json.loads(as_json.out)
    assert (report["exit_code"], report["not_checked"]) == (3, True)
    assert github.out.splitlines()[0].startswith("::warning title=Link check%3A not checked::")
    assert "needs archive" not in text.err + github.out
    assert text.seconds + as_json.seconds + github.seconds < 3 * BOUND


def test_site_external_links_are_checked_per_page(check: Checker) -> None:
    with fault_server(("127.0.0.1", "127.0.0.2")) as server:
        cited, broken = server.url("/ok"), server.url("/404")
        blocked = server.url("/post", host="127.0.0.2")
        page = check.tmp_path / "site" / "claims" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html><body>\n<a href="{cited}">cited</a>\n<a href="../other/">internal</a>\n'
            f'<a href="{broken}">broken</a> <a href="{blocked}">blocked host</a>\n'
            "</body></html>\n",
            encoding="utf-8",
        )
        site = str(check.tmp_path / "site")
        run, _, _ = check.run(server, [Src("a", cited)], "--format", "json", "--site", site)
        blocked_requests = server.count("/post", host="127.0.0.2")
    results = records(run)
    assert set(results) == {cited, broken, blocked}
    assert results[broken]["outcome"] == "dead"
    assert results[broken]["lines"] == []
    assert [(loc["field"], loc["line"]) for loc in results[broken]["locations"]] == [("href", 4)]
    assert results[blocked]["outcome"] == "skipped"
    assert results[cited]["outcome"] == "ok"
    assert {loc["field"] for loc in results[cited]["locations"]} == {"url", "href"}
    assert blocked_requests == 0
    finished(run, 1)


def test_lychee_offline_mode_is_reported_not_dead(check: Checker) -> None:
    with fault_server() as server:
        config = write_config(check.tmp_path, server)
        config.write_text(config.read_text() + "offline = true\n", encoding="utf-8")
        url = server.url("/404")
        text = data_text([Src("a", url)])
        data = check.tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        run = run_links(check.capsys, data, config, write_policy(check.tmp_path), "--all")
        requests = server.count("/404")
    assert "skipped" in run.out
    assert "lychee checked none of the 1 URLs it was given" in run.out
    assert f"line {line_of(text, 'url: ')}" in run.out
    assert requests == 0
    finished(run, 0)
