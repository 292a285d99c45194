"""Read and write ``mkdocs.yml`` without running it.

Site configurations may carry tags that only their engine resolves (``!ENV``,
``!!python/name:…`` for Markdown extension callables, ``!relative``). ``generate`` must pass
them through unchanged, so unknown tags are kept as :class:`Tagged` values and written back
with the same tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimsite.errors import ClaimsiteError, Problem


@dataclass(frozen=True)
class Tagged:
    """A value under a tag this module does not resolve, kept for writing back."""

    tag: str
    value: Any


class ConfigFileError(ClaimsiteError):
    """The configuration file cannot be read; the message says where and why."""


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict[str, Any]:
    """The configuration as plain values (tagged values kept as :class:`Tagged`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigFileError(f"{path}: cannot read the configuration ({error.strerror})") from None
    try:
        loaded = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = Problem.at(str(path), line, column, "not valid YAML", "fix the syntax here")
        raise ConfigFileError([problem]) from None
    if not isinstance(loaded, dict):
        raise ConfigFileError(f"{path}: the configuration must be a mapping of settings")
    return loaded


def config_text(config: dict[str, Any]) -> str:
    """YAML for ``config``, keys in their given order, tags as they were read."""
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
