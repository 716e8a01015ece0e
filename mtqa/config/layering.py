"""The effective Config of a run, built in layers, and where each value came from.

Layers, lowest first: defaults < config file < MTQA_* environment < command-line flags. Each
layer replaces a value as a whole (a ``--select`` flag replaces the file's ``select``, it does
not add to it); ``extend-select`` is the way to add. The provenance of every value is kept so
``mtqa config`` can answer "why is fail-on warning here?" without guesswork.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from mtqa.config.files import discover, load
from mtqa.config.keys import KEYS, KEYS_BY_FIELD, Invalid, Kind, environment_values
from mtqa.config.model import Config
from mtqa.errors import UsageError
from mtqa.storage.paths import shown
from mtqa.types import Severity


class Origin(str, Enum):
    DEFAULT = "default"
    FILE = "file"
    ENVIRONMENT = "environment"
    FLAG = "flag"


@dataclass(frozen=True)
class Source:
    """Where one value came from: the default, a file, a variable or a flag (``name`` says which)."""

    origin: Origin
    name: str = ""

    def __str__(self) -> str:
        return self.name or self.origin.value


DEFAULT = Source(Origin.DEFAULT)


class Discovery(str, Enum):
    """How the config file of a run was chosen."""

    FOUND = "found"
    EXPLICIT = "--config"
    NONE = "none found"
    ISOLATED = "ignored (--isolated)"


@dataclass(frozen=True)
class Settings:
    config: Config
    sources: Mapping[str, Source]
    """Config field → where its value came from."""
    file: Path | None
    discovery: Discovery

    def source(self, field_name: str) -> Source:
        return self.sources.get(field_name, DEFAULT)


def resolve(
    flags: Mapping[str, tuple[Any, str]],
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The effective settings. ``flags`` maps Config fields to (value, flag name); None values are unset flags."""
    if config_file is not None and isolated:
        raise UsageError("--config and --isolated contradict each other")
    if isolated:
        path, discovery = None, Discovery.ISOLATED
    elif config_file is not None:
        path, discovery = config_file, Discovery.EXPLICIT
    else:
        path = discover(cwd or Path.cwd())
        discovery = Discovery.FOUND if path is not None else Discovery.NONE
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    if path is not None:
        loaded = load(path)
        path = loaded.path
        for name, value in loaded.values.items():
            values[name] = value
            sources[name] = Source(Origin.FILE, shown(loaded.path))
    layers = ((environment_values(environ), Origin.ENVIRONMENT), (flags, Origin.FLAG))
    for layer, origin in layers:
        for name, (value, label) in layer.items():
            if value is None:
                continue
            values[name] = _validate(name, value, label) if origin is Origin.FLAG else value
            sources[name] = Source(origin, label)
    return Settings(replace(Config(), **values), sources, path, discovery)


def _validate(name: str, value: Any, label: str) -> Any:
    """A flag's value through its row's parser and validator, as files and variables go."""
    key = KEYS_BY_FIELD.get(name)
    if key is None:
        return value
    try:
        return key.parse(value) if isinstance(value, str) else key.check(value)
    except Invalid as exc:
        raise UsageError(exc.for_flag(label)) from None


def describe(settings: Settings) -> str:
    """``mtqa config``: the file that applies, then ``key = value  # source`` for every setting."""
    if settings.file is not None:
        how = "given with --config" if settings.discovery is Discovery.EXPLICIT else "found"
        header = f"# config file: {shown(settings.file)} ({how})"
    else:
        header = f"# config file: {settings.discovery.value}"
    lines = [header]
    for key in KEYS:
        value = getattr(settings.config, key.field)
        source = settings.source(key.field)
        if value is None:
            lines.append(f"# {key.name} is not set  # {source}")
        else:
            lines.append(f"{key.name} = {_toml(key.field, value)}  # {source}")
    return "\n".join(lines) + "\n"


def _toml(field_name: str, value: Any) -> str:
    kind = KEYS_BY_FIELD[field_name].kind
    if kind is Kind.FORMATS:
        names = value.split(",")
        return json.dumps(names[0]) if len(names) == 1 else _array(names)
    if kind is Kind.CODES:
        return _array(value)
    if kind is Kind.TERMS:
        return _array(sorted(value))
    if kind is Kind.PER_FILE:
        return _inline_table((json.dumps(rule.pattern), _array(rule.codes)) for rule in value)
    if kind is Kind.SEVERITIES:
        return _inline_table((code, json.dumps(Severity(v).value)) for code, v in sorted(value.items()))
    if isinstance(value, Enum):
        return json.dumps(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Path):
        return json.dumps(shown(value) if value.is_absolute() else value.as_posix())
    return json.dumps(value)


def _array(items: Iterable[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in items) + "]"


def _inline_table(cells: Iterable[tuple[str, str]]) -> str:
    text = ", ".join(f"{name} = {value}" for name, value in cells)
    return "{ " + text + " }" if text else "{}"
