"""MT111–MT116: the shape of a string — accelerators, line breaks, tabs and escapes, spacing,
the first capital, and whether it has words at all — compared with its source.

These are the checks a localiser runs with ``pofilter`` that mtqa had no code for. Each is kept
to what a good translation never does, so that it stays quiet on human catalogs: languages may
lower-case a label ("Monday" is "lundi"), so only a sentence must keep its capital; a double
space the source lacks is a slip, one the source has may go.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import takewhile

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.masking import without_code
from mtqa.text.markup import ENTITY
from mtqa.text.surface_tokens import placeholders
from mtqa.types import Severity

# "&File", "Open &File", "P&äivitä", "~File": a marker before a letter, not inside an entity
# ("&amp;", "&brandShortName;") and not between capitals ("R&D", "AT&T" are words).
_AMPERSAND = re.compile(r"(?<!&)&(?=[^\W_])(?<![A-Z]&(?=[A-Z]))")
_TILDE = re.compile(r"(?<![\w~])~(?=[^\W_])")
# "_File", "Fi_chier": GNOME's marker, before a letter.
_UNDERSCORE = re.compile(r"(?<!_)_(?=[^\W\d_])")
_MARKED_WORD = re.compile(r"[^\W\d_]*(?:_[^\W\d_]+)+")
_CASED_RUN = re.compile(r"(?:_?[A-Za-zÀ-ɏͰ-ϿЀ-ӿ])+")
"""Letters that have a case, with underscores before them: where a marker can sit."""
_AROUND_WORDS = "\"'“”‘’«»„()[]{}.,:;!?…"
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)")
_SENTENCE_END = re.compile(r"[.!?:。！？]\s*$")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _accelerators(text: str, other: str) -> Counter[str]:
    """Accelerator markers by kind. An underscore counts before a cased letter ("_符" in
    "@/./+/-/_符号" is the character itself), in a word of letters, and not in a word the other
    side has too, which is an identifier ("allow_empty") rather than a menu label."""
    text = ENTITY.sub(lambda m: " " * len(m.group()), without_code(text)).replace("&&", "  ")
    found: Counter[str] = Counter()
    identifiers = set(_CASED_RUN.findall(other))
    found["&"] = len(_AMPERSAND.findall(text))
    found["~"] = len(_TILDE.findall(text))
    for word in text.split():
        core = word.strip(_AROUND_WORDS)
        if not _MARKED_WORD.fullmatch(core):  # "/a_propos/" is a path
            continue
        for latin in _CASED_RUN.findall(core):  # "allow_future" in "allow_future가" (Korean)
            if "_" in latin and latin not in identifiers:
                found["_"] += len(_UNDERSCORE.findall(latin))
    return +found


class AcceleratorMismatch(Check):
    """Accelerator mismatch: a keyboard accelerator marker (&File, _File, ~File) is lost or added.

    Why: without its marker a menu item or button loses its keyboard shortcut; an extra one
    steals another item's. The marker may sit on any letter of the translation ("&Fichier",
    "Fi&chier", "文件(&F)"); entities ("&amp;") and "&&" are not markers.
    Example: src "&Fișier" → mt "File".
    """

    code = "MT111"
    family = "source-surface"
    precision = "high"
    name = "accelerator-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole:
            return
        src, tgt = _accelerators(source, ctx.text), _accelerators(ctx.text, source)
        for marker in sorted(set(src) | set(tgt)):
            if src[marker] != tgt[marker]:
                message = f"the source has {src[marker]} accelerator marker(s) '{marker}', the target {tgt[marker]}"
                yield self.finding(None, None, message, 0.7)


class LineBreakMismatch(Check):
    """Line break mismatch: the target has a different number of line breaks inside it than the source.

    Why: console messages, e-mail bodies and help texts are laid out by their line breaks; a lost
    one joins two lines, an extra one splits a sentence on screen. (Breaks at the very start and
    end are MT106's.)
    Example: src "Fișier salvat.\\nReporniți acum?" → mt "File saved. Restart now?".
    """

    code = "MT112"
    family = "source-surface"
    precision = "high"
    name = "line-break-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole or not ctx.text.strip():
            return
        src, tgt = source.strip().count("\n"), ctx.text.strip().count("\n")
        if src != tgt:
            yield self.finding(None, None, f"the source has {src} line break(s) inside it, the target {tgt}", 0.7)


class EscapeMismatch(Check):
    """Escape or tab mismatch: a backslash escape (\\n, \\", \\\\, \\u00e9) or a tab differs from the source.

    Why: a string that holds a literal "\\n" is read by code that expects it (a JavaScript
    catalog, a format spec); dropping the backslash, or writing a real line break, changes what
    the program prints or breaks its parser. Tabs separate columns.
    Example: src "Coloană\\tValoare" → mt "Column Value".
    """

    code = "MT113"
    family = "source-surface"
    precision = "high"
    name = "escape-mismatch"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole or not ctx.text.strip():
            return
        src, tgt = Counter(_ESCAPE.findall(source)), Counter(_ESCAPE.findall(ctx.text))
        if src != tgt:
            lost, gained = sorted((src - tgt).elements()), sorted((tgt - src).elements())
            parts = (f"missing {lost}" if lost else "", f"added {gained}" if gained else "")
            described = "; ".join(part for part in parts if part)
            yield self.finding(None, None, f"backslash escapes differ from the source: {described}", 0.9)
        tabs_src, tabs_tgt = source.strip().count("\t"), ctx.text.strip().count("\t")
        if tabs_src != tabs_tgt:
            yield self.finding(None, None, f"the source has {tabs_src} tab(s) inside it, the target {tabs_tgt}", 0.85)


class DoubleSpace(Check):
    """Double space: the target has two spaces in a row inside it where the source has none.

    Why: a doubled space is a slip of the keyboard that shows as a gap in the product. A double
    space the source has (after a full stop, in the old typewriter style) may be dropped.
    Example: src "Salvați fișierul" → mt "Save  the file".
    """

    code = "MT114"
    family = "source-surface"
    precision = "high"
    name = "double-space"
    severity = Severity.INFO

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if source is None or "  " in source.strip():
            return
        body = ctx.text.strip()
        offset = len(ctx.text) - len(ctx.text.lstrip())
        for match in re.finditer(r" {2,}", body):
            yield self.finding(offset + match.start(), offset + match.end(), "two spaces in a row, the source has none", 0.6)


class StartCapitalMismatch(Check):
    """Start capital mismatch: a sentence that starts with a capital starts with a small letter in the target.

    Why: a sentence in a language with capitals starts with one; a lower-case start is a typo
    that shows. Labels are left alone, since languages lower-case their own names for days,
    months and languages ("Monday" is "lundi"), as are strings that start with a placeholder,
    a number or punctuation, and names written with a small letter ("iPhone").
    Example: src "Fișierul a fost salvat." → mt "the file was saved."
    """

    code = "MT115"
    family = "source-surface"
    precision = "high"
    name = "start-capital-mismatch"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_is_whole:
            return
        src, tgt = without_code(source).strip(), without_code(ctx.text).strip()
        if not src or not tgt or not src[0].isupper() or not tgt[0].islower():
            return
        if len(_WORD.findall(src)) < 3 or not _SENTENCE_END.search(src):
            return
        # The first word in letters that have a case: "geometry値が…" (Japanese) starts with a
        # copied term, and a script without capitals has nothing to compare.
        first = "".join(takewhile(lambda c: c.isalpha() and c.lower() != c.upper(), tgt))
        if not first or any(c.isupper() for c in first[1:]) or first in source:
            return
        start = len(ctx.text) - len(ctx.text.lstrip())
        yield self.finding(start, start + len(first), f"the sentence starts with '{first}'", 0.6)


class PunctuationOnly(Check):
    """Punctuation only: a target of only punctuation for a source with words, or words for only punctuation.

    Why: a separator (":", " — ", "…") is part of the layout and stays a separator; a string
    whose translation is a lone "." or "-" lost its words.
    Example: src "Salvați" → mt "-".
    """

    code = "MT116"
    family = "source-surface"
    precision = "high"
    name = "punctuation-only"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not source.strip() or not ctx.text.strip():
            return
        src_words = bool(re.search(r"[^\W_]", source)) or bool(placeholders(source))
        tgt_words = bool(re.search(r"[^\W_]", ctx.text)) or bool(placeholders(ctx.text))
        if src_words and not tgt_words:
            yield self.finding(None, None, f"the target is only punctuation ('{ctx.text.strip()}') but the source has words", 0.7)
        elif tgt_words and not src_words:
            yield self.finding(None, None, f"the source is only punctuation ('{source.strip()}') but the target has words", 0.6)
