"""Finding fingerprints that survive unrelated edits (DESIGN.md's contract).

A fingerprint hashes what the finding is about — code, file, flagged text and five words of
context on each side — and not where it is, so moving lines around leaves baselines valid.
Identical tuples in one file are told apart by their occurrence index.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from functools import lru_cache

from mtqa.storage.paths import relative_path

CONTEXT_WORDS = 5
CONTEXT_WORD_CHARS = 64
_TOKEN = re.compile(r"\S+")


def context_window(text: str, start: int | None, end: int | None) -> str:
    """The lower-cased whitespace tokens around a span: five on each side, as split() finds them.

    A context word counts by its 64 characters nearest the span, so that thousands of findings
    inside one megabyte "word" (a run of invisible characters) cost a bisect each, not a pass
    over the whole segment; words of ordinary length are taken whole.
    """
    if start is None or end is None:
        return " ".join(text.lower().split())
    starts, ends = _token_bounds(text)
    first_right = bisect.bisect_right(ends, end)
    left = [
        text[max(starts[k], min(ends[k], start) - CONTEXT_WORD_CHARS) : min(ends[k], start)].lower()
        for k in range(max(0, bisect.bisect_left(starts, start) - CONTEXT_WORDS), bisect.bisect_left(starts, start))
    ]
    right = [
        text[max(starts[k], end) : min(ends[k], max(starts[k], end) + CONTEXT_WORD_CHARS)].lower()
        for k in range(first_right, min(len(starts), first_right + CONTEXT_WORDS))
    ]
    return " ".join(left) + " \u2016 " + " ".join(right)


@lru_cache(maxsize=8)
def _token_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the whitespace tokens of a segment, once per segment."""
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


class FingerprintCounter:
    """Hands out fingerprints for one file, counting repeats of the same tuple."""

    def __init__(self, path: str) -> None:
        self._path = relative_path(path)
        self._seen: dict[tuple[str, str, str], int] = {}

    def fingerprint(self, code: str, flagged: str, context: str) -> str:
        key = (code, flagged, context)
        occurrence = self._seen.get(key, 0)
        self._seen[key] = occurrence + 1
        payload = "\x1f".join([code, self._path, flagged, context, str(occurrence)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
