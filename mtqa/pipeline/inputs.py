"""Reading the command line's paths into Documents, each file's reading charged to its budget."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from mtqa.config.model import Config
from mtqa.pipeline.deadline import FileClock
from mtqa.readers import expand_paths, read_document
from mtqa.types import Document


def read_inputs(
    paths: Sequence[str | Path],
    config: Config,
    notes: list[str],
    source: str | Path | None = None,
    reference: str | Path | None = None,
    clock: FileClock | None = None,
) -> list[Document]:
    """The documents behind command-line paths (folders expanded), as the config says to read them.

    ``clock`` (shared with the Engine that checks them) counts each file's reading towards its
    ``--timeout``.
    """
    clock = clock or FileClock(config.timeout)
    documents = []
    for path in expand_paths(paths, notes):
        began = time.monotonic()
        document = read_document(
            path,
            input_format=config.input_format,
            source=Path(source) if source else None,
            reference=Path(reference) if reference else None,
            lang=config.lang or "en",
            max_bytes=config.max_bytes,
            max_words=config.max_words,
        )
        clock.charge({document.path: 1.0}, time.monotonic() - began, "reading")
        documents.append(document)
    return documents
