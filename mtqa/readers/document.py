"""Reading one file into a Document: decode, parse by format, pair with source/reference."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtqa.errors import InputError, UsageError
from mtqa.readers.decode import read_text_file
from mtqa.readers.display import display_path
from mtqa.readers.pairing import check_aligned, file_lines, pair_by_id, pair_segments
from mtqa.readers.parsed import ParsedFile
from mtqa.readers.registry import FORMATS, SUPPORTED_EXTENSIONS, InputFormat, format_for
from mtqa.types import Document, Segment

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
    """The segments of one file; ``source``/``reference`` pair by line with text formats and
    by id with JSON resources.

    ``input_format`` is a format name (``text``, ``markdown``, ``jsonl``, ``tsv``, ``po``,
    ``xliff``, ``json``, ``srt``) or, for convenience, an extension without its dot (``md``,
    ``xlf``); None chooses by extension.
    """
    path = Path(path)
    shown = display_path(path)
    name = resolve_format(input_format) if input_format is not None else format_for(path)
    spec = FORMATS[name]
    if (source is not None or reference is not None) and not (spec.line_based or spec.pairs_by_id):
        raise InputError(shown, "--source/--ref apply to text files and JSON resources; put src/ref in the file")
    text = read_text_file(path, max_bytes)
    parsed = _unpack(spec.parse(text, shown, lang))
    segments: Sequence[Segment] = parsed.segments
    if spec.pairs_by_id and (source is not None or reference is not None):
        source_segments = _other_segments(spec, source, lang, max_bytes)
        reference_segments = _other_segments(spec, reference, lang, max_bytes)
        segments = pair_by_id(segments, source_segments=source_segments, reference_segments=reference_segments)
    elif source is not None or reference is not None:
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
        target_lang=parsed.target_lang,
        source_lang=parsed.source_lang,
    )


def _unpack(parsed: list[Segment] | ParsedFile) -> ParsedFile:
    return parsed if isinstance(parsed, ParsedFile) else ParsedFile(tuple(parsed))


def _other_segments(spec: InputFormat, other: Path | str | None, lang: str, max_bytes: int) -> list[Segment] | None:
    """The segments of a source or reference file in the target's own format."""
    if other is None:
        return None
    shown = display_path(other)
    return list(_unpack(spec.parse(read_text_file(Path(other), max_bytes), shown, lang)).segments)


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
