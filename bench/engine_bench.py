"""Benchmark of the claims engine (run by hand: ``.venv/bin/python bench/engine_bench.py``).

Measures, side by side in one run, on synthetic data files of several sizes:

1. load + validate (``claimsite.datafile.loader.load_dataset``) against a bare libyaml parse
   (``yaml.load(..., Loader=yaml.CSafeLoader)``) of the same file;
2. a whole ``mkdocs build`` of a site driven by our hooks against the same pages
   pre-rendered as plain Markdown and built with no hooks, in alternating runs;
3. peak memory (max RSS) of each build, and the time per claim page.

Nothing here is asserted: the figures go into the closing note of the work they measure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from claimsite import load_dataset
from claimsite.datafile.catalog import Catalog
from claimsite.render.directives import expand
from claimsite.render.pages import STATIC_CSS, STATUS_CSS, claims_navigation, generated_files
from claimsite.render.renderer import Renderer

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "hooks" / "claimsite_hooks.py"
STATUSES = ["verified", "unverified", "disputed", "contradicted", "misattributed", "outdated"]
COLOURS = ["#1b7f3b", "#6b7280", "#b45309", "#b91c1c", "#6d28d9", "#1d4ed8"]

INDEX = "# Synthetic subject\n\n[[scoreboard]]\n\n[[spec-table]]\n"
METHODOLOGY = "# Methodology\n\n[[legend]]\n"


def synthetic_yaml(claims: int) -> str:
    """A valid data file with ``claims`` claims, one source per five claims, and a category per
    fifty claims (at least ten): navigation sections stay the size an editor would keep them."""
    sources = max(claims // 5, 5)
    categories = max(claims // 50, 10)
    out = ["meta:\n  subject: Synthetic\n  publisher: Bench\n\nstatuses:\n"]
    for index, (status, colour) in enumerate(zip(STATUSES, COLOURS, strict=True)):
        verdict = "\n    verdict: false" if status == "unverified" else ""
        out.append(
            f"  - id: {status}\n    label: {status.title()}\n    definition: Status number "
            f'{index}.\n    colour: "{colour}"{verdict}\n'
        )
    out.append("\ncategories:\n")
    for index in range(categories):
        out.append(
            f"  - id: cat-{index}\n    title: Category {index}\n    description: Group {index}.\n"
        )
    out.append("\nsources:\n")
    for index in range(sources):
        out.append(
            f"  - id: src-{index}\n    title: Source number {index}\n    publisher: Publisher "
            f"{index % 17}\n    published: 2025-04-{1 + index % 28:02d}\n"
            f"    url: https://host{index % 50}.example/articles/{index}\n"
            "    accessed: 2026-01-15\n"
            f"    kind: {['primary', 'press', 'blog', 'social', 'forum'][index % 5]}\n"
        )
    out.append("\nclaims:\n")
    for index in range(claims):
        status = STATUSES[index % len(STATUSES)]
        first, second = f"src-{index % sources}", f"src-{(index * 7 + 3) % sources}"
        evidence = (
            ""
            if status == "unverified"
            else (
                f"    evidence:\n      - source: {second}\n        locator: section {index % 9}\n"
            )
        )
        out.append(
            f"  - id: claim-{index}\n    category: cat-{index % categories}\n"
            f"    spec: Spec line {index}\n"
            f"    claimed:\n      value: {index * 1.5}\n      unit: units\n"
            f"      sources: [{first}]\n"
            f"    actual:\n      value: {index}\n      unit: units\n      as_of: 2025-06-01\n"
            f"      sources: [{second}]\n"
            f"    status: {status}\n    confidence: likely\n"
            f"    conclusion: Claim {index} is rated {status} on the evidence cited.\n"
            f"    explanation: |\n      The figure for item {index} was **compared** with the"
            f" published value.\n      See the [source](https://host1.example/a/{index}).\n"
            f"{evidence}"
            f"    history:\n      - date: 2025-06-01\n        status: {status}\n"
            f"        note: Rated when the evidence appeared.\n"
        )
    return "".join(out)


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_load(path: Path, runs: int) -> tuple[float, float]:
    text = path.read_text(encoding="utf-8")
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):  # alternate, so drift affects both equally
        bare.append(best_of(1, lambda: yaml.load(text, Loader=yaml.CSafeLoader)))
        ours.append(best_of(1, lambda: load_dataset(path, today=dt.date(2026, 11, 22))))
    return statistics.median(bare), statistics.median(ours)


MKDOCS_YML = """\
site_name: Synthetic
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.indexes, navigation.prune]
plugins: [search]
markdown_extensions: [admonition, attr_list, md_in_html, toc]
"""


def write_hooked_project(root: Path, data_text: str) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "claims.yaml").write_text(data_text, encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "docs" / "methodology.md").write_text(METHODOLOGY, encoding="utf-8")
    config = MKDOCS_YML + (
        f"hooks:\n  - {HOOKS}\nextra:\n  claimsite:\n    data: data/claims.yaml\n"
        'nav:\n  - Home: index.md\n  - Claims: "@claims"\n  - Methodology: methodology.md\n'
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def write_plain_project(root: Path, data_path: Path) -> None:
    """The same pages, rendered once by the engine and saved as ordinary Markdown files."""
    renderer = Renderer(Catalog(load_dataset(data_path, today=dt.date(2026, 11, 22))))
    docs = root / "docs"
    for generated in generated_files(renderer):
        target = docs / generated.src_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.text, encoding="utf-8")
    for name, source in (("index.md", INDEX), ("methodology.md", METHODOLOGY)):
        page = renderer.page(renderer.urls.url_of(name))
        (docs / name).write_text(expand(source, page, name) + page.references(), encoding="utf-8")
    nav = [
        {"Home": "index.md"},
        {"Claims": claims_navigation(renderer)},
        {"Methodology": "methodology.md"},
    ]
    config = MKDOCS_YML + f"extra_css: [{STATIC_CSS}, {STATUS_CSS}]\n"
    config += yaml.safe_dump({"nav": nav}, sort_keys=False)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


# Runs mkdocs in the child and records the child's own peak memory. ru_maxrss cannot be used:
# Linux carries the parent's high-water mark across fork and exec into the child's figure.
_MEASURED_MKDOCS = """
import atexit, os, runpy, sys
def _peak():
    with open('/proc/self/status', encoding='ascii') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                with open(os.environ['CLAIMSITE_BENCH_PEAK'], 'w', encoding='ascii') as out:
                    out.write(line.split()[1])
atexit.register(_peak)
sys.argv = ['mkdocs', *sys.argv[1:]]
runpy.run_module('mkdocs', run_name='__main__')
"""


def timed_build(project: Path) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of one ``mkdocs build`` in a child process."""
    out = project / "site"
    peak_file = project / "peak-kib.txt"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CLAIMSITE_BENCH_PEAK": str(peak_file)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_MKDOCS, "build", "-q", "-d", str(out)],
        cwd=project,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}")
    return elapsed, int(peak_file.read_text(encoding="ascii")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,3000,10000")
    parser.add_argument("--load-runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print(
        "| claims | file MB | bare CSafeLoader s | load+validate s | ratio | peak RSS MiB (load) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="claimsite-bench-") as tmp:
        base = Path(tmp)
        files = {}
        for size in sizes:
            path = base / f"claims-{size}.yaml"
            path.write_text(synthetic_yaml(size), encoding="utf-8")
            files[size] = path
            bare, ours = bench_load(path, args.load_runs)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            megabytes = path.stat().st_size / 1e6
            print(
                f"| {size} | {megabytes:.2f} | {bare:.3f} | {ours:.3f} "
                f"| {ours / bare:.2f}x | {rss:.0f} |"
            )
        print(
            "\n| claims | pages | plain build s | hooks build s | ratio | ms per page (hooks) "
            "| peak RSS MiB plain / hooks |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for size in sizes:
            hooked, plain = base / f"hooked-{size}", base / f"plain-{size}"
            write_hooked_project(hooked, files[size].read_text(encoding="utf-8"))
            write_plain_project(plain, files[size])
            runs = args.build_runs if size <= 3000 else 1
            plain_times, hooked_times, plain_rss, hooked_rss = [], [], 0.0, 0.0
            for _ in range(runs):
                elapsed, rss = timed_build(plain)
                plain_times.append(elapsed)
                plain_rss = max(plain_rss, rss)
                elapsed, rss = timed_build(hooked)
                hooked_times.append(elapsed)
                hooked_rss = max(hooked_rss, rss)
            pages = size + max(size // 50, 10) + 2
            plain_s, hooked_s = statistics.median(plain_times), statistics.median(hooked_times)
            print(
                f"| {size} | {pages} | {plain_s:.2f} | {hooked_s:.2f} | {hooked_s / plain_s:.2f}x "
                f"| {1000 * hooked_s / pages:.1f} | {plain_rss:.0f} / {hooked_rss:.0f} |"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
