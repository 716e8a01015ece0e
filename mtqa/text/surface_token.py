"""The record of a token that must survive translation unchanged, and the span set every token
finder uses to keep its tokens apart from the others'."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SurfaceToken:
    """``text`` as written; ``keys`` are the normalised readings any of which may match."""

    text: str
    start: int
    end: int
    keys: frozenset[str]


class Spans:
    """Spans to test others against for overlap, by bisection: a string of 20,000 inline tags
    must not cost 20,000 × 20,000 comparisons."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.reach[before - 1] > start

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none already here (so ends stay in start order)."""
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.reach.insert(index, end)
