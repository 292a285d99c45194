"""Scaffold a new explainer site: the same engine, another subject.

The templates live in ``claimsite/cli/scaffold/``. Names starting ``dot-`` become dot-files there
(package data globs skip hidden files) and a ``.tmpl`` suffix is dropped (it keeps template
Python out of linters). ``@@NAME@@`` tokens are replaced; ``*_YAML`` tokens are quoted for YAML.
The new site's data file is valid and the site builds strictly as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.metadata import distributions
from importlib.resources import files as package_files
from importlib.resources.abc import Traversable
from pathlib import Path

from claimsite import __version__
from claimsite.datafile import DEFAULT_DATA
from claimsite.datafile.schema import SCHEMA_PATH, ids_in, schema_text
from claimsite.datafile.yamlsource import parse
from claimsite.errors import ClaimsiteError

"""The scaffold's data file: the schema it gets lists its ids."""

_VERSION = re.compile(r"\d+(\.\d+)*([a-z0-9.+-]*)")


class ScaffoldError(ClaimsiteError):
    """The site cannot be created where or as asked; the message says why."""


def installed_requirement() -> str:
    """How the running claimsite was installed, as a requirement the new site can install
    the same way: the wheel, sdist or folder it came from, the git commit, or the index
    version (PEP 610's ``direct_url.json`` records which)."""
    # A source checkout may also hold a build's claimsite.egg-info, found first on sys.path
    # and without the record: take the installed distribution that has one.
    records = (dist.read_text("direct_url.json") for dist in distributions(name="claimsite"))
    recorded = next((record for record in records if record), None)
    if recorded is None:
        return f"claimsite=={__version__}"
    origin = json.loads(recorded)
    vcs = origin.get("vcs_info")
    if vcs:
        return f"claimsite @ {vcs['vcs']}+{origin['url']}@{vcs['commit_id']}"
    return f"claimsite @ {origin['url']}"


def requirement_for(spec: str | None) -> str:
    """The requirements line for ``spec``: a version (``0.1.0``), a wheel, sdist or folder
    path, a URL (``git+https://…``), or a whole requirement; ``None`` means as installed."""
    if spec is None:
        return installed_requirement()
    spec = spec.strip()
    if not spec or "\n" in spec or "@@" in spec:
        raise ScaffoldError("the claimsite requirement must be one line of text")
    if spec.startswith("claimsite"):
        return spec
    if _VERSION.fullmatch(spec):
        return f"claimsite=={spec}"
    if "://" in spec or spec.startswith("git+"):
        return f"claimsite @ {spec}"
    path = Path(spec).expanduser()
    if not path.exists():
        raise ScaffoldError(
            f"{spec} is not a version, a URL or an existing wheel, sdist or folder: give one "
            "of those (e.g. dist/claimsite-0.1.0-py3-none-any.whl or git+https://…)"
        )
    return f"claimsite @ {path.resolve().as_uri()}"


def tokens(subject: str, publisher: str, today: dt.date, requirement: str) -> dict[str, str]:
    site_name = f"{subject} — claims and evidence"
    description = (
        f"Every claim made about {subject}, set beside the evidence, with a verdict and citations."
    )
    return {
        "@@SUBJECT@@": subject,
        "@@SUBJECT_YAML@@": json.dumps(subject, ensure_ascii=False),
        "@@PUBLISHER_YAML@@": json.dumps(publisher, ensure_ascii=False),
        "@@SITE_NAME_YAML@@": json.dumps(site_name, ensure_ascii=False),
        "@@DESCRIPTION_YAML@@": json.dumps(description, ensure_ascii=False),
        "@@TODAY@@": today.isoformat(),
        "@@CLAIMSITE_REQUIREMENT@@": requirement,
    }


def _target_name(name: str) -> str:
    name = name.removesuffix(".tmpl")
    return "." + name.removeprefix("dot-") if name.startswith("dot-") else name


def _templates(folder: Traversable, prefix: str = "") -> list[tuple[str, str]]:
    """(path in the new site, template text) for every file, in a stable order."""
    found: list[tuple[str, str]] = []
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name == "__pycache__":
            continue
        path = f"{prefix}{_target_name(item.name)}"
        if item.is_dir():
            found += _templates(item, f"{path}/")
        else:
            found.append((path, item.read_text(encoding="utf-8")))
    return found


def _check_words(subject: str, publisher: str) -> None:
    for label, text in (("subject", subject), ("publisher", publisher)):
        if not text.strip():
            raise ScaffoldError(f"the {label} is empty: give a few words")
        if "\n" in text or "\r" in text or "@@" in text:
            raise ScaffoldError(f"the {label} must be one line of plain text")


def create_site(
    target: Path,
    subject: str,
    publisher: str = "The editors",
    today: dt.date | None = None,
    requirement: str | None = None,
) -> list[Path]:
    """Write a new site into ``target`` (missing or empty); return the files written.

    ``requirement`` is the line that installs claimsite (see :func:`requirement_for`).
    """
    subject, publisher = subject.strip(), publisher.strip()
    _check_words(subject, publisher)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not empty: choose a new folder")
    replacements = tokens(
        subject, publisher, today or dt.date.today(), requirement or installed_requirement()
    )
    written: list[Path] = []
    try:
        ids: dict[str, list[str]] = {}
        for relative, text in _templates(package_files("claimsite.cli").joinpath("scaffold")):
            for token, value in replacements.items():
                text = text.replace(token, value)
            written.append(_write(target / relative, text))
            if relative == DEFAULT_DATA:
                ids = ids_in(parse(text, relative))
        written.append(_write(target / SCHEMA_PATH, schema_text(ids)))
    except OSError as error:
        raise ScaffoldError(f"cannot write into {target}: {error.strerror}") from None
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
