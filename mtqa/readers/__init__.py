"""Readers: turn input files into Documents of Segments that know their file positions.

One module per input format; ``registry`` maps extensions and ``--input-format`` names to
them. Readers never need the model, and nothing here imports torch.
"""

from __future__ import annotations

from mtqa.readers.decode import read_text_file
from mtqa.readers.document import DEFAULT_MAX_BYTES, read_document, resolve_format
from mtqa.readers.paths import expand_paths
from mtqa.readers.registry import (
    DEFAULT_FORMAT,
    FORMATS,
    SUPPORTED_EXTENSIONS,
    InputFormat,
    format_for,
)
from mtqa.storage.paths import display_path

__all__ = [
    "DEFAULT_FORMAT",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "SUPPORTED_EXTENSIONS",
    "InputFormat",
    "display_path",
    "expand_paths",
    "format_for",
    "read_document",
    "read_text_file",
    "resolve_format",
]
