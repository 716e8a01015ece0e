"""Bilingual JSONL: one object per line with ``mt`` and optional ``src``, ``ref``, ``id``.

Unknown fields are ignored so that QE datasets with extra annotations can be read as they are.
A malformed line is an input error naming the line: checking the rest would hide the problem.
Records are parsed as their lines arrive, so a file is streamed, never held whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from mtqa.errors import InputError
from mtqa.readers.structured import record_segment
from mtqa.types import Segment

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def parse_jsonl(text: str, path: str, lang: str) -> list[Segment]:
    """One segment per non-blank line; ``lang`` is unused (records are never re-split)."""
    return list(iter_jsonl(text.split("\n"), path, lang))


def iter_jsonl(lines: Iterable[str], path: str, lang: str) -> Iterator[Segment]:
    """One segment per non-blank line of ``lines`` (LF-split), yielded as each line is read."""
    del lang
    index = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = _load(line, path, number)
        column = _value_column(line, "mt")
        yield segment_from_record(record, path=path, index=index, line=number, column=column or 1, where=f"line {number}")
        index += 1


def segment_from_record(record: Mapping[str, Any], *, path: str, index: int, line: int, column: int = 1, where: str) -> Segment:
    """The segment of one bilingual record (``mt``, optional ``src``/``ref``/``id``).

    Shared with record sources that are not files (``mtqa.integrations.ray``), so a record means
    the same wherever it comes from. ``where`` names the record in errors ("line 3").
    """
    if "mt" not in record:
        raise InputError(path, f'{where}: no "mt" field')
    mt = record["mt"]
    if not isinstance(mt, str):
        raise InputError(path, f'{where}: "mt" must be a string, found {_kind(mt)}')
    return record_segment(
        path=path,
        index=index,
        mt=mt,
        line=line,
        column=column,
        source=_optional_text(record, "src", path, where),
        reference=_optional_text(record, "ref", path, where),
        record_id=record_id(record),
    )


def _load(line: str, path: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(path, f"line {number}: invalid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise InputError(path, f"line {number}: invalid JSON (nested too deeply)") from None
    except ValueError:  # an integer past Python's int-from-string limit (4,300 digits)
        raise InputError(path, f"line {number}: invalid JSON (a number with too many digits)") from None
    if not isinstance(record, dict):
        raise InputError(path, f"line {number}: expected a JSON object, found {_kind(record)}")
    return record


def _optional_text(record: Mapping[str, Any], key: str, path: str, where: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError(path, f'{where}: "{key}" must be a string, found {_kind(value)}')


def record_id(record: Mapping[str, Any]) -> str | None:
    """A record's ``id`` as text: strings as they are, other JSON values as JSON (``7`` → "7")."""
    value = record.get("id")
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _kind(value: object) -> str:
    """The JSON name of a value's type, for error messages users recognise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _value_column(line: str, key: str) -> int | None:
    """1-based column of the first character inside the top-level ``key``'s string value.

    Walks the object's top-level members rather than searching for ``"mt"``, which could also
    occur inside another string. The line is already known to be valid JSON.
    """
    try:
        index = _skip(line, 0)
        if line[index] != "{":
            return None
        index += 1
        found: int | None = None
        while True:
            index = _skip(line, index)
            if line[index] != '"':
                return found
            name, index = _DECODER.raw_decode(line, index)
            index = _skip(line, index)
            if line[index] != ":":
                return None
            index = _skip(line, index + 1)
            if name == key:
                found = index + 2 if line[index] == '"' else index + 1
            _, index = _DECODER.raw_decode(line, index)
            index = _skip(line, index)
            if line[index] != ",":
                return found
            index += 1
    except (ValueError, IndexError, RecursionError):
        return None


def _skip(line: str, index: int) -> int:
    match = _WHITESPACE.match(line, index)
    return match.end() if match else index
