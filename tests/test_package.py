"""claimsite as a user gets it: built into a wheel and an sdist, installed into a fresh virtual
environment, run from outside the source tree, and used to make a site about another subject
whose own README commands (``make site``, ``make test``) and pre-commit hook work.

Installing needs the package index (or pip's cache); every step has a time limit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import claimsite
from claimsite.datafile.loader import load_dataset
from tests.conftest import FIXTURES, REPO

INSTALL_TIMEOUT = 600
COMMAND_TIMEOUT = 300
PACKAGE_DATA = (
    "claimsite/render/templates/claim_page.md.j2",
    "claimsite/render/assets/claimsite.css",
    "claimsite/render/theme/partials/nav-item.html",
    "claimsite/cli/scaffold/Makefile",
    "claimsite/cli/scaffold/dot-pre-commit-config.yaml",
    "claimsite/cli/scaffold/dot-github/workflows/pr.yml",
    "claimsite/cli/scaffold/hooks/claimsite_hooks.py.tmpl",
)
BANNERS = ("MkDocs 2.0", "Warning from the Material for MkDocs team")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a shell where no virtual environment is active."""
    venv_bins = {str(Path(sys.executable).parent), str(Path(sys.prefix) / "bin")}
    path = [part for part in os.environ["PATH"].split(os.pathsep) if part not in venv_bins]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.pop("NO_MKDOCS_2_WARNING", None)
    return {**env, "PATH": os.pathsep.join(path), **extra}


def _run(
    command: list[str],
    cwd: Path,
    timeout: int = COMMAND_TIMEOUT,
    expect: int = 0,
    env: dict[str, str] | None = None,
) -> str:
    done = subprocess.run(
        command,
        cwd=cwd,
        env=_clean_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == expect, (
        f"{' '.join(command)}: exit {done.returncode} in {cwd}:\n{output}"
    )
    return output


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist and a wheel built from the committed files (the wheel built from the sdist)."""
    root = tmp_path_factory.mktemp("package")
    source = root / "source"
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    out = root / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], root, INSTALL_TIMEOUT)
    return out


@pytest.fixture(scope="module")
def venv(dist: Path) -> Path:
    """A fresh virtual environment with the wheel and the locked dependency versions."""
    target = dist.parent / "venv"
    _run([sys.executable, "-m", "venv", str(target)], dist.parent)
    (wheel,) = dist.glob("*.whl")
    pip = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    _run([*pip, "-c", str(REPO / "requirements.lock"), str(wheel)], dist.parent, INSTALL_TIMEOUT)
    return target


def test_wheel_and_sdist_carry_the_package_data(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    assert wheel.name == f"claimsite-{claimsite.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    prefix = f"claimsite-{claimsite.__version__}/"
    with tarfile.open(sdist) as archive:
        in_sdist = {name.removeprefix(prefix) for name in archive.getnames()}
    for name in PACKAGE_DATA:
        assert name in in_wheel, f"wheel lacks {name}"
        assert name in in_sdist, f"sdist lacks {name}"


def test_pip_builds_the_same_package_from_a_git_url(dist: Path, tmp_path: Path) -> None:
    """``pip install git+…`` builds from a clone: the wheel must hold the same files (this
    checks the committed HEAD, as a user installing from the repository gets it)."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    url = f"git+{REPO.as_uri()}@{commit}"
    out = tmp_path / "from-git"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), url],
        tmp_path,
        INSTALL_TIMEOUT,
    )
    (from_git,) = out.glob("claimsite-*.whl")
    (built,) = dist.glob("*.whl")
    with zipfile.ZipFile(from_git) as git_archive, zipfile.ZipFile(built) as archive:
        assert set(git_archive.namelist()) == set(archive.namelist())


def test_installed_commands_run_outside_the_source_tree(venv: Path, tmp_path: Path) -> None:
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import claimsite; print(claimsite.__file__)"],
        tmp_path,
    )
    assert Path(where.strip()).is_relative_to(venv)
    for command in (
        [str(venv / "bin" / "claimsite")],
        [str(venv / "bin" / "python"), "-m", "claimsite"],
    ):
        assert (
            _run([*command, "--version"], tmp_path).strip() == f"claimsite {claimsite.__version__}"
        )
        assert "generate" in _run([*command, "--help"], tmp_path)


SUBJECT = "Harbour bridge works"


@pytest.fixture(scope="module")
def new_site(venv: Path, dist: Path) -> Path:
    """A site scaffolded by the installed command, its sample data replaced."""
    (wheel,) = dist.glob("*.whl")
    site = dist.parent / "bridge-claims"
    _run(
        [
            str(venv / "bin" / "claimsite"),
            "new",
            str(site),
            "--subject",
            SUBJECT,
            "--claimsite",
            str(wheel),
        ],
        dist.parent,
    )
    data = site / "data" / "claims.yaml"
    text = data.read_text(encoding="utf-8")
    kept = text[: text.index("\ncategories:") + 1]  # meta and the rating scale
    data.write_text(kept + (FIXTURES / "other_subject.yaml").read_text("utf-8"), "utf-8")
    return site


def test_requirements_name_the_chosen_wheel(new_site: Path, dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    lines = [
        line
        for line in (new_site / "requirements.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert lines == [f"claimsite @ {wheel.resolve().as_uri()}"]
    assert lines[0] in (new_site / "README.md").read_text("utf-8")


def _subject_words() -> set[str]:
    subject = load_dataset(REPO / "data" / "claims.yaml").meta.subject
    return {word for word in re.findall(r"[A-Za-z0-9]+", subject) if len(word) > 1}


def test_the_new_site_builds_and_tests_with_its_own_commands(new_site: Path) -> None:
    # The site's own install, with the dependency versions this repository tests.
    pinned = {"PIP_CONSTRAINT": str(REPO / "requirements.lock")}
    output = _run(["make", "check"], new_site, INSTALL_TIMEOUT, env=pinned)  # the editor's step
    output += _run(["make", "test"], new_site)
    output += _run(["make", "site"], new_site)
    assert not [banner for banner in BANNERS if banner in output], output
    built = new_site / "site"
    for claim in load_dataset(new_site / "data" / "claims.yaml").claims:
        assert (built / "claims" / claim.id / "index.html").is_file()
    pattern = re.compile(r"\b(" + "|".join(sorted(_subject_words())) + r")\b", re.IGNORECASE)
    ours = [
        *built.rglob("*.html"),
        *built.rglob("*.xml"),
        *built.rglob("*.json"),
        *built.rglob("*.csv"),
    ]
    ours += list((built / "assets" / "claimsite").glob("*.css"))
    found = {
        path.relative_to(built).as_posix(): pattern.findall(path.read_text("utf-8"))
        for path in ours
    }
    assert {page: words for page, words in found.items() if words} == {}


def test_the_pre_commit_hook_runs_without_an_activated_venv(new_site: Path, tmp_path: Path) -> None:
    """The real pre-commit, in a git repository of the new site, with no venv on PATH."""
    _run(
        ["make", "install"],
        new_site,
        INSTALL_TIMEOUT,
        env={"PIP_CONSTRAINT": str(REPO / "requirements.lock")},
    )
    repo = tmp_path / "repo"
    shutil.copytree(new_site, repo, symlinks=True)
    pre_commit = [
        str(Path(sys.executable).parent / "pre-commit"),
        "run",
        "--files",
        "data/claims.yaml",
    ]
    home = str(tmp_path / "pre-commit-home")
    _run(["git", "init", "-q"], repo)
    _run(["git", "add", "-A"], repo)
    assert "Passed" in _run(pre_commit, repo, env={"PRE_COMMIT_HOME": home})
    data = repo / "data" / "claims.yaml"
    broken = data.read_text("utf-8").replace("status: verified\n", "status: verifed\n", 1)
    data.write_text(broken, "utf-8")
    assert "verifed" in _run(pre_commit, repo, expect=1, env={"PRE_COMMIT_HOME": home})
