"""Invisible characters made visible, as code hosts show them in a diff.

A bidi override (U+202E) in a translation makes a browser show the text reordered ("Trojan
Source"): the reviewer approves what the page shows, not what the file says. Zero-width and
control characters hide in the same way. The HTML report therefore never writes them raw: each
becomes a visible ``<U+202E>`` marker (escaped like any text, so it is safe in attributes too),
and a segment that holds one gets a warning badge.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "has_invisible", "visible"]

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
"""Controls (tab and newlines are layout, not hidden), bidi marks, embeddings, overrides and
isolates, zero-width characters, the BOM and the interlinear annotation characters."""


def visible(text: str) -> str:
    """``text`` with every invisible character as a ``<U+XXXX>`` marker."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def has_invisible(text: str | None) -> bool:
    return bool(text) and INVISIBLE.search(text or "") is not None
