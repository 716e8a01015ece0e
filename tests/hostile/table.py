"""The hostile-input table: what a case is, how cases register, and how the corpus is written.

Every case is built here from a few lines of code, never checked in as a blob: binary files,
broken encodings, newline oddities, empty and oversized files, pathological words and
segments, invisible characters, malformed structured files, XML entity bombs, deep nesting,
symlink loops, unreadable files, FIFOs, hostile file names and misaligned source files.

Each case gets a folder of its own (``root/<name>``); mtqa runs with that folder as its working
directory, so paths in messages are short and predictable. A case says what ``mtqa check``
must do with it: the exit code, a regex that must match the named stream, and, for exit 2, the
file the one-line error must name. ``Case.run`` puts the cases that could hang or blow up a
process if a guard failed (huge inputs, deep nesting, entity bombs, loops, FIFOs) in a separate
process under a hard timeout. The cases themselves live in the ``cases_*`` modules, one per kind of input;
``hostile.generate`` imports them all. Run ``python tests/hostile/generate.py DIR`` to look
at the corpus.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Model-loading cases: JSON to stdout, the gate never fails, no corrections (they are slow and
# covered by a few cases that keep them on).
REPORT = ("--format", "json", "--fail-on", "never")
FAST = (*REPORT, "--no-suggest")
TEN_MB = 10 * 1024 * 1024
SIZE_LIMIT = 20_000_000
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
FIX = ("--select", "MT301,MT402", "--min-confidence", "0")
TYPO = "The parties will litigatte the case tomorrow.\n"
OWN = {"run": "own", "timeout": 90.0}
"""Keyword arguments of a case that runs as a process of its own."""


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    """Arguments after ``mtqa check``; the runner adds ``--isolated`` and an output folder."""
    exit_code: int
    pattern: str
    """A regex that must match ``stream`` (stderr or stdout)."""
    stream: str = "stderr"
    names: str | None = None
    """For exit 2: the file (as shown) that the one-line error must name."""
    run: str = "inline"
    """Where the case runs: "inline" (the test's own process, under an alarm), "shared" (one
    process for all such cases, each under an alarm, the process under a hard timeout: cases
    that could hang if a guard failed, but load the model) or "own" (``python -m mtqa`` of its
    own under a hard timeout: the real entry point, for hangs in code no alarm interrupts and
    for what a real stdout/stderr does with the output)."""
    timeout: float = 120.0
    env: dict[str, str] = field(default_factory=dict)
    isolated: bool = True
    """Add ``--isolated`` (ignore config files); off for the case that passes ``--config``."""
    inputs: tuple[str, ...] = ()
    """Files the case reads, relative to its folder (every file there is hashed anyway)."""
    what: str = ""
    command: str = "check"
    """The mtqa command: ``check`` (the runner adds its output folder), ``fix``, ``baseline``,
    ``config`` or ``models``."""
    outputs: tuple[str, ...] = ()
    """Files of the case's folder the command may create or change (relative, as hash_tree
    names them); every other file must be byte-, mode- and mtime-identical afterwards, and
    every declared one must exist."""


Builder = Callable[[Path], Case]
BUILDERS: dict[str, Builder] = {}


def case(name: str) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        if name in BUILDERS:
            raise ValueError(f"duplicate case {name}")
        BUILDERS[name] = build
        return build

    return register


CASE_NAMES: list[str] = []  # filled by hostile.generate, once every builder is registered


def generate(folder: Path, names: list[str] | None = None) -> list[Case]:
    """Write the chosen cases (all by default) under ``folder`` and return their table."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for name in names or list(BUILDERS):
        root = folder / name
        root.mkdir()
        built = BUILDERS[name](root)
        if built.name != name:
            raise ValueError(f"case {name} calls itself {built.name}")
        cases.append(built)
    return cases


def write(root: Path, name: str | bytes, content: str | bytes, encoding: str = "utf-8") -> str:
    path = Path(os.fsdecode(name)) if isinstance(name, bytes) else Path(name)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return str(path)


GOOD = "The meeting lasted two hours.\nEveryone agreed to meet again next week.\n"


def hash_tree(root: Path) -> dict[str, str]:
    """sha256 of every regular file under ``root`` (links, FIFOs and devices by kind, never opened)."""
    import hashlib

    hashes: dict[str, str] = {}
    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=lambda error: None):
        for name in [*filenames, *dirnames]:
            path = Path(folder) / name
            key = os.fsencode(path.relative_to(root)).decode("utf-8", "backslashreplace")
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                hashes[key] = "link:" + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                hashes[key] = f"dir:{stat.S_IMODE(info.st_mode):o}"
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                try:
                    with path.open("rb") as handle:
                        for block in iter(lambda: handle.read(1 << 20), b""):
                            digest.update(block)
                except PermissionError:  # not root: mode and mtime still show a change
                    digest.update(b"unreadable")
                hashes[key] = f"{digest.hexdigest()}:{stat.S_IMODE(info.st_mode):o}:{info.st_mtime_ns}"
            else:
                hashes[key] = f"special:{stat.S_IFMT(info.st_mode):o}"
    return hashes
