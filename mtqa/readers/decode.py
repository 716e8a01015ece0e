"""Turning a file's bytes into text that every reader can index by code point.

All readers share this so that encoding trouble is reported the same way whatever the format:
one line naming the file and the byte, never a traceback. Newlines are normalised to LF here,
once, because every reader's line/column arithmetic assumes it.

There is one decode path, and it streams: the file is read in chunks and decoded incrementally,
so a line-based reader never holds the raw bytes and the whole decoded text at once, and a file
that grows while it is read stops at the size limit however large it has become.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import re
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

from mtqa.errors import InputError
from mtqa.storage.paths import display_path
from mtqa.storage.reading import open_regular, read_chunks

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)

_SNIFF_BYTES = 8192

CHUNK_BYTES = 1 << 18
"""How much is read (and decoded) at a time. Large enough that the per-chunk work in Python is
lost in the decoding itself; small because the pipeline holds a few chunks at once (the one
being read, its text, its lines), so reading costs about 1 MiB whatever the file's size."""


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, len(bom)
    return None


def looks_binary(head: bytes) -> bool:
    """A NUL byte in text that has no UTF-16/32 BOM means the file is not text we can check."""
    return b"\x00" in head and bom_encoding(head) is None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so that a line number means the same thing in every editor."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone UTF-16 surrogates (JSON's ``"\\ud800"``) become U+FFFD, one character for one.

    Strict decoding never yields them, but a JSON escape can, and no UTF-8 report or tokenizer
    can hold them. U+FFFD keeps every offset and is reported as encoding trouble (MT002).
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def read_text_file(path: Path | str, max_bytes: int, *, chunk_bytes: int | None = None) -> str:
    """The file's text, decoded by its BOM or as strict UTF-8, with LF newlines and no BOM.

    For parsers that need the whole document; line-based ones use :func:`iter_lines`.
    """
    return "".join(iter_text(path, max_bytes, chunk_bytes=chunk_bytes))


def iter_lines(path: Path | str, max_bytes: int, *, chunk_bytes: int | None = None) -> Generator[str, None, None]:
    """The file's lines without their newlines, exactly as ``read_text_file(...).split("\\n")``.

    So a file ending in a newline ends with an empty line, and an empty file is one empty line:
    parsers that number lines by enumerating get the same numbers either way.
    """
    with contextlib.closing(iter_text(path, max_bytes, chunk_bytes=chunk_bytes)) as pieces:
        yield from split_lines(pieces)


def split_lines(pieces: Iterable[str]) -> Generator[str, None, None]:
    """Lines of LF-normalised text that arrives in pieces cut anywhere, even inside a line.

    A line longer than a piece is collected as a list of parts and joined once, so that one huge
    line costs linear time, not quadratic.
    """
    partial: list[str] = []
    for piece in pieces:
        parts = piece.split("\n")
        if len(parts) == 1:
            partial.append(piece)
            continue
        partial.append(parts[0])
        yield "".join(partial)
        yield from itertools.islice(parts, 1, len(parts) - 1)
        partial = [parts[-1]]
    yield "".join(partial)


def iter_text(path: Path | str, max_bytes: int, *, chunk_bytes: int | None = None) -> Generator[str, None, None]:
    """The file's decoded, LF-normalised text in pieces of about ``chunk_bytes``.

    Nothing is opened until the first piece is asked for; the file is closed when the iterator
    is exhausted or closed. Every problem is an InputError naming the file, raised at the point
    of reading where it is found. ``chunk_bytes`` None means :data:`CHUNK_BYTES`, looked up at
    each call, so that a test can make every reader cut files into tiny chunks.
    """
    path = Path(path)
    shown = display_path(path)
    with open_regular(path, shown, max_bytes) as handle:
        chunks = read_chunks(handle, shown, max_bytes, chunk_bytes or CHUNK_BYTES)
        yield from _lf_newlines(_decode(chunks, shown))


def _decode(chunks: Iterator[bytes], shown: str) -> Iterator[str]:
    """Decoded text of the chunks, by the file's BOM (dropped) or as strict UTF-8.

    The encoding is chosen on the first ``_SNIFF_BYTES`` bytes, gathered from as many chunks as
    that takes; the chunks are still decoded one by one. A bad byte is reported at its offset in
    the file, wherever the chunks were cut.
    """
    first = _leading_chunks(chunks)
    head = b"".join(first)[:_SNIFF_BYTES]
    detected = bom_encoding(head)
    encoding, skip = detected if detected is not None else ("utf-8", 0)
    if detected is None and _looks_like_bomless_utf16(head):
        raise InputError(shown, "looks like UTF-16 without a byte-order mark; save it as UTF-8")
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    for chunk in itertools.chain(first, chunks):
        start = offset
        offset += len(chunk)
        if skip:
            cut = min(skip, len(chunk))
            chunk, start, skip = chunk[cut:], start + cut, skip - cut
        text = _decode_chunk(decoder, chunk, start, encoding, shown, final=False)
        if text:
            yield text
    text = _decode_chunk(decoder, b"", offset, encoding, shown, final=True)
    if text:
        yield text


def _leading_chunks(chunks: Iterator[bytes]) -> list[bytes]:
    """Enough chunks from the start to hold ``_SNIFF_BYTES`` (or the whole file, if shorter)."""
    first: list[bytes] = []
    size = 0
    for chunk in chunks:
        first.append(chunk)
        size += len(chunk)
        if size >= _SNIFF_BYTES:
            break
    return first


def _decode_chunk(decoder: codecs.IncrementalDecoder, chunk: bytes, start: int, encoding: str, shown: str, *, final: bool) -> str:
    """``chunk`` (at file offset ``start``) decoded, or an InputError naming the bad byte.

    The decoder reports positions in the bytes it held back from earlier chunks plus this one
    (``error.object``), so those held-back bytes are subtracted to find the file offset.
    """
    try:
        return decoder.decode(chunk, final)
    except UnicodeDecodeError as error:
        offset = start - (len(error.object) - len(chunk)) + error.start
        bad = error.object[error.start] if error.start < len(error.object) else 0
        raise InputError(shown, f"not valid {encoding.upper()} (byte 0x{bad:02x} at offset {offset})") from None


def _lf_newlines(pieces: Iterable[str]) -> Iterator[str]:
    """Pieces with CRLF and lone CR as LF, even when a CRLF is cut between two pieces.

    A piece's trailing CR is held back until the next piece shows whether an LF follows.
    """
    carry = ""
    for piece in pieces:
        piece = carry + piece
        carry = "\r" if piece.endswith("\r") else ""
        piece = normalise_newlines(piece[:-1] if carry else piece)
        if piece:
            yield piece
    if carry:
        yield "\n"


def _looks_like_bomless_utf16(head: bytes) -> bool:
    """ASCII-ish UTF-16 without a BOM decodes as 'valid' UTF-8 full of NULs; catch that early.

    Only when every other byte of the start is NUL and the rest are not: real text never looks
    like that, and reading it as UTF-8 would produce nonsense findings on every character.
    """
    if len(head) < 4 or len(head) % 2:
        return False
    even, odd = head[0::2], head[1::2]
    return any(zeros.count(0) == len(zeros) and 0 not in text for zeros, text in ((even, odd), (odd, even)))


__all__ = [
    "CHUNK_BYTES",
    "bom_encoding",
    "iter_lines",
    "iter_text",
    "looks_binary",
    "normalise_newlines",
    "read_text_file",
    "replace_surrogates",
    "split_lines",
]
