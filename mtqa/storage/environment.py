"""The environment variables mtqa reads beyond the settings table, declared once.

Settings of a run (``MTQA_FAIL_ON``, ``MTQA_SELECT``…) are rows of mtqa.config.keys. These three
are about the process and where it keeps files, read deep in the storage, lexicon and model
layers, below the configuration; they are declared here, where every layer may read them, and
nowhere else. The conventions of other tools (``CI``, ``NO_COLOR``) are read where they apply.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessVariable:
    name: str
    help: str


PROCESS_VARIABLES: tuple[ProcessVariable, ...] = (
    ProcessVariable("MTQA_CACHE_DIR", "the folder for converted models, the score cache and the word-frequency index"),
    ProcessVariable("MTQA_WORDFREQ_INDEX", "the word-frequency index file (default: in the cache folder)"),
    ProcessVariable("MTQA_MODEL_REVISION", "the hub revision of a Hugging Face model id (default: main)"),
)
_NAMES = frozenset(variable.name for variable in PROCESS_VARIABLES)


def process_variable(name: str) -> str | None:
    """The variable's value, None when unset or empty; a name not declared above is a bug."""
    if name not in _NAMES:
        raise KeyError(f"{name} is not a declared process variable")
    return os.environ.get(name) or None
