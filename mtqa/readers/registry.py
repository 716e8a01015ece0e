"""The input formats mtqa knows, and which file extensions select them.

Adding a format is one parser module plus one entry in each table below; nothing else in the
package dispatches on format names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mtqa.readers.json_resource import parse_json_resource
from mtqa.readers.jsonl import iter_jsonl, parse_jsonl
from mtqa.readers.markdown import parse_markdown
from mtqa.readers.parsed import ParsedFile
from mtqa.readers.po import parse_po
from mtqa.readers.srt import parse_srt
from mtqa.readers.text import iter_text_segments, parse_text
from mtqa.readers.tsv import iter_tsv, parse_tsv
from mtqa.readers.xliff import parse_xliff
from mtqa.types import Segment

Parser = Callable[[str, str, str], "list[Segment] | ParsedFile"]
"""``parser(text, display_path, lang)``: segments of already-decoded, LF-normalised text, or a
ParsedFile when the file also declares its languages. Raises InputError(display_path, ...)
for malformed input."""

LineParser = Callable[[Iterable[str], str, str], Iterator[Segment]]
"""``parser(lines, display_path, lang)``: the same segments as the format's Parser gives for
``text``, from ``text.split("\\n")`` given one line at a time, yielded as they are found."""


@dataclass(frozen=True)
class InputFormat:
    """A format's parser, and how ``--source``/``--ref`` files pair with it.

    Line-based formats pair by line. Formats whose segments have stable ids in a file of the
    same shape (JSON resources) pair by id. Other structured formats carry their own source
    and reference, so pairing with them would be a mistake the user should hear about.

    Formats whose segments each come from a few lines (text, JSONL, TSV) also have a
    ``stream`` parser, so that a large file is read line by line and never held whole. The
    others (Markdown, PO, XLIFF, JSON, SRT) read the whole text, within the size limit: their
    parsers need the whole document (markdown-it, the XML parser and ``json`` parse a document,
    not lines, and a Markdown link may be defined at the end of the file it is used in).
    """

    name: str
    parse: Parser
    line_based: bool
    pairs_by_id: bool = False
    stream: LineParser | None = None


FORMATS: dict[str, InputFormat] = {
    "text": InputFormat("text", parse_text, line_based=True, stream=iter_text_segments),
    "markdown": InputFormat("markdown", parse_markdown, line_based=True),
    "jsonl": InputFormat("jsonl", parse_jsonl, line_based=False, stream=iter_jsonl),
    "tsv": InputFormat("tsv", parse_tsv, line_based=False, stream=iter_tsv),
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
