"""How a file's path is shown in reports, errors and fingerprints.

Paths appear in finding fingerprints, so they must not depend on how the user spelled them or on
the operating system: relative to the working directory when under it, with '/' separators.

A file name is hostile input too. Control characters (a newline would split a one-line error,
an ESC sequence would repaint the terminal), bidi controls (which make a name read differently
from what it is) and bytes that are not UTF-8 (which no UTF-8 report can hold) are shown as
escapes: ``two\\nlines.txt``, ``caf\\xe9.txt``.

Three spellings live here, on purpose apart: reports and errors show ``display_path`` (escaped,
absolute outside the working directory), config messages ``shown`` (``..`` allowed), and
fingerprints ``relative_path`` (symlinks resolved, so a baseline matches however the file was named).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def display_path(path: Path | str) -> str:
    """The path relative to the working directory when under it, else as given; '/' separators."""
    given = Path(path)
    try:
        shown = Path(os.path.abspath(given)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = given.as_posix()
    return safe_text(shown)


def safe_text(text: str) -> str:
    """``text`` with control, bidi and undecodable characters shown as escapes: one safe line."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return _NAMED.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"

def shown(path: Path) -> str:
    """How error messages and ``mtqa config`` name a file: relative to the working directory."""
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(path)


def relative_path(path: str) -> str:
    """The path relative to the working directory with '/' separators, as fingerprints use."""
    try:
        rel = os.path.relpath(Path(path).resolve(), Path.cwd().resolve())
    except ValueError:
        rel = path
    if rel.startswith(".."):
        rel = path
    return rel.replace(os.sep, "/")
