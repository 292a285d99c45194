"""Lighthouse scores and transfer size of the built site, served locally like a static host.

Run from the repository root with the project's venv::

    .venv/bin/python bench/lighthouse.py            # mobile preset (Lighthouse's default)
    .venv/bin/python bench/lighthouse.py --runs 5   # the median of five runs per page
    .venv/bin/python bench/lighthouse.py --preset desktop --check

It installs npm ``lighthouse`` into ``bench/.node/`` (git-ignored) the first time, builds the
site strict into a temporary directory, serves it on 127.0.0.1 with gzip and cache headers (as
GitHub Pages or any CDN would; Python's plain http.server sends neither, which would measure
the server rather than the site), and audits the home page, one claim page and the Figures
page with Debian's Chromium, ``--runs`` times each, interleaved (scores vary from run to run on
a shared machine: the table shows each page's median). Results go to ``bench/results/``
(git-ignored) and a table to stdout. With ``--check`` the exit status is 1 when a median score
misses its target.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
NODE_DIR = REPO / "bench" / ".node"
RESULTS = REPO / "bench" / "results"
LIGHTHOUSE_VERSION = "13.5.0"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Static files with what real hosts add: gzip for text and cache headers."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash-terminated address
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoding = None
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body, encoding = gzip.compress(body, mtime=0), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if "text" in kind else kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        hashed = "/assets/" in self.path and ".min." in self.path
        self.send_header("Cache-Control", "public, max-age=31536000" if hashed else "max-age=600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, as ``send_head`` must return for ``do_GET``."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class PageResult:
    name: str
    url: str
    scores: dict[str, int]
    transfer_bytes: int
    requests: int
    foreign_requests: list[str]
    failed_audits: list[str]


def ensure_lighthouse() -> Path:
    binary = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("bench/lighthouse.py needs Node.js and npm (apt-get install -y nodejs npm)")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_DIR} ...", file=sys.stderr)
    install = [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"]
    subprocess.run(
        [*install, "--loglevel=error", f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, timeout=600
    )
    return binary


def build_site(out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        timeout=600,
    )


@contextmanager
def serve(root: Path) -> Iterator[str]:
    def handler(*args: Any) -> StaticHostHandler:
        return StaticHostHandler(*args, directory=str(root))

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def claim_page_path() -> tuple[str, str]:
    """The claim whose page carries the most (evidence, history, variants, comparisons)."""
    sys.path.insert(0, str(REPO))
    from claimsite.datafile.loader import load_catalog
    from claimsite.render.urls import SiteUrls

    catalog = load_catalog(REPO / "data" / "claims.yaml")
    claim = max(
        catalog.data.claims,
        key=lambda c: len(c.evidence) + len(c.history) + len(c.claimed) + len(c.comparisons),
    )
    return claim.id, SiteUrls().claim_url(claim.id)


def run_lighthouse(binary: Path, url: str, preset: str, report: Path) -> dict[str, Any]:
    command = [
        str(binary),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def summarise(name: str, url: str, report: dict[str, Any]) -> PageResult:
    categories = report["categories"]
    audits = report["audits"]
    scores = {key: round(100 * (categories[key]["score"] or 0)) for key in CATEGORIES}
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    origin = urlsplit(url).netloc
    foreign = sorted(
        {
            item["url"]
            for item in requests
            if urlsplit(item["url"]).scheme in ("http", "https")
            and urlsplit(item["url"]).netloc != origin
        }
    )
    failed = sorted(
        f"{key}: {audits[ref['id']]['title']}"
        for key in CATEGORIES
        for ref in categories[key]["auditRefs"]
        if ref.get("weight", 0) > 0
        and audits[ref["id"]].get("score") is not None
        and audits[ref["id"]]["score"] < (0.9 if key == "performance" else 1)
    )
    return PageResult(
        name=name,
        url=url,
        scores=scores,
        transfer_bytes=int(audits["total-byte-weight"]["numericValue"]),
        requests=len(requests),
        foreign_requests=foreign,
        failed_audits=failed,
    )


def median_result(runs: list[PageResult]) -> PageResult:
    """One page's runs as one result: the median of each score, transfer size and request
    count; third-party requests and failed audits of any run."""
    return replace(
        runs[0],
        scores={key: round(statistics.median(r.scores[key] for r in runs)) for key in CATEGORIES},
        transfer_bytes=round(statistics.median(r.transfer_bytes for r in runs)),
        requests=round(statistics.median(r.requests for r in runs)),
        foreign_requests=sorted({url for r in runs for url in r.foreign_requests}),
        failed_audits=sorted({audit for r in runs for audit in r.failed_audits}),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    args = parser.parse_args(argv)
    binary = ensure_lighthouse()
    RESULTS.mkdir(parents=True, exist_ok=True)
    claim_id, claim_path = claim_page_path()
    pages = (("home", ""), (f"claim ({claim_id})", claim_path), ("figures", "charts/"))
    runs: dict[str, list[PageResult]] = {name: [] for name, _ in pages}
    keep = os.environ.get("LIGHTHOUSE_KEEP_REPORTS")
    with tempfile.TemporaryDirectory(prefix="claimsite-lighthouse-") as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build_site(site)
        with serve(site) as base:
            for run in range(1, args.runs + 1):
                for index, (name, path) in enumerate(pages):
                    report = Path(tmp) / f"report-{index}-{run}.json"
                    raw = run_lighthouse(binary, base + path, args.preset, report)
                    if keep:
                        shutil.copy(report, RESULTS / f"report-{args.preset}-{index}-{run}.json")
                    runs[name].append(summarise(name, base + path, raw))
    results = [median_result(page_runs) for page_runs in runs.values()]
    out = RESULTS / f"lighthouse-{args.preset}.json"
    out.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
    print(
        f"Lighthouse {LIGHTHOUSE_VERSION}, {args.preset} preset, median of {args.runs} run(s) "
        f"per page (results in {out})\n"
    )
    print("| page | performance | accessibility | best practices | SEO | transfer | requests |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    missed: list[str] = []
    for result in results:
        s = result.scores
        print(
            f"| {result.name} | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} | {result.transfer_bytes / 1024:.0f} KiB | "
            f"{result.requests} |"
        )
        missed += [
            f"{result.name}: {key} {s[key]} < {target}"
            for key, target in TARGETS.items()
            if s[key] < target
        ]
        missed += [f"{result.name}: third-party request {url}" for url in result.foreign_requests]
    for result in results:
        for audit in result.failed_audits:
            print(f"  {result.name} — {audit}")
    for line in missed:
        print(f"MISSED {line}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
