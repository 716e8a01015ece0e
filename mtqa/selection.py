"""flake8-style selection of checks by code prefix: the longest matching prefix decides."""

from __future__ import annotations

from collections.abc import Iterable


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
