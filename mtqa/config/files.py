"""Config files: find the one that applies, read it, and refuse anything it does not understand.

Where: starting in the working directory and walking up, the nearest folder with a config file
wins, and within one folder ``mtqa.toml`` beats ``.mtqa.toml`` beats ``pyproject.toml`` (a
pyproject without ``[tool.mtqa]`` is skipped and the walk goes on). The walk stops at the first
folder that holds ``.git`` (the repository root) or at the filesystem root, so a stray file
above a checkout can never change what CI sees there. Files are not merged: one file applies.

What: in ``pyproject.toml`` the settings live in ``[tool.mtqa]``; in the other files they are
top-level. Keys are kebab-case, like ruff's. A key mtqa does not know is an error rather than a
warning, because a misspelled ``fail-on`` that is silently ignored lets a broken translation
pass CI. Paths in a file (glossary, baseline, output-dir, per-file-ignores globs) are relative
to the file's folder, so the same file works from any subfolder.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtqa.config.keys import KEYS_BY_NAME, Invalid, Key, Kind
from mtqa.errors import InputError, UsageError
from mtqa.storage.paths import shown
from mtqa.storage.reading import read_regular_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILE_NAMES = ("mtqa.toml", ".mtqa.toml", "pyproject.toml")
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class ConfigFile:
    """The settings one file sets, already type-checked: Config field → value."""

    path: Path
    values: Mapping[str, Any]




def discover(start: Path) -> Path | None:
    """The config file that applies to runs started in ``start``, or None."""
    folder = start.resolve()
    while True:
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if not os.path.lexists(candidate):
                continue
            # A FIFO or device named mtqa.toml is read (and refused), never silently passed over.
            if name != PYPROJECT or _mtqa_table(candidate, _parse(candidate)) is not None:
                return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def load(path: Path) -> ConfigFile:
    """Read and validate one config file; every problem is a one-line UsageError naming it."""
    given = Path(os.path.abspath(path))  # errors name the file as found, not a link's target
    path = path.resolve() if path.exists() else path
    name = shown(given)
    if not os.path.lexists(given):
        raise UsageError(f"{name}: no such config file")
    document = _parse(given)
    table = _mtqa_table(path, document)
    if table is None:
        raise UsageError(f"{name}: no [tool.mtqa] table")
    where = " in [tool.mtqa]" if path.name == PYPROJECT else ""
    reader = _Reader(name, path.parent)
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = KEYS_BY_NAME.get(raw_key)
        if key is None:
            raise UsageError(f"{name}: unknown key {raw_key!r}{where}{_hint(raw_key, path)}")
        values[key.field] = reader.value(key, value)
    return ConfigFile(path, values)


MAX_CONFIG_BYTES = 1_000_000
"""Config files are a few hundred bytes; a repository's file can't make mtqa read more."""


def _parse(path: Path) -> dict[str, Any]:
    """The file's TOML, read as a regular file of at most MAX_CONFIG_BYTES: a FIFO, a device or
    a huge or deeply nested file in a repository is a one-line error, never a hang."""
    try:
        raw = read_regular_bytes(path, MAX_CONFIG_BYTES, shown(path))
    except InputError as exc:
        raise UsageError(f"{exc.path}: cannot read config: {exc.cause}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{shown(path)}: invalid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"{shown(path)}: invalid TOML: nested too deeply") from None


def _mtqa_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    if path.name != PYPROJECT:
        return document
    tool = document.get("tool")
    table = tool.get("mtqa") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{shown(path)}: tool.mtqa must be a table")
    return table


def _hint(raw_key: str, path: Path) -> str:
    kebab = raw_key.replace("_", "-")
    if kebab != raw_key and kebab in KEYS_BY_NAME:
        return f" (keys are kebab-case: did you mean {kebab!r}?)"
    if raw_key == "tool" and path.name != PYPROJECT:
        return f" (in {path.name} the settings are top-level, without [tool.mtqa])"
    close = difflib.get_close_matches(raw_key, list(KEYS_BY_NAME), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    names = {str: "a string", int: "an integer", float: "a float", list: "an array", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")


class _Reader:
    """Checks the TOML types of one file's values, then hands them to the row's validator; paths
    and per-file globs resolve against the file's folder."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder

    def fail(self, key: Key, problem: str) -> UsageError:
        return UsageError(f"{self.name}: {key.name}: {problem}")

    def wrong_type(self, key: Key, value: Any) -> UsageError:
        return self.fail(key, f"expected {key.expected()}, found {_toml_type(value)}")

    def value(self, key: Key, value: Any) -> Any:
        if not _has_shape(key, value):
            if key.kind is Kind.CHOICE:
                raise self.fail(key, f"expected {key.expected()}, found {value!r}")
            raise self.wrong_type(key, value)
        if key.kind is Kind.PATH:
            value = Path(os.path.normpath(self.folder / Path(value).expanduser()))
        if key.kind is Kind.PER_FILE:
            for pattern, codes in value.items():
                if not _is_list_of_text(codes):
                    raise self.fail(key, f"{pattern!r}: expected {Kind.CODES.value}, found {_toml_type(codes)}")
        try:
            return key.check(value, self.folder)
        except (Invalid, OverflowError) as exc:
            raise self.fail(key, exc.as_problem() if isinstance(exc, Invalid) else str(exc)) from None


def _is_list_of_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _has_shape(key: Key, value: Any) -> bool:
    """Whether a TOML value has the type the row's kind needs (its content is the validator's)."""
    kind = key.kind
    if kind in (Kind.TEXT, Kind.PATH):
        return isinstance(value, str) and bool(value.strip())
    if kind in (Kind.CODES, Kind.TERMS):
        return _is_list_of_text(value)
    if kind is Kind.NUMBER:
        return not isinstance(value, bool) and isinstance(value, (int, float))
    if kind in (Kind.COUNT, Kind.SIZE):
        return not isinstance(value, bool) and isinstance(value, int) and value >= (1 if kind is Kind.COUNT else 0)
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.CHOICE:
        return isinstance(value, str) and value in key.choices
    if kind is Kind.FORMATS:
        return (isinstance(value, str) and bool(value)) or (isinstance(value, list) and bool(value) and _is_list_of_text(value))
    return isinstance(value, dict)
