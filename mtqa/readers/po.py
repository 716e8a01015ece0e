"""Gettext PO/POT: each translated ``msgstr`` is a segment, its ``msgid`` the source.

polib (MIT) decides what the file means; ``po_strings`` finds where each string is, so that
findings point into the ``msgstr`` itself rather than at the entry's first line.

- Plural entries give one segment per ``msgstr[n]``: the source is ``msgid`` for n = 0 and
  ``msgid_plural`` for the others.
- Skipped: the header, untranslated entries (empty ``msgstr``: a POT file has nothing to
  check), obsolete (``#~``) entries, and fuzzy ones unless asked for, since a fuzzy
  translation is a known draft that a translator still has to review.
- Segment ids are ``msgid``, or ``msgctxt|msgid`` when the entry has a context, with ``[n]``
  appended for plural forms: that is how gettext tools name an entry, and it stays stable when
  the file is re-wrapped or re-ordered.
- ``mtqa: ignore[MT301,MT2]`` in a translator (``#``) or extracted (``#.``) comment suppresses
  those code prefixes for the entry.
- The header's ``Language`` becomes the document's target language.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque

import polib

from mtqa.errors import InputError
from mtqa.readers.parsed import ParsedFile
from mtqa.readers.po_strings import ScannedEntry, scan_entries
from mtqa.readers.suppress import ignore_codes_in
from mtqa.types import Segment

_POLIB_ERROR = re.compile(r"Syntax error in po file .*?\(line (\d+)\)(?::\s*(.*))?", re.DOTALL)


def parse_po(text: str, path: str, lang: str, *, include_fuzzy: bool = False) -> ParsedFile:
    """Segments of the translated entries, in file order; ``lang`` is unused (never re-split)."""
    del lang
    catalog = _load(text, path)
    scanned = _by_key(scan_entries(text, path))
    nplurals = _nplurals(catalog.metadata.get("Plural-Forms", ""))
    mismatched: list[str] = []
    segments: list[Segment] = []
    for entry in catalog:
        found = _take(scanned, entry)
        if entry.obsolete or (entry.fuzzy and not include_fuzzy):
            continue
        codes = ignore_codes_in(f"{entry.tcomment or ''}\n{entry.comment or ''}")
        base_id = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}|{entry.msgid}"
        if entry.msgid_plural:
            forms = _plural_forms(entry, found)
            if nplurals is not None and len(forms) != nplurals:
                mismatched.append(entry.msgid)
            for number, msgstr in forms:
                source = entry.msgid if number == 0 else entry.msgid_plural
                keyword = f"msgstr[{number}]"
                segment = _segment(path, len(segments), msgstr, source, f"{base_id}[{number}]", found, keyword, entry, codes)
                segments += [segment] if segment else []
        else:
            segment = _segment(path, len(segments), entry.msgstr, entry.msgid, base_id, found, "msgstr", entry, codes)
            segments += [segment] if segment else []
    language = catalog.metadata.get("Language", "").strip() or None
    return ParsedFile(tuple(segments), target_lang=language, notes=_plural_notes(mismatched, nplurals))


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL_KEYWORD = re.compile(r"msgstr\[(\d+)\]")


def _nplurals(header: str) -> int | None:
    match = _NPLURALS.search(header)
    return int(match.group(1)) if match else None


def _plural_forms(entry: polib.POEntry, found: ScannedEntry | None) -> list[tuple[int, str]]:
    """``(n, msgstr[n])`` in order. The scan reads every index; polib reads only the first digit
    of one, so ``msgstr[10]`` and up would overwrite ``msgstr[1]`` and the rest would be lost."""
    if found is not None:
        scanned = [(int(m.group(1)), text.text) for key, text in found.strings.items() if (m := _PLURAL_KEYWORD.fullmatch(key))]
        if scanned:
            return sorted(scanned)
    return sorted(entry.msgstr_plural.items())


def _plural_notes(mismatched: list[str], nplurals: int | None) -> tuple[str, ...]:
    if not mismatched:
        return ()
    first = mismatched[0] if len(mismatched[0]) <= 40 else mismatched[0][:39] + "…"
    more = f" and {len(mismatched) - 1} more" if len(mismatched) > 1 else ""
    return (f"{len(mismatched)} plural entries have a number of msgstr[n] forms other than the header's nplurals={nplurals} "
            f"(msgid {first!r}{more}); each form is still checked",)


def _load(text: str, path: str) -> polib.POFile:
    """polib reads a string as a file name when such a file exists; a newline rules that out."""
    content = text if "\n" in text else text + "\n"
    try:
        return polib.pofile(content, encoding="utf-8")
    except (OSError, ValueError, IndexError, KeyError) as error:
        raise InputError(path, _cause(str(error))) from None


def _cause(message: str) -> str:
    """polib's message, minus its own idea of the file name, as 'line N: what'."""
    match = _POLIB_ERROR.search(message)
    if match is None:
        return f"invalid PO file ({' '.join(message.split())})"
    detail = " ".join((match.group(2) or "syntax error").split())
    return f"line {match.group(1)}: invalid PO file ({detail})"


def _by_key(entries: list[ScannedEntry]) -> dict[tuple[str | None, str], deque[ScannedEntry]]:
    """Scanned entries queued by (msgctxt, msgid): polib drops the header, so order alone can slip."""
    keyed: dict[tuple[str | None, str], deque[ScannedEntry]] = defaultdict(deque)
    for entry in entries:
        keyed[entry.key].append(entry)
    return keyed


def _take(scanned: dict[tuple[str | None, str], deque[ScannedEntry]], entry: polib.POEntry) -> ScannedEntry | None:
    queue = scanned.get((entry.msgctxt, entry.msgid))
    while queue:
        candidate = queue.popleft()
        if candidate.obsolete == bool(entry.obsolete):
            return candidate
    return None


def _segment(
    path: str,
    index: int,
    msgstr: str,
    source: str,
    segment_id: str,
    found: ScannedEntry | None,
    keyword: str,
    entry: polib.POEntry,
    codes: tuple[str, ...],
) -> Segment | None:
    """A segment for a translated string, positioned inside its quotes; None when untranslated.

    If the scan disagrees with polib about the string (characters polib treats as line breaks
    inside a string, say), the segment falls back to the entry's line rather than guess.
    """
    if not msgstr:
        return None
    located = found.strings.get(keyword) if found is not None else None
    anchors = located.anchors if located is not None and located.text == msgstr else ()
    line, column = (anchors[0][1], anchors[0][2]) if anchors else (entry.linenum or 1, 1)
    return Segment(
        path=path,
        index=index,
        text=msgstr,
        line=line,
        column=column,
        source=source,
        id=segment_id,
        exact_positions=False,
        anchors=anchors,
        ignore_codes=codes,
    )
