"""``mtqa fix``: apply the top suggestions to a copy of the file, touching nothing else.

The edit happens on the file's own text at each finding's line and column, not by re-writing
the parsed structure: serialisers (polib's ``save()``, ElementTree, ``json.dump``) re-wrap lines,
re-order attributes and re-escape characters, and a reviewer's diff must show only the words that
changed. Before each replacement the original characters are compared with the flagged text, so
a position that does not hold what the check saw (an escape sequence, a stale report) is skipped
and reported, never guessed at.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from mtqa.formatters.text import escape_controls
from mtqa.readers.decode import bom_encoding
from mtqa.types import DELETE_LABEL, DocumentResult, Finding

__all__ = [
    "FIXABLE_FORMATS",
    "AppliedFixes",
    "Edit",
    "apply_edits",
    "describe",
    "match_case",
    "plan_edits",
    "suffixed",
    "unified_diff",
]


def _po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _json_escape(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _plain(text: str) -> str:
    return text


FIXABLE_FORMATS: dict[str, Callable[[str], str]] = {
    "text": _plain,
    "markdown": _plain,
    "srt": _plain,
    "po": _po_escape,
    "xliff": xml_escape,
    "json": _json_escape,
}
"""Formats whose findings carry exact file positions, with how a replacement is escaped in
each. JSONL and TSV records point at the start of the string only, so they are not fixable."""


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` at 1-based ``line``/``column`` (code points, as findings count) by ``new``."""

    line: int
    column: int
    old: str
    new: str
    code: str
    confidence: float


@dataclass(frozen=True)
class AppliedFixes:
    data: bytes
    applied: tuple[Edit, ...]
    skipped: tuple[tuple[Edit, str], ...]


def match_case(original: str, suggestion: str) -> str:
    """Keep a capital where the word had one: "Litiger" at a sentence start → "Litigate"."""
    if original[:1].isupper() and suggestion[:1].islower():
        if original.isupper() and len(original) > 1:
            return suggestion.upper()
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _fixable(finding: Finding, min_confidence: float) -> bool:
    if finding.start is None or not finding.text or not finding.suggestions:
        return False
    top = finding.suggestions[0]
    replaces = bool(top.text.strip()) or not top.text  # "" deletes; whitespace alone is no fix
    return top.confidence >= min_confidence and top.text != finding.text and replaces


def plan_edits(document: DocumentResult, min_confidence: float) -> list[Edit]:
    """One edit per flagged span, from its most confident finding's top suggestion."""
    best: dict[tuple[int, int, int], Finding] = {}
    for segment in document.segments:
        for finding in segment.findings:
            if not _fixable(finding, min_confidence):
                continue
            key = (finding.line, finding.column, len(finding.text))
            current = best.get(key)
            if current is None or finding.suggestions[0].confidence > current.suggestions[0].confidence:
                best[key] = finding
    edits = [
        Edit(f.line, f.column, f.text, match_case(f.text, f.suggestions[0].text), f.code, f.suggestions[0].confidence)
        for f in best.values()
    ]
    return sorted(edits, key=lambda e: (e.line, e.column))


def _decode(data: bytes) -> tuple[str, str, bytes]:
    detected = bom_encoding(data)
    encoding, skip = detected if detected is not None else ("utf-8", 0)
    return data[skip:].decode(encoding), encoding, data[:skip]


_LINE_END = re.compile(r"(\r\n|\r|\n)")


def apply_edits(data: bytes, edits: Iterable[Edit], escape: Callable[[str], str] = _plain) -> AppliedFixes:
    """``data`` with each edit applied where the file holds exactly the flagged text.

    Lines end at CRLF, LF or a lone CR, as the readers count them (mtqa.readers.decode), so a
    finding's line number means the same line here; each line keeps its own line end, and the
    encoding and byte-order mark are kept too. Overlapping edits keep the first.
    """
    text, encoding, bom = _decode(data)
    parts = _LINE_END.split(text)
    lines, ends = parts[0::2], parts[1::2]
    applied: list[Edit] = []
    skipped: list[tuple[Edit, str]] = []
    by_line: dict[int, list[Edit]] = {}
    for edit in sorted(edits, key=lambda e: (e.line, e.column)):
        by_line.setdefault(edit.line, []).append(edit)
    for line_number, line_edits in by_line.items():
        index = line_number - 1
        if not 0 <= index < len(lines):
            skipped.extend((e, f"line {line_number} is not in the file") for e in line_edits)
            continue
        line = lines[index]
        accepted: list[Edit] = []
        end_of_previous = -1
        for edit in line_edits:
            start = edit.column - 1
            if start < end_of_previous:
                skipped.append((edit, "overlaps another fix"))
                continue
            if line[start : start + len(edit.old)] != edit.old:
                skipped.append((edit, f"{edit.line}:{edit.column} does not hold '{edit.old}' (escaped, or the file changed)"))
                continue
            accepted.append(edit)
            end_of_previous = start + len(edit.old)
        for edit in reversed(accepted):
            start, end = _replaced(line, edit)
            line = line[:start] + escape(edit.new) + line[end:]
        lines[index] = line
        applied.extend(accepted)
    rebuilt = "".join(line + end for line, end in zip(lines, [*ends, ""]))
    new_data = bom + rebuilt.encode(encoding)
    return AppliedFixes(new_data, tuple(sorted(applied, key=lambda e: (e.line, e.column))), tuple(skipped))


def _replaced(line: str, edit: Edit) -> tuple[int, int]:
    """The characters an edit replaces: the flagged text, and for a deletion one space beside it
    on the same line (the following one, else the preceding one), so "the the house" becomes
    "the house", not "the  house"."""
    start, end = edit.column - 1, edit.column - 1 + len(edit.old)
    if edit.new:
        return start, end
    if line[end : end + 1] == " ":
        return start, end + 1
    if start > 0 and line[start - 1] == " ":
        return start - 1, end
    return start, end


def unified_diff(old: bytes, new: bytes, path: str) -> str:
    """A unified diff of the two versions, or "" when they are equal.

    It goes to a terminal, so the file's text is escaped exactly as the text format escapes it
    (``\\u001b`` for ESC, bidi controls too): a file cannot clear the screen, set the title or
    print a fake "All checks passed" through it. Line ends are shown as plain newlines.
    """
    if old == new:
        return ""
    before = [escape_controls(line) + "\n" for line in _LINE_END.split(_decode(old)[0])[0::2]]
    after = [escape_controls(line) + "\n" for line in _LINE_END.split(_decode(new)[0])[0::2]]
    if before and before[-1] == "\n" and after and after[-1] == "\n":
        before, after = before[:-1], after[:-1]  # the empty "line" after a final newline
    return "".join(difflib.unified_diff(before, after, fromfile=f"a/{path}", tofile=f"b/{path}"))


def describe(edits: Sequence[Edit]) -> list[str]:
    return [f"{e.line}:{e.column}: {e.code} '{e.old}' → {_shown(e.new)} ({e.confidence:.0%})" for e in edits]


def _shown(new: str) -> str:
    return f"'{new}'" if new else DELETE_LABEL


def suffixed(path: Path, suffix: str) -> Path:
    """``seed.po`` with ``.fixed`` → ``seed.fixed.po``: the copy keeps its extension, so editors
    and mtqa itself still read it as the same format."""
    return path.with_name(path.stem + suffix + path.suffix) if path.suffix else path.with_name(path.name + suffix)
