"""Which files a run reads.

Directory walks are sorted and never follow symlinked directories, so runs are deterministic and
a symlink loop cannot hang them.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path

from mtqa.errors import InputError
from mtqa.readers.decode import looks_binary
from mtqa.readers.registry import SUPPORTED_EXTENSIONS
from mtqa.storage.paths import display_path

_SNIFF_BYTES = 8192

# Folders that hold tooling or mtqa's own output, never text to check.
_SKIPPED_FOLDERS = {
    ".venv": "virtual environment",
    "node_modules": "node_modules folder",
    "__pycache__": "Python cache folder",
    "reports": "report output folder",
    "mtqa-reports": "report output folder",
}

REPORT_PREFIX = "mtqa-report."
"""mtqa's own report files (``mtqa-report.json``, ``.md``, ``.github.txt``, …): a walk skips
them, so that a run whose ``--output-dir`` is the folder it checks never reads back its reports."""


def expand_paths(paths: Sequence[str | Path], notes: list[str], extensions: Sequence[str] | None = None) -> list[Path]:
    """Files to read: named files as given, directories walked for known extensions.

    A file named explicitly is always taken, whatever its extension: the user asked for it.
    Each file is returned once, in the order first met.
    """
    if extensions is None:
        extensions = tuple(SUPPORTED_EXTENSIONS)
    wanted = {extension.lower() for extension in extensions}
    result: list[Path] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _walk(path, wanted, notes)
            if not found:
                raise InputError(display_path(path), "no checkable files in directory")
        elif path.exists():
            found = [path]
        elif path.is_symlink():
            raise InputError(display_path(path), _link_trouble(path))
        else:
            raise InputError(display_path(path), "no such file or directory")
        for file in found:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                result.append(file)
    return result


def _walk(root: Path, wanted: set[str], notes: list[str]) -> list[Path]:
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        where = str(error.filename) if error.filename is not None else root
        notes.append(f"skipped {display_path(where)}: cannot list ({error.strerror or error})")

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(folder)
        for name in sorted(filenames):
            file = base / name
            if name.startswith("."):
                notes.append(f"skipped {display_path(file)}: hidden file")
            elif name.startswith(REPORT_PREFIX):
                notes.append(f"skipped {display_path(file)}: an mtqa report")
            elif file.suffix.lower() not in wanted:
                continue  # silently: a repository is full of files mtqa was never meant to read
            elif not file.is_file():
                why = _link_trouble(file) if file.is_symlink() and not file.exists() else "not a regular file"
                notes.append(f"skipped {display_path(file)}: {why}")
            elif _is_binary(file):
                notes.append(f"skipped {display_path(file)}: looks binary (NUL byte)")
            else:
                found.append(file)
        kept: list[str] = []
        for name in sorted(dirnames):
            reason = _folder_skip_reason(base / name)
            if reason:
                notes.append(f"skipped {display_path(base / name)}: {reason}")
            else:
                kept.append(name)
        dirnames[:] = kept
    return found


def _link_trouble(link: Path) -> str:
    """Why a symbolic link leads nowhere: a loop (``a -> a``, ``a -> b -> a``) or a missing target."""
    try:
        os.stat(link)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _folder_skip_reason(folder: Path) -> str | None:
    if folder.is_symlink():
        return "symbolic link to a folder, not followed"
    if folder.name.startswith("."):
        return "hidden folder"
    if folder.name in _SKIPPED_FOLDERS:
        return _SKIPPED_FOLDERS[folder.name]
    if (folder / "pyvenv.cfg").is_file():
        return "virtual environment"
    return None


def _is_binary(file: Path) -> bool:
    """Unreadable files count as text: reading them later gives the user a clear error."""
    try:
        with file.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return looks_binary(head)
