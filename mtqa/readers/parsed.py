"""What a parser returns when the file says more than its segments (its languages).

Most parsers return a plain list of segments; formats that declare their languages (XLIFF's
``target-language``, a PO header's ``Language``) return this instead, so that the engine can
trust the file rather than guess from a few strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.types import Segment


@dataclass(frozen=True)
class ParsedFile:
    segments: tuple[Segment, ...]
    source_lang: str | None = None
    target_lang: str | None = None
    notes: tuple[str, ...] = ()
