"""The output gate: every file mtqa writes (reports, baselines, ``fix`` copies and backups) goes
through :func:`commit`, so no command can write over its own input or a device by mistake.

The promise is "input files are never modified". A path given with ``-o`` can be anything: the
input itself, a symbolic link to it, a FIFO, ``/dev/stdout`` or ``/dev/null`` (which, replaced
by a regular file as root, breaks the system), a folder, or a name inside a "folder" that is a
file. So before anything is written, each destination is resolved to its real path and refused,
with one line naming it, when it is an input of the run (same resolved path or same inode), not
a regular file, or below a file. ``-`` means stdout.

Writes are atomic: each file is staged as a temporary file beside its destination (this is
where a full disk or a read-only file system shows up) and renamed over it only when every file
of the run is staged, so a run with several formats leaves all the new reports or all the old
ones, never a mix. A rename that still fails puts back the files already renamed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from mtqa.errors import MtqaError
from mtqa.storage.paths import display_path

STDOUT = "-"
"""The destination name that means standard output."""

_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFIFO: "a named pipe",
}


class OutputError(MtqaError):
    """A destination mtqa refuses, or cannot write: one line naming it and the cause."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


def kind_of(mode: int) -> str:
    """A file type as an error message names it."""
    if stat.S_ISDIR(mode):
        return "a directory"
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


@dataclass(frozen=True)
class Inputs:
    """The files a run reads, by resolved path and by inode: what no output may replace."""

    paths: frozenset[str] = frozenset()
    inodes: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(cls, files: Iterable[Path | str | None]) -> Inputs:
        paths: set[str] = set()
        inodes: set[tuple[int, int]] = set()
        for file in files:
            if file is None or str(file) == STDOUT:
                continue
            real = os.path.realpath(file)
            paths.add(real)
            with contextlib.suppress(OSError):
                info = os.stat(real)
                inodes.add((info.st_dev, info.st_ino))
        return cls(frozenset(paths), frozenset(inodes))

    def holds(self, real: str, info: os.stat_result | None) -> bool:
        return real in self.paths or (info is not None and (info.st_dev, info.st_ino) in self.inodes)


class Mode(str, Enum):
    """How a destination is written."""

    REPLACE = "replace"
    """Atomically replace whatever regular file is there (reports, baselines, ``fix -o``)."""
    CREATE = "create"
    """Create a new file, never replacing one (``fix --suffix`` copies and backups)."""
    REWRITE = "rewrite"
    """Rewrite the existing file's own bytes, so every hard link to it sees the change; only
    ``fix --in-place``, after its backup is committed, and the one mode allowed on an input."""


@dataclass(frozen=True)
class Write:
    """One file to write: where, what, how, and the permissions of a file that replaces another
    (None: those any new file gets)."""

    path: Path
    data: bytes
    mode: Mode = Mode.REPLACE
    permissions: int | None = None


@dataclass(frozen=True)
class Target:
    """A destination the gate accepted: its real path, what is there now, and its name as shown."""

    real: Path
    existing: os.stat_result | None
    shown: str


def resolve(path: Path, inputs: Inputs, mode: Mode = Mode.REPLACE) -> Target:
    """Where ``path`` really leads, or an OutputError saying why mtqa will not write there.

    Also called before the model loads, so that a bad destination costs nothing; :func:`commit`
    calls it again just before writing.
    """
    shown = display_path(path)
    if os.path.islink(path) and not os.path.exists(path):
        raise OutputError(shown, "symbolic link to nothing (or a loop); refusing to follow it")
    real = Path(os.path.realpath(path))
    try:
        existing: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        existing = None
    except NotADirectoryError:
        existing = None  # a file on the way: reported below with its name
    except OSError as error:
        raise OutputError(shown, f"cannot write ({error.strerror or error})") from None
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise OutputError(shown, "is a directory, not a file")
        if not stat.S_ISREG(existing.st_mode):
            raise OutputError(shown, f"not a regular file ({kind_of(existing.st_mode)}); refusing to replace it")
        if mode is Mode.CREATE:
            raise OutputError(shown, "already exists; refusing to overwrite it")
    if mode is not Mode.REWRITE and inputs.holds(str(real), existing):
        raise OutputError(shown, "is an input of this run; refusing to overwrite it")
    _check_folders(real.parent, shown)
    return Target(real, existing, shown)


def _check_folders(folder: Path, shown: str) -> None:
    """The nearest existing folder above a destination must be a folder, not a file."""
    for ancestor in (folder, *folder.parents):
        try:
            info = os.stat(ancestor)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as error:
            raise OutputError(shown, f"cannot write ({error.strerror or error})") from None
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(shown, f"cannot create its folder: {display_path(ancestor)} is a file")
        return


def commit(writes: Sequence[Write], inputs: Inputs) -> None:
    """Write every file or none: all are resolved and staged first, then renamed into place."""
    targets = [resolve(write.path, inputs, write.mode) for write in writes]
    seen: set[Path] = set()
    for target in targets:
        if target.real in seen:
            raise OutputError(target.shown, "is named twice as an output of this run")
        seen.add(target.real)
    staged: list[str] = []
    kept: list[str | None] = []
    try:
        for write, target in zip(writes, targets):
            staged.append(_stage(write, target))
        for write, target in zip(writes, targets):
            kept.append(_keep_old(write, target))
        _publish(writes, targets, staged, kept)
    finally:
        for name in [*staged, *(k for k in kept if k)]:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _stage(write: Write, target: Target) -> str:
    """A complete, fsynced temporary copy beside the destination: its name."""
    folder = target.real.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{target.real.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(target.shown, f"cannot write ({error.strerror or error})") from None
    try:
        permissions = write.permissions if write.permissions is not None else 0o666 & ~_umask()
        os.fchmod(handle, permissions)
        with os.fdopen(handle, "wb") as stream:
            stream.write(write.data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise OutputError(target.shown, f"cannot write ({error.strerror or error})") from None
    return name


def _keep_old(write: Write, target: Target) -> str | None:
    """A second name for the file a REPLACE will swap out, so that a failed run can put it back."""
    if target.existing is None or write.mode is not Mode.REPLACE:
        return None
    name = f"{target.real.parent}/.{target.real.name}.{os.getpid()}.old"
    with contextlib.suppress(OSError):
        os.unlink(name)
    try:
        os.link(target.real, name)
    except OSError:
        return None  # no hard links here: that file just cannot be put back
    return name


def _publish(writes: Sequence[Write], targets: Sequence[Target], staged: Sequence[str], kept: Sequence[str | None]) -> None:
    done: list[int] = []
    try:
        for index, (write, target, name) in enumerate(zip(writes, targets, staged)):
            _place(write, target, name)
            done.append(index)
    except BaseException:
        for index in reversed(done):
            _undo(writes[index], targets[index], kept[index])
        raise


def _place(write: Write, target: Target, name: str) -> None:
    try:
        if write.mode is Mode.CREATE:
            os.link(name, target.real)  # fails, rather than replaces, when the name was taken meanwhile
        elif write.mode is Mode.REWRITE:
            with open(target.real, "r+b") as stream:
                stream.write(write.data)
                stream.truncate()
                stream.flush()
                os.fsync(stream.fileno())
        else:
            os.replace(name, target.real)
    except FileExistsError:
        raise OutputError(target.shown, "already exists; refusing to overwrite it") from None
    except OSError as error:
        raise OutputError(target.shown, f"cannot write ({error.strerror or error})") from None


def _undo(write: Write, target: Target, old: str | None) -> None:
    with contextlib.suppress(OSError):
        if old is not None and write.mode is Mode.REPLACE:
            os.replace(old, target.real)
        elif target.existing is None:
            os.unlink(target.real)


def emit(data: str | bytes) -> None:
    """Write to standard output: text in the terminal's encoding (characters it lacks as
    escapes), bytes (a report) as they are. A closed or broken stdout is an OutputError,
    never output that silently vanishes."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("stdout", "closed; nothing could be written")
    try:
        if isinstance(data, bytes):
            stream.flush()
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                stream.write(data.decode("utf-8"))
            else:
                buffer.write(data)
                buffer.flush()
        else:
            encoding = getattr(stream, "encoding", None) or "utf-8"
            stream.write(data.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except (OSError, ValueError) as error:  # ValueError: "I/O operation on closed file"
        cause = getattr(error, "strerror", None) or str(error)
        raise OutputError("stdout", f"cannot write ({cause})") from None
