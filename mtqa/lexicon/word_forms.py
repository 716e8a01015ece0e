"""Whether a word is a known form in a language, from simplemma's shipped dictionaries.

Frequencies say how common a word is in web text, which is not the same as belonging to the
language: English leaks into every corpus, so Romanian's wordfreq list gives "image" a Zipf of
3.8 and "midnight" 3.1, while simplemma's Romanian dictionary (word forms from Wiktionary and
similar sources, about 50 languages, shipped in the package) knows "imagine" and not "image".
The dictionaries load lazily, one language at a time, on the first question about it.
"""

from __future__ import annotations

from functools import cache, lru_cache

from mtqa.text.langid import base_language

LOOKUP_CACHE_SIZE = 1 << 14


@cache
def _supported() -> frozenset[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return frozenset(SUPPORTED_LANGUAGES)


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def is_known_form(word: str, lang: str) -> bool | None:
    """True when the language's dictionary lists ``word`` (any case), False when it does not,
    None when there is no dictionary for the language to ask (``pt-BR`` asks ``pt``)."""
    code = _code(lang)
    if code not in _supported():
        return None
    import simplemma

    return bool(simplemma.is_known(word, lang=code))


def _code(lang: str) -> str:
    base = base_language(lang)
    return "nb" if base == "no" else base
