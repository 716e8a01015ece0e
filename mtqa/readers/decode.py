"""Turning a file's bytes into text that every reader can index by code point.

All readers share this so that encoding trouble is reported the same way whatever the format:
one line naming the file and the byte, never a traceback. Newlines are normalised to LF here,
once, because every reader's line/column arithmetic assumes it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from mtqa.errors import InputError
from mtqa.readers.display import display_path

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)

_SNIFF_BYTES = 8192


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


def read_text_file(path: Path | str, max_bytes: int) -> str:
    """The file's text, decoded by its BOM or as strict UTF-8, with LF newlines and no BOM."""
    path = Path(path)
    shown = display_path(path)
    data = _read_bytes(path, shown, max_bytes)
    detected = bom_encoding(data)
    encoding, skip = detected if detected is not None else ("utf-8", 0)
    if detected is None and _looks_like_bomless_utf16(data):
        raise InputError(shown, "looks like UTF-16 without a byte-order mark; save it as UTF-8")
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        offset = skip + error.start
        bad = data[offset] if offset < len(data) else 0
        raise InputError(shown, f"not valid {encoding.upper()} (byte 0x{bad:02x} at offset {offset})") from None
    return normalise_newlines(text)


_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFIFO: "a named pipe",
}


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (+1 to notice growth), turning OS errors into one clear line.

    The size is checked on the open file before anything is read, so an oversized file costs
    nothing. Only regular files are read: a FIFO or a device (``/dev/zero``, a terminal) named
    like a text file would block or never end. Opening is non-blocking, so not even a FIFO
    without a writer can hang the open itself.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(shown, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(shown, "symbolic link loop") from None
        raise InputError(shown, f"cannot read file ({error.strerror or error})") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(shown, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(shown, f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})")
        if info.st_size > max_bytes:
            raise InputError(shown, f"file is {info.st_size} bytes, over the limit of {max_bytes} bytes")
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError(shown, f"cannot read file ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise InputError(shown, f"file is over the limit of {max_bytes} bytes")
    return data


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """ASCII-ish UTF-16 without a BOM decodes as 'valid' UTF-8 full of NULs; catch that early.

    Only when every other byte of the start is NUL and the rest are not: real text never looks
    like that, and reading it as UTF-8 would produce nonsense findings on every character.
    """
    head = data[:_SNIFF_BYTES]
    if len(head) < 4 or len(head) % 2:
        return False
    even, odd = head[0::2], head[1::2]
    return any(zeros.count(0) == len(zeros) and 0 not in text for zeros, text in ((even, odd), (odd, even)))


__all__ = ["bom_encoding", "looks_binary", "normalise_newlines", "read_text_file", "replace_surrogates"]
