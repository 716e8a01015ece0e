"""Where a segment's text is markup rather than words: placeholders, tags, entities, links, code.

Word-level checks must never read ``%(verbose_name)s`` as the English word "verbose", nor the
"length" of ``{max_length}`` as a word copied from the source. The placeholder and tag grammar
is MT103's own (mtqa.text.surface_tokens), so what the placeholder check compares and what the word
checks skip can never drift apart; this module adds the spans that are markup without being
placeholders MT103 compares (entities, inline code).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mtqa.text.surface_tokens import SurfaceToken, emails, placeholders, urls
from mtqa.types import Span

ENTITY = re.compile(r"&(?:[A-Za-z][\w.]*|#\d+|#[xX][0-9A-Fa-f]+);")
"""An HTML/XML entity reference (``&amp;``, ``&#8217;``, a DTD's ``&brand.name;``)."""
_CODE_SPAN = re.compile(r"(`+)[^`\n]+?\1")
_IDENTIFIER = re.compile(
    r"(?<![\w.])\.?[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)*_[A-Za-z0-9_.]*[A-Za-z0-9]"  # snake_case.names
    r"|(?<=[)}\]])\.[A-Za-z_]\w*"  # .attribute right after a placeholder
)
"""snake_case names and attribute access after a placeholder (``%(class_name)s.allow_future``):
code a translator must leave alone, not words in the target language."""
_MARKUP_HINT = re.compile(r"[%{}<>&`@$_]|://|www\.", re.IGNORECASE)


def code_tokens(text: str) -> list[SurfaceToken]:
    """Placeholders, tags, URLs and e-mail addresses, which MT103 and MT104 compare whole."""
    return [*placeholders(text), *urls(text), *emails(text)]


def blank(text: str, spans: Iterable[SurfaceToken | Span]) -> str:
    """``text`` with the spans' characters turned into spaces, offsets kept."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def protected_spans(text: str) -> tuple[Span, ...]:
    """Spans of ``text`` that are markup, sorted by start; they may overlap one another."""
    if not _MARKUP_HINT.search(text):
        return ()  # most sentences hold no markup at all: skip the dozen regexes
    found = [Span(token.start, token.end) for token in code_tokens(text)]
    found += [Span(*match.span()) for match in ENTITY.finditer(text)]
    found += [Span(*match.span()) for match in _CODE_SPAN.finditer(text)]
    found += [Span(*match.span()) for match in _IDENTIFIER.finditer(text)]
    return tuple(sorted(found, key=lambda span: (span.start, span.end)))


def overlaps_any(start: int, end: int, spans: tuple[Span, ...]) -> bool:
    """Whether [start, end) shares a character with any of ``spans``."""
    return any(span.start < end and start < span.end for span in spans)


def without_markup(text: str) -> str:
    """``text`` with its markup blanked to spaces: what language identification should read."""
    spans = protected_spans(text)
    return blank(text, spans) if spans else text
