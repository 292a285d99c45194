"""Benchmark of the claims engine against its anchors (run by hand, from the repository root:
``.venv/bin/python bench/engine_bench.py``; ``--help`` lists the parts and sizes).

Every figure is measured beside its anchor in the same run, the two alternating, so that the
load of a shared machine falls on both; the closing table gives each target's figure, anchor,
ratio and goal (issue 15). Nothing is asserted: the figures go into the README.

Parts:

- ``check``: ``python -m claimsite check`` on the real data against a bare libyaml parse of the
  same file (``yaml.load`` with ``CSafeLoader``), each in a fresh interpreter.
- ``real``: the real site's hooked ``mkdocs build`` against the same pages and files written
  out beforehand and built with no hooks (same theme, same templates).
- ``serve``: ``mkdocs serve`` on a copy of the site, from a saved edit of the data file to the
  claim page serving the new text, against the same for an edit of a hand-written page.
- ``load``: load + validate of synthetic data files against a bare libyaml parse, with each
  fast-path ingredient (collector paused, event stream, the careful path) measured alone.
- ``scale``: hooked builds of synthetic sites (a category per fifty claims) against the same
  pages without hooks and against plain Material (sections of 100 pages, pruned navigation):
  time per page and peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import http.client
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from claimsite.build.site import SiteBuild, SiteConfig
from claimsite.datafile.fast_yaml import gc_paused, read_fast
from claimsite.datafile.loader import load_catalog, validate_parsed
from claimsite.datafile.yamlsource import parse_document
from claimsite.outputs.share_cards import draw_card, font_dir
from claimsite.render.pages import NAV_THEME_DIR

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "hooks" / "claimsite_hooks.py"
TODAY = dt.date(2026, 11, 22)
STATUSES = ["verified", "unverified", "disputed", "contradicted", "misattributed", "outdated"]
COLOURS = ["#1b7f3b", "#6b7280", "#b45309", "#b91c1c", "#6d28d9", "#1d4ed8"]
PY = sys.executable

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


# --- measuring ---------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of the children it has waited for.

    The figures are CPU time, not wall time: on a shared machine other people's work stretches
    wall time many times over (and unevenly), while the CPU a build needs stays put.
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def alternate(runs: int, actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median CPU seconds of each action, the actions taking turns ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            gc.collect()
            start = cpu_seconds()
            action()
            times[name].append(cpu_seconds() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def run_python(*args: str, cwd: Path = REPO) -> Callable[[], object]:
    def action() -> None:
        subprocess.run([PY, *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)

    return action


# Runs a module's command line in the child (``python -c MEASURED_CHILD module args``) and
# records the child's own peak memory. ru_maxrss cannot be used: Linux carries the parent's
# high-water mark across fork and exec into the child's figure.
MEASURED_CHILD = """
import atexit, os, runpy, sys
def _peak():
    with open('/proc/self/status', encoding='ascii') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                with open(os.environ['CLAIMSITE_BENCH_PEAK'], 'w', encoding='ascii') as out:
                    out.write(line.split()[1])
atexit.register(_peak)
module = sys.argv[1]
sys.argv = [module, *sys.argv[2:]]
runpy.run_module(module, run_name='__main__')
"""


@dataclass
class Build:
    seconds: list[float]
    """CPU seconds of each run (see :func:`cpu_seconds`)."""
    wall: list[float] = field(default_factory=list)
    peak_mib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)


def timed_build(project: Path, record: Build) -> None:
    """One ``mkdocs build`` in a child process: CPU and wall time, peak resident memory."""
    out = project / "site"
    peak_file = project / "peak-kib.txt"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CLAIMSITE_BENCH_PEAK": str(peak_file)}
    start, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(
        [PY, "-c", MEASURED_CHILD, "mkdocs", "build", "-q", "-d", str(out)],
        cwd=project,
        env=env,
        check=False,
    )
    record.wall.append(time.perf_counter() - start)
    record.seconds.append(cpu_seconds() - cpu)
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}")
    record.peak_mib = max(record.peak_mib, int(peak_file.read_text(encoding="ascii")) / 1024)


def build_alternately(
    runs: int, projects: dict[str, Path], cold: frozenset[str] = frozenset()
) -> dict[str, Build]:
    """The projects built in turn; those named in ``cold`` lose their share-card cache first,
    so they draw every card as a first build does."""
    builds = {name: Build([]) for name in projects}
    for _ in range(runs):
        for name, project in projects.items():
            if name in cold:
                shutil.rmtree(project / ".cache", ignore_errors=True)
            timed_build(project, builds[name])
            shutil.rmtree(project / "site", ignore_errors=True)
    return builds


# --- projects ----------------------------------------------------------------------------


def copy_site(target: Path) -> None:
    """The real site's sources (pages, data, theme overrides, hooks, configuration)."""
    for name in ("docs", "data", "overrides", "hooks", "schema"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    (target / "claimsite").symlink_to(REPO / "claimsite")  # ``watch:`` names it


def write_prerendered(hooked: Path, plain: Path) -> None:
    """``plain`` gets what the hooks would add to ``hooked``, written out as ordinary files:
    generated pages and machine files, hand-written pages with their directives expanded, the
    nav and stylesheets in ``mkdocs.yml``, and the engine's nav partial in the theme."""
    config = yaml.safe_load((hooked / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = config.setdefault("theme", {})
    build = SiteBuild(
        SiteConfig(
            root=hooked,
            site_name=config["site_name"],
            site_description=config.get("site_description"),
            site_url=config.get("site_url"),
            language=str(theme.get("language") or "en"),
            claimsite=(config.get("extra") or {}).get("claimsite") or {},
        )
    )
    shutil.copytree(hooked / "docs", plain / "docs")
    for generated in build.files():
        target = plain / "docs" / generated.src_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(generated.content, Path):
            shutil.copyfile(generated.content, target)
        elif isinstance(generated.content, bytes):
            target.write_bytes(generated.content)
        else:
            target.write_text(generated.content, encoding="utf-8")
    for page in (hooked / "docs").rglob("*.md"):
        src = page.relative_to(hooked / "docs").as_posix()
        expanded = build.page_markdown(page.read_text(encoding="utf-8"), src)
        (plain / "docs" / src).write_text(expanded, encoding="utf-8")
    overrides = plain / "overrides"
    if theme.get("custom_dir"):
        shutil.copytree(hooked / theme["custom_dir"], overrides)
    shutil.copytree(NAV_THEME_DIR, overrides, dirs_exist_ok=True)
    theme["custom_dir"] = "overrides"
    config.pop("hooks", None)
    config.pop("watch", None)
    config["nav"] = build.navigation(config.get("nav"))
    config["extra_css"] = build.extra_css(config.get("extra_css") or [])
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (plain / "mkdocs.yml").write_text(text, encoding="utf-8")


SYNTHETIC_YML = """\
site_name: Synthetic
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.indexes, navigation.prune]
plugins: [search]
markdown_extensions: [admonition, attr_list, md_in_html, toc]
"""


def write_synthetic(root: Path, claims: int) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "claims.yaml").write_text(synthetic_yaml(claims), encoding="utf-8")
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "docs" / "methodology.md").write_text(METHODOLOGY, encoding="utf-8")
    config = SYNTHETIC_YML + (
        f"hooks:\n  - {HOOKS}\nextra:\n  claimsite:\n    data: data/claims.yaml\n"
        'nav:\n  - Home: index.md\n  - Claims: "@claims"\n  - Methodology: methodology.md\n'
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def write_material(root: Path, pages: int) -> None:
    """Plain Material with ``pages`` short pages in sections of 100 and a pruned nav: the cost
    of the theme itself per page, the anchor of the scale targets."""
    nav: list[dict[str, list[str]]] = []
    for index in range(pages):
        section = f"s{index // 100}"
        path = root / "docs" / section / f"p{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"# Page {index}\n\nA paragraph of text for page {index}, with a "
            f"[link](../s0/p0.md) and *emphasis*.\n\n## Part\n\nMore text.\n",
            encoding="utf-8",
        )
        if index % 100 == 0:
            nav.append({f"Section {index // 100}": []})
        nav[-1][f"Section {index // 100}"].append(f"{section}/p{index}.md")
    config = (
        "site_name: Material\ntheme:\n  name: material\n  font: false\n"
        "  features: [navigation.sections, navigation.prune]\nplugins: [search]\n"
    )
    config += yaml.safe_dump({"nav": [{"Pages": nav}]}, sort_keys=False)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


# --- parts -------------------------------------------------------------------------------


@dataclass
class Target:
    what: str
    figure: str
    anchor: str
    ratio: float | None
    goal: str

    @property
    def met(self) -> str:
        if self.ratio is None or not self.goal.startswith("≤"):
            return "reported"
        limit = float(self.goal.removeprefix("≤").rstrip("xs").strip())
        return "yes" if self.ratio <= limit else "NO"


def part_check(runs: int) -> list[Target]:
    data = str(REPO / "data" / "claims.yaml")
    bare = (
        f"import yaml; yaml.load(open({data!r}, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
    )
    found = alternate(
        runs,
        {
            "check": run_python("-m", "claimsite", "check", "-q", data),
            "bare": run_python("-c", bare),
            "pydantic": run_python("-c", "from pydantic import BaseModel"),
            "python": run_python("-c", "pass"),
        },
    )
    print("## check on the real data (fresh interpreter each; median of", runs, "runs)\n")
    print("| command | CPU s |\n|---|---:|")
    for name, label in (
        ("check", "python -m claimsite check -q data/claims.yaml"),
        ("bare", "python -c 'yaml.load(..., CSafeLoader)' (anchor)"),
        ("pydantic", "python -c 'from pydantic import BaseModel' (floor: the validator's import)"),
        ("python", "python -c pass (interpreter start)"),
    ):
        print(f"| {label} | {found[name]:.3f} |")
    print()
    return [
        Target(
            "`claimsite check`, real data",
            f"{found['check']:.3f} s",
            f"{found['bare']:.3f} s bare libyaml parse",
            found["check"] / found["bare"],
            "≤2x",
        )
    ]


def part_real(runs: int, base: Path) -> list[Target]:
    hooked, plain = base / "real-hooked", base / "real-plain"
    copy_site(hooked)
    write_prerendered(hooked, plain)
    projects = {"plain": plain, "hooked, cards drawn": hooked, "hooked, cards cached": hooked}
    builds = build_alternately(runs, projects, cold=frozenset({"hooked, cards drawn"}))
    print("## the real site: hooked build against the same pages without hooks\n")
    print("| build | median CPU s | median wall s | peak MiB |\n|---|---:|---:|---:|")
    for name, build in builds.items():
        print(f"| {name} | {build.median:.2f} | {build.median_wall:.2f} | {build.peak_mib:.0f} |")
    print()
    plain_s = builds["plain"].median
    return [
        Target(
            f"real site, hooked build ({name.removeprefix('hooked, ')})",
            f"{builds[name].median:.2f} s",
            f"{plain_s:.2f} s same pages, no hooks",
            builds[name].median / plain_s,
            "≤1.10x",
        )
        for name in ("hooked, cards drawn", "hooked, cards cached")
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8", "replace")
    finally:
        connection.close()


def _wait_for(port: int, path: str, text: str, limit: float) -> float:
    """Seconds until ``path`` serves a page containing ``text`` (polled every 20 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if text in _get(port, path):
                return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"serve: {path} did not show {text!r} within {limit:.0f} s")


@contextlib.contextmanager
def serving(root: Path, port: int, command: list[str] | None = None) -> Iterator[None]:
    """A preview server (``mkdocs serve`` unless ``command`` says otherwise) on ``port``,
    stopped on leaving."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [*(command or [PY, "-m", "mkdocs", "serve"]), "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def part_serve(runs: int, base: Path) -> list[Target]:
    root = base / "serve"
    copy_site(root)
    data = root / "data" / "claims.yaml"
    page = root / "docs" / "privacy.md"
    claim = load_catalog(data).data.claims[0]
    site_url = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url")
    prefix = urlsplit(site_url or "/").path.rstrip("/")  # serve puts the site under its path
    claim_path, page_path = f"{prefix}/claims/{claim.id}/", f"{prefix}/privacy/"
    port = _free_port()
    times: dict[str, list[float]] = {"data": [], "page": []}
    raw = yaml.safe_load(data.read_text(encoding="utf-8"))
    with serving(root, port):
        _wait_for(port, claim_path, f'data-claim="{claim.id}"', 300)
        for run in range(runs):
            token = f"benchtoken{run}x"
            raw["claims"][0]["conclusion"] = f"{claim.conclusion} {token}"
            data.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "utf-8")
            times["data"].append(_wait_for(port, claim_path, token, 120))
            with page.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{token}\n")
            times["page"].append(_wait_for(port, page_path, token, 120))
    data_s, page_s = statistics.median(times["data"]), statistics.median(times["page"])
    print("## serve: from a saved edit to the updated page (median of", runs, "edits)\n")
    print("| edit | s |\n|---|---:|")
    print(f"| data file (claim page) | {data_s:.2f} |")
    print(f"| hand-written page (anchor) | {page_s:.2f} |\n")
    return [
        Target(
            "serve, saved data edit → updated claim page",
            f"{data_s:.2f} s",
            f"{page_s:.2f} s hand-written page edit",
            data_s / page_s,
            "report",
        )
    ]


def _load_figures(path: Path, text: str, runs: int) -> dict[str, float]:
    def careful() -> None:
        raw, root = parse_document(text, "x.yaml")
        validate_parsed(raw, root, "x.yaml", TODAY)

    def bare() -> None:
        yaml.load(text, Loader=yaml.CSafeLoader)

    def events() -> None:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass

    def paused(action: Callable[[], object]) -> Callable[[], object]:
        def run() -> None:
            with gc_paused():
                action()

        return run

    return alternate(
        runs,
        {
            "bare": bare,
            "bare paused": paused(bare),
            "events": paused(events),
            "careful": careful,
            "careful paused": paused(careful),
            "fast": paused(lambda: read_fast(text, "x.yaml")),
            "ours": lambda: load_catalog(path, TODAY),
        },
    )


def part_load(sizes: list[int], runs: int, base: Path) -> list[Target]:
    print("## load + validate (median of", runs, "alternating runs, CPU seconds)\n")
    print(
        "| claims | MB | bare CSafeLoader | same, gc paused | libyaml events only "
        "| careful path (tree) | same, gc paused | fast path parse | load_catalog | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    targets = []
    for size in sizes:
        path = base / f"load-{size}.yaml"
        path.write_text(synthetic_yaml(size), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        found = _load_figures(path, text, runs)
        print(
            f"| {size} | {len(text.encode()) / 1e6:.1f} | "
            + " | ".join(
                f"{found[name]:.2f}"
                for name in (
                    "bare",
                    "bare paused",
                    "events",
                    "careful",
                    "careful paused",
                    "fast",
                    "ours",
                )
            )
            + f" | {found['ours'] / found['bare']:.2f}x |"
        )
        if size == max(sizes):
            targets.append(
                Target(
                    f"load + validate {size} claims",
                    f"{found['ours']:.2f} s",
                    f"{found['bare']:.2f} s bare CSafeLoader; before: {found['careful']:.2f} s",
                    found["ours"],
                    "≤2 s",
                )
            )
    print()
    return targets


def _card_ms(project: Path, sample: int = 100) -> float:
    """Milliseconds to draw one share card (the hooked build draws one per claim, cold)."""
    catalog = load_catalog(project / "data" / "claims.yaml", TODAY)
    folder = font_dir()
    claims = catalog.data.claims[:sample]
    start = time.process_time()
    for claim in claims:
        draw_card(catalog, claim, folder, "Synthetic")
    return 1000 * (time.process_time() - start) / len(claims)


def part_scale(sizes: list[int], runs: int, base: Path) -> list[Target]:
    print("## scale: per-page build CPU time and peak memory (wall time in the last column)\n")
    print(
        "| claims | pages | hooked CPU s | plain CPU s | Material CPU s (as many pages) "
        "| hooked ms/page "
        "| plain ms/page | Material ms/page | of which share card ms/claim "
        "| peak MiB hooked / plain / Material | wall s hooked / plain / Material |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    per_page: dict[int, float] = {}
    material_per_page: dict[int, float] = {}
    peaks: dict[int, tuple[float, float]] = {}
    for size in sizes:
        hooked, plain, material = (
            base / f"{kind}-{size}" for kind in ("hooked", "plain", "material")
        )
        write_synthetic(hooked, size)
        write_prerendered(hooked, plain)
        pages = size + max(size // 50, 10) + 2
        write_material(material, pages)
        card_ms = _card_ms(hooked)
        builds = build_alternately(
            runs if size <= 3000 else 1,
            {"material": material, "plain": plain, "hooked": hooked},
            cold=frozenset({"hooked"}),
        )
        for project in (hooked, plain, material):
            shutil.rmtree(project, ignore_errors=True)
        per_page[size] = 1000 * builds["hooked"].median / pages
        material_per_page[size] = 1000 * builds["material"].median / pages
        peaks[size] = (builds["hooked"].peak_mib, builds["plain"].peak_mib)
        print(
            f"| {size} | {pages} | {builds['hooked'].median:.1f} | {builds['plain'].median:.1f} "
            f"| {builds['material'].median:.1f} | {per_page[size]:.1f} "
            f"| {1000 * builds['plain'].median / pages:.1f} | {material_per_page[size]:.1f} "
            f"| {card_ms:.1f} | {builds['hooked'].peak_mib:.0f} / {builds['plain'].peak_mib:.0f} "
            f"/ {builds['material'].peak_mib:.0f} | {builds['hooked'].median_wall:.0f} / "
            f"{builds['plain'].median_wall:.0f} / {builds['material'].median_wall:.0f} |"
        )
        sys.stdout.flush()
    print()
    targets = []
    first = min(sizes)
    for size in sizes:
        if size != first:
            targets.append(
                Target(
                    f"hooked ms/page at {size} vs {first}",
                    f"{per_page[size]:.1f} ms",
                    f"{per_page[first]:.1f} ms at {first}",
                    per_page[size] / per_page[first],
                    "≤1.25x",
                )
            )
        targets.append(
            Target(
                f"hooked ms/page at {size} vs Material",
                f"{per_page[size]:.1f} ms",
                f"{material_per_page[size]:.1f} ms plain Material, pruned nav",
                per_page[size] / material_per_page[size],
                "≤1.5x",
            )
        )
    biggest = max(sizes)
    hooked_peak, plain_peak = peaks[biggest]
    targets.append(
        Target(
            f"peak memory at {biggest}",
            f"{hooked_peak:.0f} MiB",
            f"{plain_peak:.0f} MiB same pages, no hooks",
            hooked_peak / plain_peak,
            "≤1.5x",
        )
    )
    return targets


PARTS = ("check", "real", "serve", "load", "scale")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--parts", default=",".join(PARTS), help="comma-separated: " + ", ".join(PARTS)
    )
    parser.add_argument("--check-runs", type=int, default=11)
    parser.add_argument("--real-runs", type=int, default=5)
    parser.add_argument("--serve-runs", type=int, default=3)
    parser.add_argument("--load-sizes", default="1000,10000")
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--scale-sizes", default="1000,3000,10000")
    parser.add_argument(
        "--scale-runs", type=int, default=1, help="runs up to 3,000 claims (1 above)"
    )
    args = parser.parse_args()
    parts = args.parts.split(",")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n"
    )
    targets: list[Target] = []
    with tempfile.TemporaryDirectory(prefix="claimsite-bench-") as tmp:
        base = Path(tmp)
        if "check" in parts:
            targets += part_check(args.check_runs)
        if "real" in parts:
            targets += part_real(args.real_runs, base)
        if "serve" in parts:
            targets += part_serve(args.serve_runs, base)
        if "load" in parts:
            targets += part_load([int(s) for s in args.load_sizes.split(",")], args.load_runs, base)
        if "scale" in parts:
            targets += part_scale(
                [int(s) for s in args.scale_sizes.split(",")], args.scale_runs, base
            )
    print("## targets\n")
    print(
        "| target | figure | anchor (same run) | ratio | goal | met |\n|---|---:|---|---:|---|---|"
    )
    for target in targets:
        ratio = "" if target.ratio is None else f"{target.ratio:.2f}"
        cells = (target.what, target.figure, target.anchor, ratio, target.goal, target.met)
        print("| " + " | ".join(cells) + " |")
    print(f"\nload at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
