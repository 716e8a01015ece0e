"""``--source`` / ``--ref`` for line-based formats: line N pairs with line N.

Every sentence is conditioned on the whole of its source line, because sentence splitting of
the source and the target rarely agrees; the line is the unit both sides share.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from mtqa.errors import InputError
from mtqa.types import Segment


def file_lines(text: str) -> list[str]:
    """Lines of normalised text; one trailing newline does not start another line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def check_aligned(target: str, target_lines: int, other: str, other_lines: int) -> None:
    """Misaligned files would silently pair the wrong sentences, so they are an input error."""
    if other_lines != target_lines:
        raise InputError(target, f"{other} has {other_lines} lines but {target} has {target_lines}")


def pair_segments(
    segments: Sequence[Segment],
    *,
    source_lines: Sequence[str] | None,
    reference_lines: Sequence[str] | None,
) -> list[Segment]:
    """Each segment gets the source/reference line of the file line its first character is on."""
    paired: list[Segment] = []
    for segment in segments:
        row = segment.line - 1
        paired.append(
            dataclasses.replace(
                segment,
                source=_line(source_lines, row, segment.source),
                reference=_line(reference_lines, row, segment.reference),
            )
        )
    return paired


def _line(lines: Sequence[str] | None, row: int, default: str | None) -> str | None:
    if lines is None or not 0 <= row < len(lines):
        return default
    return lines[row]
