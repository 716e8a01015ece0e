"""``mtqa: ignore[CODE,…]`` written in a format's own comments (PO comments, XLIFF notes).

Translators cannot add Markdown-style HTML comments to a PO file or an XLIFF unit, but both
formats have a comment channel that travels with the unit; the same marker there suppresses
those code prefixes for that unit. ``mtqa: ignore`` without brackets suppresses every code.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"\bmtqa:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
ALL_CODES = ("MT",)


def ignore_codes_in(comments: str) -> tuple[str, ...]:
    """Code prefixes every marker in ``comments`` names, in order, without repeats."""
    codes: list[str] = []
    for match in _MARKER.finditer(comments):
        if match.group(1) is None:
            named = list(ALL_CODES)
        else:
            named = [code.strip().upper() for code in match.group(1).split(",") if code.strip()] or list(ALL_CODES)
        codes += [code for code in named if code not in codes]
    return tuple(codes)
