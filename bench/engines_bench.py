"""MkDocs with the hooks against Zensical from ``claimsite generate`` (run by hand, from the
repository root: ``.venv/bin/python bench/engines_bench.py [--runs N] [--claims N]``).

For the real site and a synthetic site (``engine_bench.synthetic_yaml``, 1,000 claims by
default), the two builds take turns, so that the load of a shared machine falls on both:

- **MkDocs**: ``mkdocs build`` with the hooks (the main path);
- **Zensical**: ``claimsite generate`` and then ``zensical build`` of the generated tree, both
  counted (time added up; peak memory the larger of the two processes).

Then ``serve``: each engine's development server on 127.0.0.1, from a saved one-line edit of
the data file to the claim page serving the new text. Zensical cannot watch the data file, so
its figure includes running ``claimsite generate`` after the edit (what an editor would do, or
a file watcher). Nothing is asserted: the figures go into the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from engine_bench import (
    MEASURED_CHILD,
    PY,
    Build,
    _free_port,
    _wait_for,
    copy_site,
    serving,
    timed_build,
    write_synthetic,
)

from claimsite.datafile.loader import load_catalog


def measured(project: Path, module: str, *args: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of ``python -m module args`` run in ``project``."""
    peak_file = project / "peak-kib.txt"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CLAIMSITE_BENCH_PEAK": str(peak_file)}
    start = time.perf_counter()
    done = subprocess.run(
        [PY, "-c", MEASURED_CHILD, module, *args],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{module} {' '.join(args)} failed in {project}:\n{done.stderr}")
    return elapsed, int(peak_file.read_text(encoding="ascii")) / 1024


@dataclass
class Figures:
    seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def zensical_build(project: Path, record: Figures) -> None:
    """``claimsite generate`` + ``zensical build``, timed and measured together."""
    out = project / "generated"
    shutil.rmtree(out, ignore_errors=True)
    generate_s, generate_mib = measured(project, "claimsite", "generate", str(out))
    build_s, build_mib = measured(out, "zensical", "build", "-f", "mkdocs.yml")
    record.seconds.append(generate_s + build_s)
    record.peak_mib = max(record.peak_mib, generate_mib, build_mib)


def compare_builds(project: Path, runs: int) -> tuple[Build, Figures]:
    mkdocs, zensical = Build([]), Figures()
    for _ in range(runs):
        timed_build(project, mkdocs)
        shutil.rmtree(project / "site", ignore_errors=True)
        zensical_build(project, zensical)
    return mkdocs, zensical


def _edit(data: Path, raw: dict[str, object], conclusion: str, token: str) -> None:
    """One saved edit: the first claim's conclusion gains ``token`` (one line changes)."""
    claims = raw["claims"]
    assert isinstance(claims, list)
    claims[0]["conclusion"] = f"{conclusion} {token}"
    data.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "utf-8")


def serve_latency(project: Path, runs: int) -> tuple[float, float]:
    """Median seconds from a saved data edit to the updated claim page: MkDocs, Zensical."""
    data = project / "data" / "claims.yaml"
    original = data.read_text(encoding="utf-8")
    claim = load_catalog(data).data.claims[0]
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    prefix = urlsplit(config.get("site_url") or "/").path.rstrip("/")
    path = f"{prefix}/claims/{claim.id}/"
    raw = yaml.safe_load(original)
    mkdocs_times: list[float] = []
    port = _free_port()
    with serving(project, port):
        _wait_for(port, path, f'data-claim="{claim.id}"', 600)
        for run in range(runs):
            token = f"mkdocstoken{run}x"
            _edit(data, raw, claim.conclusion, token)
            mkdocs_times.append(_wait_for(port, path, token, 300))
    data.write_text(original, encoding="utf-8")
    out = project / "generated"
    shutil.rmtree(out, ignore_errors=True)
    measured(project, "claimsite", "generate", str(out))
    zensical_times: list[float] = []
    port = _free_port()
    with serving(out, port, [PY, "-m", "zensical", "serve", "-f", "mkdocs.yml"]):
        _wait_for(port, path, f'data-claim="{claim.id}"', 600)
        for run in range(runs):
            token = f"zensicaltoken{run}x"
            start = time.perf_counter()
            _edit(data, raw, claim.conclusion, token)
            measured(project, "claimsite", "generate", str(out))
            _wait_for(port, path, token, 300)
            zensical_times.append(time.perf_counter() - start)
    data.write_text(original, encoding="utf-8")
    return statistics.median(mkdocs_times), statistics.median(zensical_times)


def report(name: str, project: Path, runs: int, serve_runs: int) -> None:
    mkdocs, zensical = compare_builds(project, runs)
    pages = sum(1 for _ in (project / "generated" / "docs").rglob("*.md"))
    print(f"## {name} ({pages} pages, median of {runs} alternating runs)\n")
    print("| build | wall s | peak MiB |\n|---|---:|---:|")
    print(f"| MkDocs + hooks | {mkdocs.median_wall:.2f} | {mkdocs.peak_mib:.0f} |")
    print(f"| generate + Zensical | {zensical.median:.2f} | {zensical.peak_mib:.0f} |")
    print(
        f"| ratio Zensical / MkDocs | {zensical.median / mkdocs.median_wall:.2f} | "
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
        report(f"synthetic, {args.claims} claims", base / "synthetic", args.runs, args.serve_runs)


if __name__ == "__main__":
    main()
