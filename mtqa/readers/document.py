"""Reading one file into a Document: decode, parse by format, pair with source/reference."""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import InputError, UsageError
from mtqa.readers.decode import read_text_file
from mtqa.readers.display import display_path
from mtqa.readers.pairing import check_aligned, file_lines, pair_segments
from mtqa.readers.registry import FORMATS, SUPPORTED_EXTENSIONS, format_for
from mtqa.types import Document

DEFAULT_MAX_BYTES = 20_000_000


def read_document(
    path: Path | str,
    *,
    input_format: str | None = None,
    source: Path | str | None = None,
    reference: Path | str | None = None,
    lang: str = "en",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """The segments of one file; ``source``/``reference`` pair by line with text formats.

    ``input_format`` is a format name (``text``, ``markdown``, ``jsonl``, ``tsv``) or, for
    convenience, an extension without its dot (``md``, ``txt``); None chooses by extension.
    """
    path = Path(path)
    shown = display_path(path)
    name = resolve_format(input_format) if input_format is not None else format_for(path)
    spec = FORMATS[name]
    if (source is not None or reference is not None) and not spec.line_based:
        raise InputError(shown, "--source/--ref apply to text files; put src/ref in the file")
    text = read_text_file(path, max_bytes)
    segments = spec.parse(text, shown, lang)
    if source is not None or reference is not None:
        target_lines = len(file_lines(text))
        source_lines = _aligned_lines(source, shown, target_lines, max_bytes)
        reference_lines = _aligned_lines(reference, shown, target_lines, max_bytes)
        segments = pair_segments(segments, source_lines=source_lines, reference_lines=reference_lines)
    return Document(
        path=shown,
        segments=tuple(segments),
        source_path=display_path(source) if source is not None else None,
        reference_path=display_path(reference) if reference is not None else None,
        input_format=name,
    )


def resolve_format(name: str) -> str:
    """A format name from ``--input-format``; unknown names are a usage error listing choices."""
    wanted = name.strip().lower()
    if wanted in FORMATS:
        return wanted
    by_extension = SUPPORTED_EXTENSIONS.get("." + wanted.lstrip("."))
    if by_extension is not None:
        return by_extension
    raise UsageError(f"unknown input format {name!r}; choose from {', '.join(FORMATS)}")


def _aligned_lines(other: Path | str | None, target: str, target_lines: int, max_bytes: int) -> list[str] | None:
    if other is None:
        return None
    lines = file_lines(read_text_file(Path(other), max_bytes))
    check_aligned(target, target_lines, display_path(other), len(lines))
    return lines
