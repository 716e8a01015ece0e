"""flake8-style selection of checks by code prefix: the longest matching prefix decides."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def is_selected(code: str, select: Iterable[str] = (), ignore: Iterable[str] = (), extend_select: Iterable[str] = ()) -> bool:
    """True when ``code`` should run. An empty ``select`` means every code.

    The longest prefix that matches wins; on a tie, an explicit select beats an ignore.
    """
    selects = [p for p in (*select, *extend_select) if code.startswith(p)]
    ignores = [p for p in ignore if code.startswith(p)]
    if not list(select) and not selects:
        selects = [""]
    best_select = max((len(p) for p in selects), default=-1)
    best_ignore = max((len(p) for p in ignores), default=-1)
    return best_select >= best_ignore and best_select >= 0


@dataclass(frozen=True)
class PerFileIgnore:
    """Codes to ignore in files matching ``pattern``, a glob relative to ``root``.

    They switch codes off in matching files whatever ``select`` says (see mtqa.pipeline.checking.Checking.checks_for).

    A pattern without '/' matches the file name in any folder (``"*.md"``), like .gitignore; a
    pattern with '/' is matched with fnmatch against the path relative to ``root`` (the folder
    of the config file that declared it), with '/' separators. fnmatch's ``*`` crosses folders,
    so ``"docs/*"`` covers everything under docs/.
    """

    pattern: str
    codes: tuple[str, ...]
    root: Path

    def matches(self, path: str | Path) -> bool:
        absolute = Path(os.path.abspath(path))
        if "/" not in self.pattern:
            return fnmatch.fnmatchcase(absolute.name, self.pattern)
        relative = os.path.relpath(absolute, os.path.abspath(self.root)).replace(os.sep, "/")
        return fnmatch.fnmatchcase(relative, self.pattern.removeprefix("./"))


def ignored_for(path: str | Path, rules: Iterable[PerFileIgnore]) -> tuple[str, ...]:
    """The code prefixes that per-file ignores add to ``ignore`` for this file."""
    return tuple(code for rule in rules if rule.matches(path) for code in rule.codes)


def unknown_prefixes(prefixes: Iterable[str]) -> list[str]:
    """Prefixes that match no check code: almost always a typo that would silently do nothing."""
    # Imported here: the registry pulls in numpy, and config loading must not pay for it up front.
    from mtqa.checks import CHECKS_BY_CODE

    return [p for p in prefixes if not any(code.startswith(p) for code in CHECKS_BY_CODE)]
