"""Plain text: paragraphs are separated by blank lines and split into sentences.

A paragraph may wrap over several lines (hard-wrapped prose), so sentences are found on the
whole paragraph, not per line; ``line_breaks`` keeps every offset mappable to its file line.
"""

from __future__ import annotations

from mtqa.readers.blocks import Piece, block_from_pieces, block_segments
from mtqa.readers.decode import normalise_newlines
from mtqa.readers.pairing import check_aligned, file_lines, pair_segments
from mtqa.types import Document, Segment


def parse_text(text: str, path: str, lang: str) -> list[Segment]:
    """Sentence segments of every paragraph, in file order."""
    lines = text.split("\n")
    segments: list[Segment] = []
    run: list[Piece] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            run.append(Piece(number, 0, len(line)))
            continue
        if run:
            block = block_from_pieces(lines, run)
            segments += block_segments(block, path=path, lang=lang, first_index=len(segments))
            run = []
    return segments


def segments_from_text(
    path: str,
    text: str,
    *,
    source: str | None = None,
    reference: str | None = None,
    lang: str = "en",
) -> Document:
    """A Document from text in memory (the Python API's ``check_text``), labelled ``path``.

    ``source``/``reference`` are texts, paired with ``text`` line by line as ``--source`` and
    ``--ref`` are; their line counts must match, as for files.
    """
    text = normalise_newlines(text)
    segments = parse_text(text, path, lang)
    target_lines = len(file_lines(text))
    sides: dict[str, list[str] | None] = {}
    for role, other in (("source", source), ("reference", reference)):
        if other is None:
            sides[role] = None
            continue
        lines = file_lines(normalise_newlines(other))
        check_aligned(path, target_lines, f"the {role}", len(lines))
        sides[role] = lines
    if source is not None or reference is not None:
        segments = pair_segments(segments, source_lines=sides["source"], reference_lines=sides["reference"])
    return Document(path=path, segments=tuple(segments), input_format="text")
