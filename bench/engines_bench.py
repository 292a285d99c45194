"""MkDocs with the hooks against Zensical from ``claimsite generate`` (run by hand, from the
repository root: ``.venv/bin/python bench/engines_bench.py [--runs N] [--claims N]``).

For the real site and a synthetic site (``engine_bench.synthetic_yaml``, 1,000 claims by
default), the two builds take turns, so that the load of a shared machine falls on both:

- **MkDocs**: ``mkdocs build`` with the hooks (the main path);
- **Zensical**: ``claimsite generate`` and then ``zensical build`` of the generated tree, both
  counted (times added up; peak memory the larger of the two processes).

Each build's CPU time (user + system, the figure that other people's work on a shared machine
does not stretch), wall time and peak resident memory are reported. Then ``serve``: each
engine's development server on 127.0.0.1, from a saved one-line edit of the data file to the
claim page serving the new text (wall time). Zensical cannot watch the data file, so its figure
includes running ``claimsite generate`` after the edit (what an editor, or a file watcher, would
do). Nothing is asserted: the figures go into the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from engine_bench import (
    MEASURED_CHILD,
    PY,
    _free_port,
    _wait_for,
    copy_site,
    cpu_seconds,
    serving,
    write_synthetic,
)

from claimsite.datafile.loader import load_catalog


@dataclass
class Figures:
    """Every run of one kind of build."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    peak_mib: float = 0.0


def measured(project: Path, record: Figures, *steps: tuple[str, ...]) -> None:
    """Run each ``(module, *args)`` step in a child in ``project``; add up their CPU and wall
    time as one run of ``record`` and keep the largest peak memory."""
    cpu = wall = 0.0
    for module, *args in steps:
        peak_file = project / "peak-kib.txt"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CLAIMSITE_BENCH_PEAK": str(peak_file)}
        start, cpu_start = time.perf_counter(), cpu_seconds()
        done = subprocess.run(
            [PY, "-c", MEASURED_CHILD, module, *args],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        wall += time.perf_counter() - start
        cpu += cpu_seconds() - cpu_start
        if done.returncode != 0:
            raise SystemExit(f"{module} {' '.join(args)} failed in {project}:\n{done.stderr}")
        record.peak_mib = max(record.peak_mib, int(peak_file.read_text("ascii")) / 1024)
    record.cpu.append(cpu)
    record.wall.append(wall)


SETTLE = 3.0
"""Seconds a server gets after its first page before the first edit: a server that is still
starting its file watcher would miss the edit and wait for the next."""

GENERATE = ("claimsite", "generate", "generated")
ZENSICAL = ("zensical", "build", "-f", "generated/mkdocs.yml")


def compare_builds(project: Path, runs: int) -> tuple[Figures, Figures]:
    """MkDocs with hooks and generate + Zensical, taking turns, each from a clean output."""
    mkdocs, zensical = Figures(), Figures()
    for _ in range(runs):
        shutil.rmtree(project / "site", ignore_errors=True)
        measured(project, mkdocs, ("mkdocs", "build", "-q", "-d", "site"))
        shutil.rmtree(project / "generated", ignore_errors=True)
        measured(project, zensical, GENERATE, ZENSICAL)
    return mkdocs, zensical


def _edit_times(
    project: Path, port: int, runs: int, after_edit: Callable[[], object]
) -> list[float]:
    """Seconds from each saved one-line data edit (a word added to the first claim's
    ``conclusion:`` line), through ``after_edit``, to the claim page serving the word."""
    data = project / "data" / "claims.yaml"
    original = data.read_text(encoding="utf-8")
    claim = load_catalog(data).data.claims[0]
    line = f"conclusion: {claim.conclusion}\n"
    if line not in original:
        raise SystemExit(f"serve: the first claim's conclusion is not on one plain line: {line}")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    prefix = urlsplit(config.get("site_url") or "/").path.rstrip("/")
    path = f"{prefix}/claims/{claim.id}/"
    _wait_for(port, path, f'data-claim="{claim.id}"', 600)
    time.sleep(SETTLE)
    times = []
    for run in range(runs):
        token = f"benchtoken{port}x{run}x"
        start = time.perf_counter()
        edited = original.replace(line, f"conclusion: {claim.conclusion} {token}\n", 1)
        data.write_text(edited, encoding="utf-8")
        after_edit()
        _wait_for(port, path, token, 300)
        times.append(time.perf_counter() - start)
    data.write_text(original, encoding="utf-8")
    return times


def serve_latency(project: Path, runs: int) -> tuple[float, float]:
    """Median seconds from a saved data edit to the updated claim page: MkDocs, Zensical."""
    port = _free_port()
    with serving(project, port):
        mkdocs_times = _edit_times(project, port, runs, lambda: None)
    shutil.rmtree(project / "generated", ignore_errors=True)
    regenerate = Figures()
    measured(project, regenerate, GENERATE)
    port = _free_port()
    zensical = [PY, "-m", "zensical", "serve", "-f", "mkdocs.yml"]
    with serving(project / "generated", port, zensical):
        zensical_times = _edit_times(
            project, port, runs, lambda: measured(project, regenerate, GENERATE)
        )
    return statistics.median(mkdocs_times), statistics.median(zensical_times)


def report(name: str, project: Path, runs: int, serve_runs: int) -> None:
    mkdocs, zensical = compare_builds(project, runs)
    pages = sum(1 for _ in (project / "generated" / "docs").rglob("*.md"))
    median = statistics.median
    print(f"## {name} ({pages} pages, median of {runs} alternating runs)\n")
    print("| build | CPU s | wall s | peak MiB |\n|---|---:|---:|---:|")
    for label, figures in (("MkDocs + hooks", mkdocs), ("generate + Zensical", zensical)):
        print(
            f"| {label} | {median(figures.cpu):.2f} | {median(figures.wall):.2f} | "
            f"{figures.peak_mib:.0f} |"
        )
    print(
        f"| ratio Zensical / MkDocs | {median(zensical.cpu) / median(mkdocs.cpu):.2f} | "
        f"{median(zensical.wall) / median(mkdocs.wall):.2f} | "
        f"{zensical.peak_mib / mkdocs.peak_mib:.2f} |\n"
    )
    if serve_runs:
        mkdocs_s, zensical_s = serve_latency(project, serve_runs)
        print(f"serve, saved one-line data edit → updated claim page (median of {serve_runs}):")
        print(f"MkDocs {mkdocs_s:.2f} s; Zensical (incl. generate) {zensical_s:.2f} s\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="alternating builds per engine")
    parser.add_argument("--serve-runs", type=int, default=3, help="edits per server (0: skip)")
    parser.add_argument("--claims", type=int, default=1000, help="synthetic site's claims")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimsite-engines-bench-") as temp:
        base = Path(temp)
        copy_site(base / "real")
        report("real site", base / "real", args.runs, args.serve_runs)
        write_synthetic(base / "synthetic", args.claims)
        with (base / "synthetic" / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("watch:\n  - data\n")  # as the real site: serve rebuilds on data edits
        report(f"synthetic, {args.claims} claims", base / "synthetic", args.runs, args.serve_runs)


if __name__ == "__main__":
    main()
