"""The one user cache folder that the converted models, the score cache and the lexicon index share.

``MTQA_CACHE_DIR`` moves all three together, so a CI job can cache one folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir


def cache_root() -> Path:
    return Path(os.environ.get("MTQA_CACHE_DIR") or user_cache_dir("mtqa", appauthor=False))
