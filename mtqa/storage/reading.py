"""Reading a file mtqa did not write: regular files only, never more than a size cap.

Inputs and every side file (config, glossary, baseline, the file ``fix`` rewrites) come through
here, so a FIFO, a device or a file that keeps growing can't make any command hang or eat memory,
and each refusal is one line naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mtqa.errors import InputError
from mtqa.storage.paths import display_path

_CHUNK_BYTES = 1 << 18


def read_regular_bytes(path: Path | str, max_bytes: int, shown: str | None = None) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` of them, or an InputError naming it.

    For side files (config, glossary, baseline) and ``mtqa fix``: the same guards as every
    input, so a FIFO, ``/dev/zero`` or a file that never stops growing can make no command
    hang or eat memory.
    """
    shown = shown or display_path(path)
    with open_regular(Path(path), shown, max_bytes) as handle:
        return b"".join(read_chunks(handle, shown, max_bytes, _CHUNK_BYTES))


_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFIFO: "a named pipe",
}


def open_regular(path: Path, shown: str, max_bytes: int) -> BinaryIO:
    """The open file, turning OS errors into one clear line.

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
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_chunks(handle: BinaryIO, shown: str, max_bytes: int, chunk_bytes: int) -> Iterator[bytes]:
    """Chunks of at most ``chunk_bytes``, stopping with an error once more than ``max_bytes`` came.

    The limit is counted on the bytes actually read, not trusted from ``fstat``: a file that
    grows while it is read (a log still being written) must not be read without end.
    """
    total = 0
    while True:
        try:
            data = handle.read(min(chunk_bytes, max_bytes + 1 - total))
        except OSError as error:
            raise InputError(shown, f"cannot read file ({error.strerror or error})") from None
        if not data:
            return
        total += len(data)
        if total > max_bytes:
            raise InputError(shown, f"file is over the limit of {max_bytes} bytes")
        yield data
