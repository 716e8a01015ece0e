"""Glossaries: terms that must never be flagged, and source terms with a required translation.

A glossary file is UTF-8 text, one entry per line; ``#`` starts a comment line, blank lines are
skipped. A line without a tab is an allowed term (a word or a phrase: product names, jargon).
A ``source<TAB>target`` line requires ``target`` in every segment whose source contains
``source``; several lines with the same source term list acceptable alternatives. Target terms
are allowed terms as well, since a brand name the glossary demands must not then be called a
non-word. Matching is case-insensitive on word boundaries, and a phrase's words may be separated
by any whitespace, so a line break inside a phrase still matches.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mtqa.errors import InputError
from mtqa.storage.paths import display_path
from mtqa.storage.reading import read_regular_bytes

MAX_GLOSSARY_BYTES = 20_000_000
"""The input files' default size limit: a glossary is read whole, so it needs one too."""


def term_pattern(term: str) -> re.Pattern[str]:
    """Case-insensitive, whole words only; \\w-lookarounds also work for terms like 'C++'."""
    body = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class RequiredTerm:
    """A source term and the target forms that translate it (any one will do)."""

    source: str
    targets: tuple[str, ...]

    @cached_property
    def source_pattern(self) -> re.Pattern[str]:
        return term_pattern(self.source)

    @cached_property
    def target_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(term_pattern(t) for t in self.targets)

    def missing_in(self, source: str, target: str) -> bool:
        """The source uses the term and the target has none of its required forms."""
        if not self.source_pattern.search(source):
            return False
        return not any(p.search(target) for p in self.target_patterns)


@dataclass(frozen=True)
class Glossary:
    allowed: tuple[str, ...] = ()
    """Terms never flagged, as written in the file (required target forms included)."""
    required: tuple[RequiredTerm, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.allowed or self.required)

    def with_terms(self, terms: frozenset[str]) -> Glossary:
        """This glossary plus ``terms`` (Config.allowed_terms from the Python API)."""
        extra = tuple(sorted(t for t in terms if t.lower() not in {a.lower() for a in self.allowed}))
        return Glossary(self.allowed + extra, self.required)

    @cached_property
    def allowed_lower(self) -> frozenset[str]:
        return frozenset(term.lower() for term in self.allowed)

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(term_pattern(term) for term in self.allowed)

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        """Where allowed terms occur in ``text``; overlapping occurrences of different terms are all kept."""
        return [(m.start(), m.end()) for pattern in self._patterns for m in pattern.finditer(text)]


EMPTY_GLOSSARY = Glossary()


def parse_glossary(text: str, name: str) -> Glossary:
    allowed: dict[str, None] = {}
    required: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if "\t" not in line:
            allowed.setdefault(" ".join(entry.split()), None)
            continue
        columns = line.split("\t")  # unstripped: a leading tab means an empty source term
        if len(columns) != 2:
            raise InputError(name, f"line {number}: expected 'source<TAB>target', found {len(columns)} columns")
        source, target = (" ".join(c.split()) for c in columns)
        if not source or not target:
            raise InputError(name, f"line {number}: empty {'source' if not source else 'target'} term")
        key = source.lower()
        spelled.setdefault(key, source)
        if target.lower() not in (t.lower() for t in required.setdefault(key, [])):
            required[key].append(target)
        allowed.setdefault(target, None)
    terms = tuple(RequiredTerm(spelled[key], tuple(targets)) for key, targets in required.items())
    return Glossary(tuple(allowed), terms)


def load_glossary(path: Path) -> Glossary:
    """Read a glossary file; a missing, undecodable, malformed, special or oversized file is a
    one-line InputError."""
    name = display_path(path)
    if not os.path.lexists(path):
        raise InputError(name, "no such glossary file")
    raw = read_regular_bytes(path, MAX_GLOSSARY_BYTES, name)  # no FIFO, device or endless file
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(name, f"line {line}: glossary is not valid UTF-8") from None
    return parse_glossary(text, name)
