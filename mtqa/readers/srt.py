"""SubRip subtitles: each cue's text is one segment, its id the cue number.

A cue is a number line, a ``00:00:01,000 --> 00:00:02,500`` timing line and one or more text
lines, and cues are separated by blank lines. The text lines are joined with spaces and keep
``line_breaks``, as the text reader does, so every offset maps back to its file line. Cues
are not sentence-split: a subtitle is what the viewer reads at once.

Formatting tags (``<i>``, ``<b>``, ``<u>``, ``<font …>`` and ``{\\an8}``-style positioning)
are blanked to spaces of the same width instead of removed, which keeps offsets 1:1 with the
file while neither the checks nor the LM see markup as words.

A malformed timing line is an input error naming its line: a subtitle file whose timings do
not parse would not play either.
"""

from __future__ import annotations

import re

from mtqa.errors import InputError
from mtqa.readers.blocks import Piece, block_from_pieces
from mtqa.types import Segment

_TIME = r"(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?\s*")
_CUE_NUMBER = re.compile(r"\s*(\d+)\s*")
_MARKUP = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^<>]*)?>|\{\\[^{}]*\}", re.IGNORECASE)


def parse_srt(text: str, path: str, lang: str) -> list[Segment]:
    """One segment per cue with text, in file order; ``lang`` is unused (cues are never re-split)."""
    del lang
    lines = text.split("\n")
    segments: list[Segment] = []
    for block in _blocks(lines):
        cue = _cue(lines, block, path)
        if cue is None:
            continue
        number, first_text = cue
        pieces = [Piece(n, 0, len(lines[n - 1])) for n in range(first_text, block[-1] + 1)]
        joined = block_from_pieces(lines, pieces)
        masked = _MARKUP.sub(lambda match: " " * len(match.group()), joined.text)
        start, end = len(masked) - len(masked.lstrip()), len(masked.rstrip())
        if start == end:
            continue  # a cue of formatting tags alone has nothing to read
        line, column = joined.position(start)
        segments.append(
            Segment(
                path=path,
                index=len(segments),
                text=masked[start:end],
                line=line,
                column=column,
                id=number if number is not None else str(len(segments) + 1),
                line_breaks=tuple(b - start for b in joined.breaks if start <= b < end),
            )
        )
    return segments


def _blocks(lines: list[str]) -> list[list[int]]:
    """1-based line numbers of each run of non-blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append(number)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue(lines: list[str], block: list[int], path: str) -> tuple[str | None, int] | None:
    """(cue number, line number of the first text line), or None for a cue without text.

    The number line is optional (some tools omit it); the timing line is not.
    """
    first = block[0]
    number_match = _CUE_NUMBER.fullmatch(lines[first - 1])
    timing_line = first + 1 if number_match else first
    if number_match and timing_line > block[-1]:
        raise InputError(path, f"line {first}: cue {number_match.group(1)} has no timing line")
    timing = lines[timing_line - 1]
    if not _TIMING.fullmatch(timing):
        what = "malformed timing" if "-->" in timing or number_match else "expected a cue number or a timing line"
        raise InputError(path, f"line {timing_line}: {what}: {timing.strip()[:60]!r}")
    if timing_line == block[-1]:
        return None
    return (number_match.group(1) if number_match else None), timing_line + 1
