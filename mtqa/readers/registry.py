"""The input formats mtqa knows, and which file extensions select them.

Adding a format is one parser module plus one entry in each table below; nothing else in the
package dispatches on format names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtqa.readers.jsonl import parse_jsonl
from mtqa.readers.markdown import parse_markdown
from mtqa.readers.text import parse_text
from mtqa.readers.tsv import parse_tsv
from mtqa.types import Segment

Parser = Callable[[str, str, str], list[Segment]]
"""``parser(text, display_path, lang)``: segments of already-decoded, LF-normalised text.
Raises InputError(display_path, ...) for malformed input."""


@dataclass(frozen=True)
class InputFormat:
    """A format's parser, and whether ``--source``/``--ref`` files pair with it by line.

    Structured formats carry their own source and reference, so pairing lines with them would
    be a mistake the user should hear about.
    """

    name: str
    parse: Parser
    line_based: bool


FORMATS: dict[str, InputFormat] = {
    "text": InputFormat("text", parse_text, line_based=True),
    "markdown": InputFormat("markdown", parse_markdown, line_based=True),
    "jsonl": InputFormat("jsonl", parse_jsonl, line_based=False),
    "tsv": InputFormat("tsv", parse_tsv, line_based=False),
}

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".jsonl": "jsonl",
    ".tsv": "tsv",
}

DEFAULT_FORMAT = "text"


def format_for(path: Path) -> str:
    """The format a file's extension selects; anything unknown is read as plain text."""
    return SUPPORTED_EXTENSIONS.get(path.suffix.lower(), DEFAULT_FORMAT)
