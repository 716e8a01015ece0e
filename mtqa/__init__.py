"""mtqa: find what machine translation got wrong, word by word, offline on a laptop CPU.

The Python API: ``check_text`` and ``check_files`` return a Report (see mtqa.types). Heavy
modules load on first use, so importing mtqa stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mtqa.config.model import Config
    from mtqa.types import Report


def check_text(
    text: str,
    source: str | None = None,
    reference: str | None = None,
    lang: str | None = None,
    model: str | None = None,
    *,
    config: Config | None = None,
) -> Report:
    """Check one translated text; ``source``/``reference`` pair with it line by line."""
    from mtqa.config.keys import validate_config
    from mtqa.config.model import Config
    from mtqa.pipeline.engine import Engine
    from mtqa.readers.text import segments_from_text

    base = validate_config((config or Config()).with_overrides(lang=lang, model=model))
    document = segments_from_text("<text>", text, source=source, reference=reference, lang=base.lang or "en")
    return Engine(base).check([document])


def check_files(
    paths: Sequence[str | Path],
    source: str | Path | None = None,
    reference: str | Path | None = None,
    lang: str | None = None,
    model: str | None = None,
    *,
    config: Config | None = None,
) -> Report:
    """Check files or folders as ``mtqa check`` does, without writing anything."""
    from mtqa.config.keys import validate_config
    from mtqa.config.model import Config
    from mtqa.pipeline.engine import Engine, read_inputs

    base = validate_config((config or Config()).with_overrides(lang=lang, model=model))
    notes: list[str] = []
    documents = read_inputs(paths, base, notes, source, reference)
    return Engine(base).check(documents, notes)
