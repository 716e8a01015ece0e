"""Undo Moses-style tokenization for scoring, keeping a map back to the original tokens.

Tagged QE data and many MT pipelines store text as "Trump , a Republican" — an LM finds the
detached punctuation surprising, which would drown the real signal. The LM scores the natural
form; every word keeps its index, so findings still land on the whitespace tokens the user has.
Chinese and Japanese are written without spaces: segmented MT ("汉密尔顿 在 乔治") is read as
"汉密尔顿在乔治", which is what the LM saw in training and what a user's file holds.
"""

from __future__ import annotations

import re

from mtqa.text.cjk import CJK_CHARS
from mtqa.types import Span

_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}…]+|'s|'re|'ve|'ll|'d|'m|n't|’s|’re|’ve|’ll|’d|’m|n’t)$", re.IGNORECASE)
_NO_SPACE_AFTER = re.compile(r"^[(\[{$£€¿¡]$")
_UNSPACED = re.compile(f"[{CJK_CHARS}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
"""Han, kana, and CJK or full-width punctuation: no space goes between two of these."""


def detokenize(text: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """Natural text and the span of each original token in it (same order, same count)."""
    pieces: list[str] = []
    new_spans: list[Span] = []
    length = 0
    open_double_quote = False
    glue_next = False
    for index, span in enumerate(spans):
        token = text[span.start : span.end]
        glue = glue_next or index == 0
        glue_next = False
        between_cjk = bool(pieces) and bool(_UNSPACED.match(pieces[-1][-1:])) and bool(_UNSPACED.match(token[:1]))
        if between_cjk or _NO_SPACE_BEFORE.match(token):
            glue = True
        elif token == '"':
            if open_double_quote:
                glue = True
            else:
                glue_next = True
            open_double_quote = not open_double_quote
        elif _NO_SPACE_AFTER.match(token):
            glue_next = True
        if not glue:
            pieces.append(" ")
            length += 1
        new_spans.append(Span(length, length + len(token)))
        pieces.append(token)
        length += len(token)
    return "".join(pieces), tuple(new_spans)
