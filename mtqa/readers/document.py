"""Reading one file into a Document: decode, parse by format, pair with source/reference.

Formats with a line parser (``InputFormat.stream``) are read line by line, so a large file is
never held whole, neither as bytes nor as text; the others are decoded whole, within the size
limit. Line-aligned ``--source``/``--ref`` files are read line by line in either case.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from mtqa.errors import InputError, UsageError
from mtqa.readers.decode import iter_lines, read_text_file
from mtqa.readers.pairing import check_aligned, line_count, pair_by_id, pair_segments, without_final_newline
from mtqa.readers.parsed import ParsedFile
from mtqa.readers.registry import FORMATS, SUPPORTED_EXTENSIONS, InputFormat, format_for
from mtqa.storage.paths import display_path
from mtqa.text.budget import within_budget
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
    max_words: int | None = None,
) -> Document:
    """The segments of one file; ``source``/``reference`` pair by line with text formats and
    by id with JSON resources.

    ``input_format`` is a format name (``text``, ``markdown``, ``jsonl``, ``tsv``, ``po``,
    ``xliff``, ``json``, ``srt``) or, for convenience, an extension without its dot (``md``,
    ``xlf``); None chooses by extension. ``max_words`` is the per-file word budget: a file
    over it is an InputError, raised as soon as reading gets past it (None: no budget here).
    """
    path = Path(path)
    shown = display_path(path)
    name = resolve_format(input_format) if input_format is not None else format_for(path)
    spec = FORMATS[name]
    if (source is not None or reference is not None) and not (spec.line_based or spec.pairs_by_id):
        raise InputError(shown, "--source/--ref apply to text files and JSON resources; put src/ref in the file")
    parsed, target_lines = _parse_file(spec, path, lang, max_bytes, max_words)
    segments: Sequence[Segment] = parsed.segments
    if spec.pairs_by_id and (source is not None or reference is not None):
        source_segments = _other_segments(spec, source, lang, max_bytes)
        reference_segments = _other_segments(spec, reference, lang, max_bytes)
        segments = pair_by_id(segments, source_segments=source_segments, reference_segments=reference_segments)
    elif source is not None or reference is not None:
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
        notes=tuple(f"{shown}: {note}" for note in parsed.notes),
    )


def _parse_file(spec: InputFormat, path: Path, lang: str, max_bytes: int, max_words: int | None) -> tuple[ParsedFile, int]:
    """The file parsed in its format, and its number of lines (as ``file_lines`` counts them).

    The word budget applies to every format, so the result does not depend on which formats
    stream; only a streamed one is spared the rest of the file when the budget runs out. A
    streamed file is closed as soon as parsing stops, also when it stops on an error.
    """
    shown = display_path(path)
    if spec.stream is None:
        text = read_text_file(path, max_bytes)
        parsed = _unpack(spec.parse(text, shown, lang))
        segments = tuple(within_budget(parsed.segments, shown, max_words))
        return dataclasses.replace(parsed, segments=segments), line_count(text)
    with contextlib.closing(iter_lines(path, max_bytes)) as lines:
        counted = _LineCounter(lines)
        segments = tuple(within_budget(spec.stream(counted, shown, lang), shown, max_words))
        return ParsedFile(segments), counted.finish()


class _LineCounter:
    """Lines passed through unchanged, counted the way ``file_lines`` counts them.

    Pairing by line needs the target's line count, and a streamed target is gone once parsed.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._seen = 0
        self._last = ""

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self._seen += 1
            self._last = line
            yield line

    def finish(self) -> int:
        """The count, after reading whatever lines the parser left (a trailing newline ends
        the last line rather than starting one)."""
        for _ in self:
            pass
        return self._seen - 1 if self._last == "" else self._seen


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
    """The lines of a line-aligned side file, read line by line: only its lines are kept."""
    if other is None:
        return None
    with contextlib.closing(iter_lines(Path(other), max_bytes)) as stream:
        lines = without_final_newline(list(stream))
    check_aligned(target, target_lines, display_path(other), len(lines))
    return lines
