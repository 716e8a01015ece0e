"""``--source`` / ``--ref``: line N pairs with line N, or a key with the same key.

For line-based formats every sentence is conditioned on the whole of its source line, because
sentence splitting of the source and the target rarely agrees; the line is the unit both sides
share. JSON resource files share their keys instead, whatever order or lines they are on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from mtqa.errors import InputError
from mtqa.types import Segment


def file_lines(text: str) -> list[str]:
    """Lines of normalised text; one trailing newline does not start another line."""
    return without_final_newline(text.split("\n"))


def without_final_newline(lines: list[str]) -> list[str]:
    """``text.split("\\n")`` as an editor counts lines: a final newline ends the last line."""
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def line_count(text: str) -> int:
    """``len(file_lines(text))``, without making the list."""
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


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


def pair_by_id(
    segments: Sequence[Segment],
    *,
    source_segments: Sequence[Segment] | None,
    reference_segments: Sequence[Segment] | None,
) -> list[Segment]:
    """Each segment gets the text of the other file's segment with the same id.

    A key the other file lacks leaves the side empty (None): a resource file that gained keys
    since its source was exported is normal, not an error, and is still checked target-only.
    """
    sources = _by_id(source_segments)
    references = _by_id(reference_segments)
    paired: list[Segment] = []
    for segment in segments:
        source = sources.get(segment.id) if sources is not None else segment.source
        reference = references.get(segment.id) if references is not None else segment.reference
        paired.append(dataclasses.replace(segment, source=source, reference=reference))
    return paired


def _by_id(segments: Sequence[Segment] | None) -> dict[str | None, str] | None:
    """Texts by id; the first of duplicated ids wins, as in the target."""
    if segments is None:
        return None
    found: dict[str | None, str] = {}
    for segment in segments:
        found.setdefault(segment.id, segment.text)
    return found
