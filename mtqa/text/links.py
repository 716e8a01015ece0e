"""URLs and e-mail addresses in a segment, trimmed of the punctuation that ends a sentence."""

from __future__ import annotations

import re

from mtqa.text.surface_token import SurfaceToken

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'“”«»]+|\bwww\.[^\s<>\"'“”«»]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_TRAILING = ".,;:!?)]}’”»…。，；：！？）"


def _trimmed(pattern: re.Pattern[str], text: str, fold: bool) -> list[SurfaceToken]:
    found = []
    for match in pattern.finditer(text):
        value = match.group()
        while value and value[-1] in _TRAILING:
            if value[-1] == ")" and value.count("(") >= value.count(")"):
                break  # https://en.wikipedia.org/wiki/Foo_(bar)
            value = value[:-1]
        key = value.lower() if fold else value
        found.append(SurfaceToken(value, match.start(), match.start() + len(value), frozenset({key.rstrip("/")})))
    return found


def urls(text: str) -> list[SurfaceToken]:
    return _trimmed(_URL, text, fold=False)


def emails(text: str) -> list[SurfaceToken]:
    return _trimmed(_EMAIL, text, fold=True)


# --- comparison --------------------------------------------------------------------------------
