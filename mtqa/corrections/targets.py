"""``mtqa fix`` as a command: which files it may write, in what order, and what it prints.

The editing itself is pure (mtqa.corrections.apply); this module decides destinations, and every write goes
through the output gate (mtqa.storage.output). The rules, so that no run can lose a byte:

* A file is acted on by the path the user gave (resolved to its real file), never by the
  escaped name shown in messages: ``x<TAB>y.txt`` is fixed, not a decoy called ``x\\ty.txt``.
* ``--in-place`` edits the real file behind a symbolic link (the link stays a link), rewrites
  the file's own bytes so that every hard link sees the fix, writes the backup first and never
  over another backup (``.orig``, ``.orig.1``, …), and refuses a read-only file unless
  ``--force``.
* ``--suffix`` and backups create new files only; an existing file is never overwritten.
* ``--output`` is refused when it is the input (or any other input of the run): ``--in-place``
  is the way to rewrite a file, because it keeps a backup.

Every destination is checked before the model loads, so a bad ``--suffix`` costs nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mtqa.corrections.apply import FIXABLE_FORMATS, apply_edits, describe, plan_edits, suffixed, unified_diff
from mtqa.errors import UsageError
from mtqa.storage.output import STDOUT, Inputs, Mode, OutputError, Write, commit, emit, kind_of, resolve
from mtqa.storage.paths import display_path
from mtqa.storage.reading import read_regular_bytes
from mtqa.types import Document, DocumentResult

MAX_BACKUPS = 1000
"""``.orig`` up to ``.orig.999``: past that, something is re-running fix in a loop."""


def _check_suffix(option: str, value: str) -> None:
    if not value or value in {".", ".."} or "/" in value or os.sep in value or "\x00" in value:
        raise UsageError(f"{option} {value!r} must be a file-name suffix such as .fixed: no '/', not empty")


@dataclass(frozen=True)
class FixTargets:
    """Where ``mtqa fix`` writes; at most one of the three ways may be chosen."""

    output: Path | None
    suffix: str | None
    in_place: bool
    backup_suffix: str
    force: bool = False

    @property
    def writes(self) -> bool:
        return self.output is not None or self.suffix is not None or self.in_place

    def validate_options(self) -> None:
        """What the options alone say is wrong: before anything is read."""
        ways = (("--output", self.output is not None), ("--suffix", self.suffix is not None), ("--in-place", self.in_place))
        chosen = [name for name, on in ways if on]
        if len(chosen) > 1:
            raise UsageError(f"{' and '.join(chosen)} contradict each other; choose one")
        if self.in_place and not self.backup_suffix:
            raise UsageError("--backup-suffix must not be empty: --in-place always keeps a backup")
        if self.in_place:
            _check_suffix("--backup-suffix", self.backup_suffix)
        if self.suffix is not None:
            _check_suffix("--suffix", self.suffix)

    def validate_files(self, files: Sequence[Path], inputs: Inputs) -> None:
        """Every destination the run would write, checked by the output gate before the model loads."""
        if self.output is not None and len(files) != 1:
            raise UsageError(f"--output takes exactly one input file, not {len(files)}; use --suffix or --in-place")
        for file in files:
            if self.output is not None and str(self.output) != STDOUT:
                if Inputs.of([file]).holds(os.path.realpath(self.output), _stat(self.output)):
                    raise OutputError(display_path(self.output), "is the file being fixed; use --in-place, which keeps a backup")
                resolve(self.output, inputs)
            elif self.suffix is not None:
                resolve(suffixed(file, self.suffix), inputs, Mode.CREATE)
            elif self.in_place:
                self._check_rewritable(file)

    def _check_rewritable(self, file: Path) -> None:
        real = Path(os.path.realpath(file))
        shown = display_path(file)
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(shown, f"not a regular file ({kind_of(info.st_mode)}); refusing to rewrite it")
        read_only = not info.st_mode & 0o222 or not os.access(real, os.W_OK)
        if read_only and not self.force:
            raise OutputError(shown, "is read-only; not rewritten (--force rewrites it anyway)")
        backup_name(real, self.backup_suffix)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def backup_name(real: Path, suffix: str) -> Path:
    """The first of ``FILE.orig``, ``FILE.orig.1``, … that does not exist: a backup never
    replaces another."""
    first = real.with_name(real.name + suffix)
    for number in range(MAX_BACKUPS):
        candidate = first if number == 0 else first.with_name(f"{first.name}.{number}")
        if not os.path.lexists(candidate):
            return candidate
    raise OutputError(display_path(first), f"{MAX_BACKUPS} backups exist already; remove some first")


@dataclass(frozen=True)
class FixRun:
    """One ``mtqa fix`` run over files already checked; ``note`` prints a line on stderr."""

    targets: FixTargets
    inputs: Inputs
    min_confidence: float
    max_bytes: int
    note: Callable[[str], None]

    def fix_all(self, files: Sequence[Path], documents: Sequence[Document], results: Sequence[DocumentResult]) -> None:
        changed_files = fixed_words = 0
        for file, document, result in zip(files, documents, results):
            fixed = self.fix_one(file, document, result)
            changed_files += fixed > 0
            fixed_words += fixed
        written = "" if self.targets.writes else " (nothing written: use --output, --suffix or --in-place)"
        self.note(f"mtqa: {fixed_words} fix(es) in {changed_files} file(s){written}")

    def fix_one(self, file: Path, document: Document, result: DocumentResult) -> int:
        """The number of words fixed in ``file`` (the real path given, never its shown name)."""
        shown = document.path
        escape = FIXABLE_FORMATS.get(document.input_format)
        if escape is None:
            self.note(f"mtqa: {shown}: {document.input_format} findings have no exact positions; not fixed")
            return 0
        real = Path(os.path.realpath(file))
        original = read_regular_bytes(real, self.max_bytes, shown)
        fixed = apply_edits(original, plan_edits(result, self.min_confidence), escape)
        for edit, reason in fixed.skipped:
            self.note(f"mtqa: {shown}:{edit.line}:{edit.column}: not fixed: {reason}")
        if not fixed.applied:
            return 0
        targets = self.targets
        if targets.output is not None and str(targets.output) == STDOUT:
            emit(fixed.data)
        else:
            emit(unified_diff(original, fixed.data, shown))
        for line in describe(fixed.applied):
            self.note(f"mtqa: {shown}:{line}")
        mode = os.stat(real).st_mode & 0o7777
        if targets.in_place:
            self._rewrite(real, original, fixed.data, mode)
        elif targets.suffix is not None:
            commit([Write(suffixed(file, targets.suffix), fixed.data, Mode.CREATE, mode)], self.inputs)
        elif targets.output is not None and str(targets.output) != STDOUT:
            commit([Write(targets.output, fixed.data)], self.inputs)
        return len(fixed.applied)

    def _rewrite(self, real: Path, original: bytes, data: bytes, mode: int) -> None:
        """The backup, committed first, then the file's own bytes (all its hard links see them)."""
        backup = backup_name(real, self.targets.backup_suffix)
        commit([Write(backup, original, Mode.CREATE, mode)], self.inputs)
        self.note(f"mtqa: {display_path(real)}: backup in {display_path(backup)}")
        unlock = not mode & 0o200 and self.targets.force
        if unlock:
            os.chmod(real, mode | 0o200)
        try:
            commit([Write(real, data, Mode.REWRITE)], self.inputs)
        finally:
            if unlock:
                os.chmod(real, mode)
