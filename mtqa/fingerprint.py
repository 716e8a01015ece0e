"""Finding fingerprints that survive unrelated edits (DESIGN.md's contract).

A fingerprint hashes what the finding is about — code, file, flagged text and five words of
context on each side — and not where it is, so moving lines around leaves baselines valid.
Identical tuples in one file are told apart by their occurrence index.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CONTEXT_WORDS = 5


def relative_path(path: str) -> str:
    """The path relative to the working directory with '/' separators, as fingerprints use."""
    try:
        rel = os.path.relpath(Path(path).resolve(), Path.cwd().resolve())
    except ValueError:
        rel = path
    if rel.startswith(".."):
        rel = path
    return rel.replace(os.sep, "/")


def context_window(text: str, start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return " ".join(text.lower().split())
    left = text[:start].lower().split()[-CONTEXT_WORDS:]
    right = text[end:].lower().split()[:CONTEXT_WORDS]
    return " ".join(left) + " \u2016 " + " ".join(right)


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
