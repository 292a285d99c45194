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


def build_site(
    out: Path, config: Path = ROOT / "mkdocs.yml", epoch: str = FIXED_EPOCH, hash_seed: str = "0"
) -> Path:
    """Build ``config`` into ``out`` and return ``out``; fail the test with MkDocs' output."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": epoch,
        "PYTHONHASHSEED": hash_seed,
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    done = subprocess.run(
        [*command, "-f", str(config), "-d", str(out)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stdout}\n{done.stderr}"
    return out


@functools.cache
def real_site() -> Path:
    """The repository's own site, built once per test run (removed when the run ends)."""
    out = Path(tempfile.mkdtemp(prefix="claimsite-test-site-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    return build_site(out / "site")
