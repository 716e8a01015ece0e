"""The input formats mtqa knows, and which file extensions select them.

Adding a format is one parser module plus one entry in each table below; nothing else in the
package dispatches on format names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtqa.readers.json_resource import parse_json_resource
from mtqa.readers.jsonl import parse_jsonl
from mtqa.readers.markdown import parse_markdown
from mtqa.readers.parsed import ParsedFile
from mtqa.readers.po import parse_po
from mtqa.readers.srt import parse_srt
from mtqa.readers.text import parse_text
from mtqa.readers.tsv import parse_tsv
from mtqa.readers.xliff import parse_xliff
from mtqa.types import Segment

Parser = Callable[[str, str, str], "list[Segment] | ParsedFile"]
"""``parser(text, display_path, lang)``: segments of already-decoded, LF-normalised text, or a
ParsedFile when the file also declares its languages. Raises InputError(display_path, ...)
for malformed input."""


@dataclass(frozen=True)
class InputFormat:
    """A format's parser, and how ``--source``/``--ref`` files pair with it.

    Line-based formats pair by line. Formats whose segments have stable ids in a file of the
    same shape (JSON resources) pair by id. Other structured formats carry their own source
    and reference, so pairing with them would be a mistake the user should hear about.
    """

    name: str
    parse: Parser
    line_based: bool
    pairs_by_id: bool = False


FORMATS: dict[str, InputFormat] = {
    "text": InputFormat("text", parse_text, line_based=True),
    "markdown": InputFormat("markdown", parse_markdown, line_based=True),
    "jsonl": InputFormat("jsonl", parse_jsonl, line_based=False),
    "tsv": InputFormat("tsv", parse_tsv, line_based=False),
    "po": InputFormat("po", parse_po, line_based=False),
    "xliff": InputFormat("xliff", parse_xliff, line_based=False),
    "json": InputFormat("json", parse_json_resource, line_based=False, pairs_by_id=True),
    "srt": InputFormat("srt", parse_srt, line_based=False),
}

SUPPORTED_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".jsonl": "jsonl",
    ".tsv": "tsv",
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".json": "json",
    ".srt": "srt",
}

DEFAULT_FORMAT = "text"


def format_for(path: Path) -> str:
    """The format a file's extension selects; anything unknown is read as plain text."""
    return SUPPORTED_EXTENSIONS.get(path.suffix.lower(), DEFAULT_FORMAT)
