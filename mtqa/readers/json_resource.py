"""JSON i18n resource files: every string leaf of nested objects and arrays is a segment.

The id is the dotted key path (``menu.file.open``; array items by index, ``steps.0``), which is
also how ``--source`` of the same shape pairs with the target (see ``pairing.pair_by_id``).
Numbers, booleans and null are not text, and empty strings are untranslated: all are skipped.

The json module gives no positions, so after it has validated the file a small walker finds
every string and maps each of its characters to the file, escapes (``\\"``, ``\\n``,
``\\u00e9``, surrogate pairs) included.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # public in json, absent from typeshed

from mtqa.errors import InputError
from mtqa.readers.anchors import AnchoredText
from mtqa.readers.decode import replace_surrogates
from mtqa.types import Segment

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def parse_json_resource(text: str, path: str, lang: str) -> list[Segment]:
    """One segment per string leaf, in file order; ``lang`` is unused (strings are never re-split)."""
    del lang
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})") from None
    except RecursionError:
        raise InputError(path, "invalid JSON (nested too deeply)") from None
    except ValueError:  # an integer past Python's int-from-string limit (4,300 digits)
        raise InputError(path, "invalid JSON (a number with too many digits)") from None
    if not isinstance(document, (dict, list)):
        raise InputError(path, "expected a JSON object or array of translated strings")
    lines = _LineIndex(text)
    segments: list[Segment] = []
    found: list[tuple[tuple[str, ...], int]] = []
    try:
        _collect(text, _skip(text, 0), (), found)
    except RecursionError:
        raise InputError(path, "invalid JSON (nested too deeply)") from None
    for key, start in found:
        value, anchors = _decode(text, start, lines)
        if value:
            segments.append(
                Segment(
                    path=path,
                    index=len(segments),
                    text=replace_surrogates(value),
                    line=anchors[0][1],
                    column=anchors[0][2],
                    id=replace_surrogates(".".join(key)),
                    exact_positions=False,
                    anchors=anchors,
                )
            )
    return segments


def _collect(text: str, index: int, key: tuple[str, ...], found: list[tuple[tuple[str, ...], int]]) -> int:
    """Add (key path, index of the opening quote) of every string leaf of the value at ``index``.

    Returns the index just past that value. The text is already known to be valid JSON, so
    the walk needs no error handling.
    """
    char = text[index]
    if char == '"':
        found.append((key, index))
        return scanstring(text, index + 1)[1]
    if char not in "{[":
        return _DECODER.raw_decode(text, index)[1]
    closer = "}" if char == "{" else "]"
    index = _skip(text, index + 1)
    position = 0
    while text[index] != closer:
        if char == "{":
            name, index = scanstring(text, index + 1)
            index = _skip(text, _skip(text, index) + 1)  # past the colon
        else:
            name, position = str(position), position + 1
        index = _skip(text, _collect(text, index, (*key, name), found))
        if text[index] == ",":
            index = _skip(text, index + 1)
    return index + 1


def _decode(text: str, quote: int, lines: _LineIndex) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """The string whose opening quote is at ``quote``, and its anchors; json's own decoding wins."""
    value, end = scanstring(text, quote + 1)
    line, column = lines.position(quote + 1)
    built = AnchoredText()
    index = run = quote + 1
    closing = end - 1
    while index < closing:
        if text[index] != "\\":
            index += 1
            continue
        built.verbatim(text[run:index], line, column + run - quote - 1)
        if text[index + 1] == "u":
            width, char = _unicode_escape(text, index)
        else:
            width, char = 2, _SIMPLE_ESCAPES[text[index + 1]]
        built.decoded(char, line, column + index - quote - 1)
        index += width
        run = index
    built.verbatim(text[run:closing], line, column + run - quote - 1)
    if built.text != value:  # cannot happen for valid JSON; never report wrong positions if it does
        return value, ((0, line, column),)
    return value, built.anchors


def _unicode_escape(text: str, index: int) -> tuple[int, str]:
    """A ``\\uXXXX`` escape, joined with a following low surrogate escape as json does."""
    code = int(text[index + 2 : index + 6], 16)
    if 0xD800 <= code <= 0xDBFF and text[index + 6 : index + 8] == "\\u":
        low = int(text[index + 8 : index + 12], 16)
        if 0xDC00 <= low <= 0xDFFF:
            return 12, chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
    return 6, chr(code)


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


class _LineIndex:
    """1-based (line, column) of a character index, by bisecting line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1
