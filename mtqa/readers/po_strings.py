"""Where each PO string sits in the file, character by character.

polib gives an entry's first line only, while a finding must point into the ``msgstr``: at the
first character inside its quotes, on the right continuation line, with escapes (``\\"``,
``\\n``, ``\\t``) taking two columns for one character. This scans the raw text the way polib
reads it and records, for every entry, each keyword's decoded string with its anchors.
Escapes are decoded exactly as ``polib.unescape`` does, so the strings compare equal to
polib's and a mismatch is detectable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mtqa.errors import InputError
from mtqa.readers.anchors import AnchoredText

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(?=\")")
_OBSOLETE = re.compile(r"#~\s*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}


@dataclass
class ScannedEntry:
    """The strings of one entry, by keyword (``msgid``, ``msgstr``, ``msgstr[1]``…)."""

    line: int
    obsolete: bool
    strings: dict[str, AnchoredText] = field(default_factory=dict)

    def value(self, keyword: str) -> str | None:
        found = self.strings.get(keyword)
        return found.text if found is not None else None

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies an entry in gettext: its context and its msgid."""
        return self.value("msgctxt"), self.value("msgid") or ""


def scan_entries(text: str, path: str) -> list[ScannedEntry]:
    """Entries in file order, obsolete ones included (flagged), comments skipped."""
    entries: list[ScannedEntry] = []
    current: ScannedEntry | None = None
    keyword: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.lstrip()
        indent = len(raw) - len(stripped)
        obsolete = False
        obsolete_marker = _OBSOLETE.match(stripped)
        if obsolete_marker and not stripped.startswith("#~|"):
            obsolete = True
            indent += obsolete_marker.end()
            stripped = stripped[obsolete_marker.end() :]
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEYWORD.match(stripped)
        if match:
            keyword = match.group(1)
            starts_entry = keyword in ("msgctxt", "msgid") and (
                current is None or any(k.startswith("msgstr") for k in current.strings) or keyword in current.strings
            )
            if starts_entry or current is None:
                current = ScannedEntry(number, obsolete)
                entries.append(current)
            literal = indent + match.end()
            current.strings[keyword] = AnchoredText()
        elif stripped.startswith('"') and current is not None and keyword is not None:
            literal = indent
        else:
            continue  # polib has already accepted the file, so this is something it ignores too
        _decode_literal(raw, literal, number, current.strings[keyword], path)
    return entries


def _decode_literal(line: str, start: int, number: int, into: AnchoredText, path: str) -> None:
    """Append the string literal whose opening quote is at ``line[start]``.

    polib takes the last character of the line as the closing quote without looking at it, and
    silently drops a real character when the quote is missing; that is an input error here.
    """
    end = len(line.rstrip()) - 1
    if end <= start or line[end] != '"':
        raise InputError(path, f"line {number}: string is not closed with a double quote")
    index = start + 1
    run_start = index
    while index < end:
        if line[index] == "\\" and index + 1 < end and line[index + 1] in _ESCAPES:
            into.verbatim(line[run_start:index], number, run_start + 1)
            into.decoded(_ESCAPES[line[index + 1]], number, index + 1)
            index += 2
            run_start = index
        else:
            index += 1
    into.verbatim(line[run_start:end], number, run_start + 1)
