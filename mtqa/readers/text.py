"""Plain text: paragraphs are separated by blank lines and split into sentences.

A paragraph may wrap over several lines (hard-wrapped prose), so sentences are found on the
whole paragraph, not per line; ``line_breaks`` keeps every offset mappable to its file line.
Paragraphs are parsed as their lines arrive, so a file is streamed, never held whole.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator

from mtqa.readers.blocks import Block, Piece, block_from_pieces, block_segments
from mtqa.readers.decode import normalise_newlines
from mtqa.readers.pairing import check_aligned, file_lines, pair_segments
from mtqa.types import Document, Segment


def parse_text(text: str, path: str, lang: str) -> list[Segment]:
    """Sentence segments of every paragraph, in file order."""
    return list(iter_text_segments(text.split("\n"), path, lang))


def iter_text_segments(lines: Iterable[str], path: str, lang: str) -> Iterator[Segment]:
    """Sentence segments of every paragraph of ``lines`` (LF-split), as each paragraph ends.

    Only the current paragraph's lines are kept, so memory follows the longest paragraph.
    """
    run: list[str] = []
    first = 0
    index = 0
    for number, line in enumerate(itertools.chain(lines, [""]), start=1):
        if line.strip():
            if not run:
                first = number
            run.append(line)
            continue
        if run:
            for segment in block_segments(_paragraph(run, first), path=path, lang=lang, first_index=index):
                index += 1
                yield segment
            run = []


def _paragraph(lines: list[str], first: int) -> Block:
    """The block of a paragraph of whole lines whose first line is file line ``first``.

    ``block_from_pieces`` numbers pieces by their place in ``lines``, which here hold just the
    paragraph; moving the block to ``first`` afterwards is all the file position needs.
    """
    pieces = [Piece(number, 0, len(line)) for number, line in enumerate(lines, start=1)]
    return dataclasses.replace(block_from_pieces(lines, pieces), line=first)


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
