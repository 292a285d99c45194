"""Build a site strictly in a subprocess, as ``make site`` does, for tests that read the output."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXED_EPOCH = "1700000000"


def _run(command: list[str], cwd: Path, epoch: str = FIXED_EPOCH, hash_seed: str = "0") -> None:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": epoch,
        "PYTHONHASHSEED": hash_seed,
    }
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout}\n{done.stderr}"


def build_site(
    out: Path,
    config: Path = ROOT / "mkdocs.yml",
    epoch: str = FIXED_EPOCH,
    hash_seed: str = "0",
    engine: str = "mkdocs",
) -> Path:
    """Build ``config`` strictly into ``out`` with MkDocs (or its fork ProperDocs, which runs
    the same hooks) and return ``out``; fail the test with the engine's output."""
    command = [engine, "build", "--strict", "-q", "-f", str(config), "-d", str(out)]
    _run(command, config.parent, epoch, hash_seed)
    return out


def build_generated(
    out: Path, config: Path = ROOT / "mkdocs.yml", engine: str = "zensical"
) -> Path:
    """``claimsite generate`` into ``out``, then build it with ``engine`` (no hooks); return
    the built site."""
    _run(["claimsite", "generate", str(out), "-f", str(config), "--engine", engine], config.parent)
    _run([engine, "build", "--strict", "-f", str(out / "mkdocs.yml")], out)
    return out / "site"


@functools.cache
def real_site() -> Path:
    """The repository's own site, built once per test run (removed when the run ends)."""
    out = Path(tempfile.mkdtemp(prefix="claimsite-test-site-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    return build_site(out / "site")


@functools.cache
def engine_site(engine: str) -> Path:
    """The repository's site built by ``properdocs`` (hooks), or by ``zensical`` or
    ``generated-mkdocs`` from ``claimsite generate``."""
    out = Path(tempfile.mkdtemp(prefix=f"claimsite-test-{engine}-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    if engine == "zensical":
        return build_generated(out / "generated")
    if engine == "generated-mkdocs":
        return build_generated(out / "generated", engine="mkdocs")
    return build_site(out / "site", engine=engine)
