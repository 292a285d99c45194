"""The parts of the link check that need no server: gathering, policy, classification, output
parsing, change detection, usage errors and the project's own configuration files."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from claimsite.cli import main
from claimsite.links.changes import Baseline, baseline_from_text, changed_scope
from claimsite.links.checker import LinkReport, LinkResult
from claimsite.links.classify import Verdict, classify, host_exists
from claimsite.links.gather import (
    Link,
    Occurrence,
    find_urls,
    gather,
    read_tree,
    source_urls,
    urls_in_text,
)
from claimsite.links.lychee import LycheeResult, parse_report
from claimsite.links.outcomes import Outcome
from claimsite.links.report import markdown, render_text, to_json, workflow_commands
from tests.conftest import REPO
from tests.test_links_support import ARCHIVE, Src, data_text, line_of

BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"


# ---- gathering ---------------------------------------------------------------------------


def test_gather_finds_every_url_with_its_line_and_claims() -> None:
    shared = "https://one.example/page"
    text = data_text(
        [
            Src("a", shared, archive_url=ARCHIVE + shared),
            Src("b", shared),
            Src("c", "https://two.example/x"),
        ],
        explanation="Compare [this](https://three.example/y_(z)) with https://two.example/x.",
    )
    text = text.replace(
        "  publisher: Test Desk\n",
        "  publisher: Test Desk\n  publisher_url: https://desk.example/\n"
        "  repo_edit_url: https://github.com/o/r/edit/main/\n",
    )
    tree = read_tree(text, "claims.yaml")
    citing = {"a": ["claim-a"], "b": ["claim-b"], "c": ["claim-c"]}
    links = {link.url: link for link in gather(find_urls(tree), tree, citing)}
    assert set(links) == {
        "https://desk.example/",
        shared,
        ARCHIVE + shared,
        "https://two.example/x",
        "https://three.example/y_(z)",
    }
    one = links[shared]
    assert one.lines == [line_of(text, "url: " + shared), line_of(text, "id: b") + 3]
    assert one.claims == ["claim-a", "claim-b"]
    assert one.sources == ["a", "b"]
    assert links[ARCHIVE + shared].first.field == "archive_url"
    in_prose = links["https://three.example/y_(z)"].first
    assert (in_prose.line, in_prose.field, in_prose.owner) == (
        line_of(text, "Compare [this]"),
        "explanation",
        "claim claim-a",
    )
    assert in_prose.column == text.splitlines()[in_prose.line - 1].index("https://three") + 1
    two = links["https://two.example/x"]
    assert two.claims == ["claim-c", "claim-a"]
    assert links["https://desk.example/"].first.owner == "meta"


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("(see https://a.example/x).", ["https://a.example/x"]),
        (
            "[w](https://w.example/A_(b)) and https://a.example/;",
            ["https://w.example/A_(b)", "https://a.example/"],
        ),
        ("no address here, only http:// alone", []),
        ('"https://q.example/a?b=1&c=2"', ["https://q.example/a?b=1&c=2"]),
    ],
)
def test_urls_in_prose_are_trimmed(text: str, urls: list[str]) -> None:
    assert urls_in_text(text) == urls


# ---- policy ------------------------------------------------------------------------------


def test_bad_policy_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "claims.yaml"
    data.write_text(data_text([Src("a", "https://a.example/")]), encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("blocking_hosts:\n  - host: x.com\n", encoding="utf-8")
    code = main(
        ["links", str(data), "--config", str(REPO / "lychee.toml"), "--policy", str(policy)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"{policy}:2:5: missing required field 'reason'" in err
    assert "Traceback" not in err


# ---- classification ----------------------------------------------------------------------


def result(
    url: str = "https://site.example/a",
    bucket: str = "error",
    code: int | None = None,
    details: str = "",
    redirects: tuple[tuple[str, int], ...] = (),
) -> LycheeResult:
    return LycheeResult(url, url, bucket, code, "", details, redirects, "urls.txt", 1, 1)


def never_asked(host: str) -> bool | None:
    raise AssertionError(f"no DNS lookup expected, got {host}")


@pytest.mark.parametrize(
    ("lychee", "proven", "outcome"),
    [
        (result(code=404), False, Outcome.DEAD),
        (result(code=410), False, Outcome.DEAD),
        (result(code=403), False, Outcome.BLOCKED),
        (result(code=401), False, Outcome.BLOCKED),
        (result(code=999), False, Outcome.BLOCKED),
        (result(code=429), False, Outcome.RATE_LIMITED),
        (result(code=502), False, Outcome.SERVER_ERROR),
        (result(code=400), False, Outcome.CLIENT_ERROR),
        (result(bucket="timeout"), False, Outcome.TIMEOUT),
        (result(bucket="excluded"), False, Outcome.SKIPPED),
        (result(details="Connection refused - server may be down"), True, Outcome.DEAD),
        (result(details="Connection refused - server may be down"), False, Outcome.UNREACHABLE),
        (result(details="DNS resolution failed"), False, Outcome.UNREACHABLE),
        (result(details="DNS temporarily unavailable. Try again later"), True, Outcome.UNREACHABLE),
        (result(details="SSL certificate expired"), True, Outcome.ERROR),
        (result("http://127.0.0.1:9/x", details="Connection refused"), False, Outcome.DEAD),
    ],
)
def test_classification(lychee: LycheeResult, proven: bool, outcome: Outcome) -> None:
    def resolver(host: str) -> bool | None:
        return True

    assert classify(lychee, proven, resolver).outcome is outcome


def test_dns_failure_is_dead_only_when_the_network_works_and_the_name_is_gone() -> None:
    failed = result(details="Connection failed. Check network connectivity")
    assert classify(failed, False, never_asked).outcome is Outcome.UNREACHABLE
    gone = classify(failed, True, lambda host: False)
    assert gone == Verdict(Outcome.DEAD, "DNS: host name 'site.example' does not exist")
    assert classify(failed, True, lambda host: None).outcome is Outcome.UNREACHABLE


def test_redirects_are_told_apart_from_loops() -> None:
    hops = (("https://site.example/b", 301), ("https://site.example/c", 308))
    moved = classify(result(bucket="success", code=200, redirects=hops), False, never_asked)
    assert (moved.outcome, moved.final_url) == (Outcome.REDIRECTED, "https://site.example/c")
    loop = tuple((f"https://site.example/{'ab'[i % 2]}", 302) for i in range(10))
    looped = classify(result(code=302, redirects=loop), False, never_asked)
    assert (looped.outcome, looped.detail.split(" (")[0]) == (
        Outcome.REDIRECT_LOOP,
        "redirect loop",
    )
    chain = tuple((f"https://site.example/{i}", 301) for i in range(10))
    long = classify(result(code=301, redirects=chain), False, never_asked)
    assert long.detail.startswith("too many redirects")


def test_resolver_answers_for_local_names() -> None:
    assert host_exists("localhost", timeout=5) is True
    assert host_exists("") is None


# ---- every outcome through every report ---------------------------------------------------

FAILS_WITHOUT_STRICT = {"dead", "needs archive"}
NEVER_FAILS = {"ok", "skipped"}
NOTICES = {"redirected"}
"""Expectations written out by hand: a new outcome must be placed in them deliberately."""


def _one_per_outcome(strict: bool) -> LinkReport:
    """One URL per outcome, cited by one claim, listed in reverse report order."""
    results = []
    for line, outcome in enumerate(reversed(list(Outcome)), start=1):
        url = f"https://{outcome.name.lower().replace('_', '-')}.example/"
        link = Link(url)
        link.occurrences.append(
            Occurrence("claims.yaml", line, 7, "sources[0].url", "url", "source s", "s", ("c",))
        )
        action = "set url_status: dead in source s" if outcome is Outcome.DEAD_ARCHIVED else ""
        verdict = Verdict(outcome, f"detail of {outcome}")
        results.append(LinkResult(link, verdict, outcome.fails(strict, bool(action)), action))
    return LinkReport("claims.yaml", results, {"c": "Spec c"}, strict=strict)


@pytest.mark.parametrize("strict", [False, True])
def test_every_outcome_goes_through_every_report(strict: bool) -> None:
    report = _one_per_outcome(strict)
    labels = [str(outcome) for outcome in Outcome]
    failing = set(labels) - NEVER_FAILS if strict else FAILS_WITHOUT_STRICT

    record = to_json(report)
    assert record["counts"] == dict.fromkeys(labels, 1)
    assert {r["outcome"] for r in record["results"] if r["fails"]} == failing
    assert record["exit_code"] == 1

    text = io.StringIO()
    render_text(report, text, show_all=True)
    rows = [line for line in text.getvalue().splitlines() if line.endswith(".example/")]
    assert [row[4:].split("  line ")[0].strip() for row in rows] == labels  # report order
    assert f"Summary: {'; '.join(f'1 {label}' for label in labels)}." in text.getvalue()
    quiet = io.StringIO()
    render_text(report, quiet)
    shown = [line.split()[-1] for line in quiet.getvalue().splitlines() if line.endswith("e/")]
    assert set(shown) == {r["url"] for r in record["results"] if r["outcome"] not in NEVER_FAILS}

    levels = {}
    for command in workflow_commands(report):
        level, _, rest = command[2:].partition(" ")
        levels[rest.split("title=Link check%3A ")[1].split("::")[0].replace("%2C", ",")] = level
    assert levels == {
        label: "error" if label in failing else "notice" if label in NOTICES else "warning"
        for label in labels
        if label not in NEVER_FAILS
    }
    table = [line.split(" | ")[0][2:] for line in markdown(report).splitlines()[6:20]]
    assert table == labels


# ---- lychee's report ---------------------------------------------------------------------


def test_report_is_matched_to_our_urls_by_line() -> None:
    urls = ["https://web.archive.org/web/1/https://a.example/", "https://b.example/"]
    data = {
        "error_map": {
            "/tmp/x/urls.txt": [
                {
                    "url": "http://127.0.0.1:1/archive/1/https://a.example/",
                    "status": {"text": "Rejected status code: 404 Not Found", "code": 404},
                    "remap": {"original": {"url": urls[0]}},
                    "span": {"line": 1, "column": 1},
                }
            ],
            "site/index.html": [
                {
                    "url": "https://c.example/",
                    "status": {"text": "x", "code": 500},
                    "span": {"line": 7, "column": 3},
                }
            ],
        },
        "success_map": {
            "/tmp/x/urls.txt": [
                {
                    "url": "https://b.example/",
                    "status": {"text": "200 OK", "code": 200},
                    "redirects": {"redirects": [{"url": "https://b.example/new", "code": 301}]},
                    "span": {"line": 2, "column": 1},
                }
            ]
        },
        "redirect_map": {"/tmp/x/urls.txt": [{"origin": "https://b.example/"}]},
        "total": 3,
    }
    by_url, pages = parse_report(data, "/tmp/x/urls.txt", urls)
    assert set(by_url) == set(urls)
    assert by_url[urls[0]].code == 404
    assert by_url[urls[0]].checked.startswith("http://127.0.0.1:1/")
    assert by_url[urls[1]].final_url == "https://b.example/new"
    assert [(p.url, p.input, p.line, p.column) for p in pages] == [
        ("https://c.example/", "site/index.html", 7, 3)
    ]


# ---- change detection --------------------------------------------------------------------


def test_changed_scope_covers_new_urls_and_changed_sources() -> None:
    old = data_text([Src("a", "https://a.example/"), Src("b", "https://b.example/")])
    new = data_text(
        [
            Src("a", "https://a.example/", archive_url=ARCHIVE + "https://a.example/"),
            Src("b", "https://b.example/"),
            Src("c", "https://c.example/"),
        ]
    )
    baseline = baseline_from_text(old, "old")
    tree = read_tree(new, "new")
    urls, sources = changed_scope(find_urls(tree), source_urls(tree), baseline)
    assert urls == {"https://a.example/", ARCHIVE + "https://a.example/", "https://c.example/"}
    assert sources == {"a", "c"}
    everything, _ = changed_scope(
        find_urls(tree), source_urls(tree), Baseline("none", missing=True)
    )
    assert len(everything) == 4


# ---- usage errors: exit 2 and a message, never a traceback ---------------------------------


def write_data(tmp_path: Path) -> Path:
    data = tmp_path / "claims.yaml"
    data.write_text(data_text([Src("a", "http://127.0.0.1:9/a")]), encoding="utf-8")
    return data


def links(*args: str) -> int:
    return main(["links", *args, "--policy", str(REPO / "link-policy.yaml")])


def test_missing_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = links(str(write_data(tmp_path)), "--config", str(tmp_path / "nope.toml"))
    assert code == 2
    assert "lychee configuration not found" in capsys.readouterr().err


def test_invalid_data_exits_2_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(tmp_path)
    data.write_text(data.read_text().replace("kind: blog", "kind: blogg"), encoding="utf-8")
    code = links(str(data), "--config", str(REPO / "lychee.toml"))
    err = capsys.readouterr().err
    assert code == 2
    assert f"{data}:{line_of(data.read_text(), 'kind: blogg')}:" in err


def test_unknown_base_ref_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(tmp_path)
    code = links(str(data), "--config", str(REPO / "lychee.toml"), "--base-ref", "no-such-ref-x")
    assert code == 2
    assert "cannot read" in capsys.readouterr().err
    assert links(str(data), "--config", str(REPO / "lychee.toml"), "--base-ref=-oops") == 2


def test_missing_lychee_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(tmp_path)
    code = links(
        str(data), "--config", str(REPO / "lychee.toml"), "--lychee", str(tmp_path / "no-lychee")
    )
    assert code == 2
    assert "cannot run lychee" in capsys.readouterr().err


def test_lychee_config_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("timeout = 'soon'\n", encoding="utf-8")
    code = links(str(write_data(tmp_path)), "--config", str(config), "--max-time", "30")
    err = capsys.readouterr().err
    assert code == 2
    assert "lychee rejected its configuration" in err
    assert "Stack backtrace" not in err


# ---- the project's own files -------------------------------------------------------------


def test_project_lychee_config_is_accepted_by_the_pinned_lychee(tmp_path: Path) -> None:
    lychee = BIN / "lychee"
    if not lychee.exists():
        pytest.skip("lychee is not installed in .venv")
    listed = tmp_path / "urls.txt"
    listed.write_text("https://docs.python.org/3/\n", encoding="utf-8")
    done = subprocess.run(
        [str(lychee), "--config", str(REPO / "lychee.toml"), "--dump", str(listed)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "https://docs.python.org/3/" in done.stdout


def test_links_workflow_passes_actionlint() -> None:
    actionlint = BIN / "actionlint"
    if not actionlint.exists() and shutil.which("actionlint") is None:
        pytest.skip("actionlint is not installed")
    tool = str(actionlint) if actionlint.exists() else "actionlint"
    done = subprocess.run(
        [tool, ".github/workflows/links.yml"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
