"""Whether a target word is a source word carried over in Latin letters ("Shestakova" for "Шестакова").

Names are copied from the source, and the checks for unknown, garbled and foreign words skip a
word the source also has. A source in another script (Cyrillic, Greek, Chinese) hides that copy:
on MLQE-PE ru-en dev, three MT301 errors in four were such transliterated names, and correct.
anyascii romanizes the source's non-Latin text; a target word whose first letters (all but
the last two, so that Russian case endings don't matter: "Chukovsky" for "Чуковского") occur in
that romanization is taken as copied.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

MIN_ECHO = 4
"""Shorter prefixes than this match romanized text by chance."""
_NON_LATIN_RUN = re.compile(r"[^\W\d_a-zA-Z\u00C0-\u024F\u1E00-\u1EFF]+")


@lru_cache(maxsize=4096)
def romanized(source: str) -> str:
    """The source's non-Latin letters in ASCII, lower-case, without spaces (Chinese has none)."""
    runs = _NON_LATIN_RUN.findall(source)
    return "".join(anyascii(run) for run in runs).casefold().replace(" ", "").replace("'", "")


def echoes_source(word: str, source: str | None) -> bool:
    """Whether ``word`` is a romanized copy of something in a non-Latin ``source``."""
    if not source or len(word) < MIN_ECHO:
        return False
    text = romanized(source)
    if not text:
        return False
    key = word.casefold()
    return key[: max(MIN_ECHO, len(key) - 2)] in text
