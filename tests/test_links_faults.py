"""``links`` against a fault-injecting HTTP server on loopback addresses (never the internet).

Each test checks the classification, the line the URL is reported at, the exit code and that
the run ends within a bound (a guard against hangs, not a performance test).
"""

from __future__ import annotations

import json
import subprocess
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


def check_one(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    server: FaultServer,
    url: str,
    *extra: str,
) -> tuple[Run, dict[str, Any], int]:
    """Run ``links`` on a data file citing ``url``; return the run, its record and its line."""
    text = data_text([Src("only", url)])
    data = tmp_path / "claims.yaml"
    data.write_text(text, encoding="utf-8")
    run = run_links(
        capsys,
        data,
        write_config(tmp_path, server),
        write_policy(tmp_path),
        "--format",
        "json",
        *extra,
    )
    report = json.loads(run.out)
    (record,) = [r for r in report["results"] if r["url"] == url]
    return run, record, line_of(text, f"url: {url}")


@pytest.mark.parametrize(
    ("path", "outcome", "exit_code"),
    [
        ("/ok", "ok", 0),
        ("/404", "dead", 1),
        ("/410", "dead", 1),
        ("/403", "blocked", 0),
        ("/999", "blocked", 0),
        ("/head405", "ok", 0),
        ("/loop-a", "redirect loop", 0),
        ("/429-always", "rate-limited", 0),
        ("/503-always", "server error", 0),
    ],
)
def test_status_is_classified(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    outcome: str,
    exit_code: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        url = server.url(path)
        run, record, line = check_one(tmp_path, capsys, server, url)
    assert record["outcome"] == outcome, record
    assert record["lines"] == [line]
    assert record["claims"] == ["claim-only"]
    assert run.code == exit_code, run.err
    assert run.seconds < BOUND


def test_head_refused_but_get_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url("/head405"))
        assert server.count("/head405") >= 1
    assert (record["outcome"], record["lines"], run.code) == ("ok", [line], 0)
    assert run.seconds < BOUND


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_single_redirect_reports_final_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url(f"/single{code}"))
        final = server.url("/ok")
    assert record["outcome"] == "redirected"
    assert record["final_url"] == final
    assert (record["lines"], run.code) == ([line], 0)
    assert run.seconds < BOUND


def test_redirect_chain_through_every_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url("/r301"))
        hops = [server.count(p) for p in ("/r301", "/r302", "/r307", "/r308", "/ok")]
        final = server.url("/ok")
    assert record["outcome"] == "redirected"
    assert record["final_url"] == final
    assert "4 redirects" in record["detail"]
    assert hops == [1, 1, 1, 1, 1]
    assert (record["lines"], run.code) == ([line], 0)
    assert run.seconds < BOUND


def test_redirect_loop_fails_only_when_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url("/loop-a"), "--strict")
    assert record["outcome"] == "redirect loop"
    assert "loop" in record["detail"]
    assert (record["lines"], record["fails"], run.code) == ([line], True, 1)
    assert run.seconds < BOUND


def test_429_with_retry_after_is_retried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url("/429-once"))
        requests = server.count("/429-once")
    assert (record["outcome"], record["lines"], run.code) == ("ok", [line], 0)
    assert requests == 2
    assert run.seconds < BOUND


def test_503_then_200_recovers_on_recheck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url("/503-once"))
        requests = server.count("/503-once")
    assert record["outcome"] == "ok"
    assert "recovered on re-check" in record["detail"]
    assert requests == 2
    assert (record["lines"], run.code) == ([line], 0)
    assert run.seconds < BOUND


def test_persistent_server_error_fails_only_when_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(
            tmp_path, capsys, server, server.url("/503-always"), "--strict"
        )
    assert record["outcome"] == "server error"
    assert "re-check" in record["detail"]
    assert (record["lines"], run.code) == ([line], 1)
    assert run.seconds < BOUND


def test_stalled_response_times_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, server.url("/stall"))
    assert (record["outcome"], record["lines"], run.code) == ("timeout", [line], 0)
    assert run.seconds < BOUND


def test_refused_connection_is_dead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = refused_url()
    with fault_server() as server:
        run, record, line = check_one(tmp_path, capsys, server, url)
    assert record["outcome"] == "dead"
    assert "refused" in record["detail"]
    assert (record["lines"], run.code) == ([line], 1)
    assert run.seconds < BOUND


def test_blocking_host_with_archive_checks_the_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server(("127.0.0.1", "127.0.0.2")) as server:
        live = server.url("/post", host="127.0.0.2")
        archive = ARCHIVE + live
        text = data_text([Src("tweet", live, archive_url=archive)])
        data = tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        run = run_links(
            capsys,
            data,
            write_config(tmp_path, server),
            write_policy(tmp_path, ["127.0.0.2"]),
            "--format",
            "json",
        )
        live_requests = server.count("/post", host="127.0.0.2")
        archive_requests = sum(n for (h, p), n in server.hits.items() if p.startswith("/archive/"))
    results = {r["url"]: r for r in json.loads(run.out)["results"]}
    assert results[live]["outcome"] == "skipped"
    assert "blocks link checkers" in results[live]["detail"]
    assert results[live]["lines"] == [line_of(text, "url: ")]
    assert results[archive]["outcome"] == "ok"
    assert results[archive]["lines"] == [line_of(text, "archive_url: ")]
    assert (live_requests, archive_requests) == (0, 1)
    assert run.code == 0
    assert run.seconds < BOUND


def test_blocking_host_without_archive_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "step-summary.md"))
    with fault_server(("127.0.0.1", "127.0.0.2")) as server:
        live = server.url("/post", host="127.0.0.2")
        text = data_text([Src("tweet", live)])
        data = tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        run = run_links(
            capsys,
            data,
            write_config(tmp_path, server),
            write_policy(tmp_path, ["127.0.0.2"]),
            "--format",
            "github",
            "--summary",
            str(tmp_path / "summary.md"),
        )
        live_requests = server.count("/post", host="127.0.0.2")
    line = line_of(text, "url: ")
    assert run.code == 1
    assert live_requests == 0
    assert f"::error file={data},line={line},col=10,title=Link check%3A needs archive::" in run.out
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "needs archive ✗" in summary
    assert (tmp_path / "step-summary.md").read_text(encoding="utf-8") == summary
    assert run.seconds < BOUND


def test_dead_live_url_with_working_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        live = server.url("/404")
        recorded = server.url("/410")
        text = data_text(
            [
                Src("gone", live, archive_url=ARCHIVE + live),
                Src("known", recorded, archive_url=ARCHIVE + recorded, url_status="dead"),
            ]
        )
        data = tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        run = run_links(
            capsys, data, write_config(tmp_path, server), write_policy(tmp_path), "--format", "json"
        )
    results = {r["url"]: r for r in json.loads(run.out)["results"]}
    assert results[live]["outcome"] == "dead, archived"
    assert results[live]["action"] == "set url_status: dead in source gone"
    assert results[live]["lines"] == [line_of(text, f"url: {live}")]
    assert results[recorded]["outcome"] == "dead, archived"
    assert results[recorded]["action"] is None
    assert run.code == 0
    assert run.seconds < BOUND


def test_text_report_groups_by_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        dead, fine = server.url("/404"), server.url("/ok")
        text = data_text(
            [Src("a", dead), Src("b", fine)], explanation=f"See [the page]({dead}) again."
        )
        data = tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        run = run_links(capsys, data, write_config(tmp_path, server), write_policy(tmp_path))
    lines = run.out.splitlines()
    header = lines.index("claim-a — Spec a")
    row = lines[header + 1]
    first, second = line_of(text, f"url: {dead}"), line_of(text, f"[the page]({dead})")
    assert row.split() == ["✗", "dead", "line", f"{first},", str(second), dead]
    assert "claim-b — Spec b" not in lines
    assert lines[-1] == "Result: 1 link fails (dead) (exit 1)."
    assert run.code == 1
    assert run.seconds < BOUND


def _two_versions(tmp_path: Path, server: FaultServer) -> tuple[str, str]:
    old_dead, new_dead = server.url("/404"), server.url("/410")
    base = data_text([Src("old", old_dead)])
    current = data_text([Src("old", old_dead), Src("new", new_dead)])
    return base, current


def test_changed_urls_only_against_base_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        base, current = _two_versions(tmp_path, server)
        (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
        data = tmp_path / "claims.yaml"
        data.write_text(current, encoding="utf-8")
        run = run_links(
            capsys,
            data,
            write_config(tmp_path, server),
            write_policy(tmp_path),
            "--format",
            "json",
            "--base",
            str(tmp_path / "base.yaml"),
        )
        requests = (server.count("/404"), server.count("/410"))
    report = json.loads(run.out)
    assert [(r["url"].rsplit("/", 1)[1], r["outcome"]) for r in report["results"]] == [
        ("410", "dead")
    ]
    assert report["results"][0]["lines"] == [line_of(current, "/410")]
    assert (report["changed_only"], report["unchanged_not_checked"]) == (True, 1)
    assert requests == (0, 1)
    assert run.code == 1
    assert run.seconds < BOUND


def test_changed_urls_only_against_git_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    repo = tmp_path / "repo"
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
        base, current = _two_versions(tmp_path, server)
        git("init", "-q")
        data.write_text(base, encoding="utf-8")
        git("add", "data/claims.yaml")
        git("commit", "-q", "-m", "base")
        data.write_text(current, encoding="utf-8")
        config, policy = write_config(tmp_path, server), write_policy(tmp_path)
        changed = run_links(capsys, data, config, policy, "--format", "json", "--base-ref", "HEAD")
        unchanged_only = data_text([Src("old", server.url("/404"))])
        data.write_text(unchanged_only, encoding="utf-8")
        nothing = run_links(capsys, data, config, policy, "--base-ref", "HEAD")
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


def test_no_host_answering_is_one_line_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No host answers at all (no network): one line and the "could not check" code, not every
    URL "unreachable" beside a "needs archive" as if the data were broken."""
    monkeypatch.chdir(tmp_path)
    gone = "https://no-such-host.claimsite-test.invalid-tld-xyz/page"
    blocked = "http://127.0.0.2:9/post"  # a policy host: needs an archive, never requested
    data = tmp_path / "claims.yaml"
    data.write_text(data_text([Src("gone", gone), Src("tweet", blocked)]), encoding="utf-8")
    with fault_server() as server:
        config, policy = write_config(tmp_path, server), write_policy(tmp_path)
        text = run_links(capsys, data, config, policy)
        as_json = run_links(capsys, data, config, policy, "--format", "json")
        github = run_links(capsys, data, config, policy, "--format", "github")
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


def test_site_external_links_are_checked_per_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server(("127.0.0.1", "127.0.0.2")) as server:
        cited, broken = server.url("/ok"), server.url("/404")
        blocked = server.url("/post", host="127.0.0.2")
        data = tmp_path / "claims.yaml"
        data.write_text(data_text([Src("a", cited)]), encoding="utf-8")
        page = tmp_path / "site" / "claims" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html><body>\n<a href="{cited}">cited</a>\n<a href="../other/">internal</a>\n'
            f'<a href="{broken}">broken</a> <a href="{blocked}">blocked host</a>\n'
            "</body></html>\n",
            encoding="utf-8",
        )
        run = run_links(
            capsys,
            data,
            write_config(tmp_path, server),
            write_policy(tmp_path, ["127.0.0.2"]),
            "--format",
            "json",
            "--site",
            str(tmp_path / "site"),
        )
        blocked_requests = server.count("/post", host="127.0.0.2")
    results = {r["url"]: r for r in json.loads(run.out)["results"]}
    assert set(results) == {cited, broken, blocked}
    assert results[broken]["outcome"] == "dead"
    assert results[broken]["lines"] == []
    assert [(loc["field"], loc["line"]) for loc in results[broken]["locations"]] == [("href", 4)]
    assert results[blocked]["outcome"] == "skipped"
    assert results[cited]["outcome"] == "ok"
    assert {loc["field"] for loc in results[cited]["locations"]} == {"url", "href"}
    assert blocked_requests == 0
    assert run.code == 1
    assert run.seconds < BOUND


def test_lychee_offline_mode_is_reported_not_dead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with fault_server() as server:
        config = write_config(tmp_path, server)
        config.write_text(config.read_text() + "offline = true\n", encoding="utf-8")
        url = server.url("/404")
        text = data_text([Src("a", url)])
        data = tmp_path / "claims.yaml"
        data.write_text(text, encoding="utf-8")
        run = run_links(capsys, data, config, write_policy(tmp_path), "--all")
        requests = server.count("/404")
    assert "skipped" in run.out
    assert "lychee checked none of the 1 URLs it was given" in run.out
    assert f"line {line_of(text, 'url: ')}" in run.out
    assert (requests, run.code) == (0, 0)
    assert run.seconds < BOUND
