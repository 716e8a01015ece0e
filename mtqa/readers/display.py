"""How a file's path is shown in reports, errors and fingerprints.

Paths appear in finding fingerprints, so they must not depend on how the user spelled them or on
the operating system: relative to the working directory when under it, with '/' separators.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path relative to the working directory when under it, else as given; '/' separators."""
    given = Path(path)
    try:
        relative = Path(os.path.abspath(given)).relative_to(Path.cwd())
    except ValueError:
        return given.as_posix()
    return relative.as_posix()
