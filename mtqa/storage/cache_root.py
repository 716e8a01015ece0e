"""The one user cache folder that the converted models, the score cache and the lexicon index share.

``MTQA_CACHE_DIR`` moves all three together, so a CI job can cache one folder.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir

from mtqa.storage.environment import process_variable


def cache_root() -> Path:
    return Path(process_variable("MTQA_CACHE_DIR") or user_cache_dir("mtqa", appauthor=False))
