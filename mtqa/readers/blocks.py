"""From a block of file lines to sentence Segments whose offsets map back to the file.

Text and Markdown both find blocks (paragraphs, headings, table cells) and then need the same
thing: one string per block in which each character sits at a known file position, so that a
finding on any offset can be shown at the right line and column. The trick is to keep the
block's raw characters 1:1, turn each newline into a space (recorded in ``line_breaks``) and
blank out markup that sits at the start of continuation lines (a blockquote's ``>``) with
spaces of the same width.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from mtqa.text.segment import split_sentences, word_spans
from mtqa.types import Segment, Span


@dataclass(frozen=True)
class Piece:
    """The part ``[start, end)`` (0-based code points) of file line ``line`` (1-based) to keep."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """Text whose offset ``o`` is at file position :meth:`position`; newlines are spaces."""

    text: str
    line: int
    column: int
    breaks: tuple[int, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """Same rule as ``Segment.position``, so a sentence's own mapping agrees with ours."""
        before = bisect.bisect_left(self.breaks, offset)
        if not before:
            return self.line, self.column + offset
        return self.line + before, offset - self.breaks[before - 1]


def block_from_pieces(lines: Sequence[str], pieces: Sequence[Piece]) -> Block:
    """Join consecutive line pieces; a continuation piece is padded to its real column.

    ``lines`` are the file's lines (0-based list, 1-based ``Piece.line``). Pieces must be on
    consecutive lines, which is what a block's line map gives.
    """
    first = pieces[0]
    parts = [lines[first.line - 1][first.start : first.end]]
    breaks: list[int] = []
    length = len(parts[0])
    for piece in pieces[1:]:
        breaks.append(length)
        raw = lines[piece.line - 1]
        part = " " * piece.start + raw[piece.start : piece.end]
        parts.append(part)
        length += 1 + len(part)
    return Block(" ".join(parts), first.line, first.start + 1, tuple(breaks))


def sentences(text: str, lang: str) -> list[Span]:
    """Sentence spans; if the splitter fails on odd input, the block is one sentence.

    A reader must never crash on a readable file (trouble inside a file is a finding, not an
    error), and the splitter is third-party code fed arbitrary text.
    """
    try:
        return split_sentences(text, lang)
    except Exception:  # see docstring: never crash on a readable file
        stripped = text.strip()
        if not stripped:
            return []
        start = text.index(stripped[0])
        return [Span(start, start + len(stripped))]


def block_segments(
    block: Block,
    *,
    path: str,
    lang: str,
    first_index: int,
    excluded: Sequence[Span] | None = None,
    ignore_codes: tuple[str, ...] = (),
) -> list[Segment]:
    """One Segment per sentence of the block.

    ``excluded`` are block offsets whose words must never be checked (code, URLs); when a
    sentence overlaps one, its ``word_spans`` are set so that the engine skips them. They are
    also opaque to the sentence splitter: a dot in ``example.com/a.b`` or ``os.path`` is not
    the end of a sentence.
    """
    excluded = excluded or ()
    ends = [span.end for span in excluded]
    segments: list[Segment] = []
    for span in sentences(_masked(block.text, excluded), lang):
        start, end = span.start, span.end
        text = block.text[start:end]
        line, column = block.position(start)
        local = _clip(excluded, ends, start, end)
        index = first_index + len(segments)
        segments.append(
            Segment(
                path=path,
                index=index,
                text=text,
                line=line,
                column=column,
                id=str(index + 1),
                line_breaks=_breaks_within(block.breaks, start, end),
                word_spans=word_spans(text, local) if local else None,
                ignore_codes=ignore_codes,
            )
        )
    return segments


def _masked(text: str, excluded: Sequence[Span]) -> str:
    """``text`` with excluded spans replaced by letters of the same length, offsets unchanged.

    Also keeps the splitter fast: sentencex is quadratic on many backticks in one paragraph.
    """
    if not excluded:
        return text
    parts: list[str] = []
    previous = 0
    for span in excluded:
        parts.append(text[previous : span.start])
        parts.append("x" * (span.end - span.start))
        previous = span.end
    parts.append(text[previous:])
    return "".join(parts)


def _breaks_within(breaks: tuple[int, ...], start: int, end: int) -> tuple[int, ...]:
    """Breaks inside ``[start, end)``, relative to ``start``; bisect keeps long blocks linear."""
    low, high = bisect.bisect_left(breaks, start), bisect.bisect_left(breaks, end)
    return tuple(b - start for b in breaks[low:high])


def _clip(spans: Sequence[Span], ends: Sequence[int], start: int, end: int) -> tuple[Span, ...]:
    """The parts of ``spans`` inside ``[start, end)``, relative to ``start``.

    ``spans`` are sorted and disjoint (regex matches), so ``ends`` is sorted and bisect finds
    the first candidate: long blocks with many code spans stay linear.
    """
    clipped: list[Span] = []
    for index in range(bisect.bisect_right(ends, start), len(spans)):
        span = spans[index]
        if span.start >= end:
            break
        clipped.append(Span(max(span.start, start) - start, min(span.end, end) - start))
    return tuple(clipped)
