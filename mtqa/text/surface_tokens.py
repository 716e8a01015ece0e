"""Tokens that must survive translation unchanged: numbers, placeholders, markup, URLs, e-mails.

Pure functions over strings, shared by the MT1xx checks and by ``mtqa fix`` (which must not
"correct" a placeholder). Each token keeps its span in the text, so a check can point at the
exact characters; comparison is on a normalised ``key``, so "1,000" in a source matches
"1 000" or "1.000" in a target.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence

from mtqa.text.links import emails, urls
from mtqa.text.numbers import glued_number_tokens, glued_numbers, numbers
from mtqa.text.placeholders import placeholders
from mtqa.text.surface_token import SurfaceToken

__all__ = [
    "SurfaceToken",
    "any_of",
    "emails",
    "glued_number_tokens",
    "glued_numbers",
    "leading_trailing",
    "numbers",
    "placeholders",
    "unmatched",
    "urls",
]


def unmatched(
    source: Sequence[SurfaceToken], target: Sequence[SurfaceToken]
) -> tuple[list[SurfaceToken], list[SurfaceToken]]:
    """(source tokens with no partner in the target, target tokens with no partner in the source),
    pairing greedily one-to-one on any shared key, so duplicates count."""
    queues: dict[str, deque[int]] = defaultdict(deque)  # key → target positions, in text order
    for position, token in enumerate(target):
        for key in token.keys:
            queues[key].append(position)
    used: set[int] = set()
    missing: list[SurfaceToken] = []
    for token in source:
        partner: int | None = None
        for key in token.keys:
            queue = queues.get(key)
            while queue and queue[0] in used:
                queue.popleft()
            if queue and (partner is None or queue[0] < partner):
                partner = queue[0]
        if partner is None:
            missing.append(token)
        else:
            used.add(partner)
    return missing, [token for position, token in enumerate(target) if position not in used]


def leading_trailing(text: str) -> tuple[str, str]:
    """The whitespace a string starts and ends with, which UI strings rely on for layout."""
    if not text.strip():
        return text, ""
    head = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return head, tail


def any_of(tokens: Iterable[SurfaceToken]) -> str:
    return ", ".join(f"'{t.text}'" for t in tokens)
