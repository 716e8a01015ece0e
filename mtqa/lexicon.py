"""Word frequencies and near spellings for a language, from wordfreq and symspellpy.

One object per language, built lazily and shared: the frequency lists load in a fraction of a
second, but the SymSpell index over the most common words takes a second or two, so it is only
built when a correction is actually needed.
"""

from __future__ import annotations

import bisect
import difflib
from functools import cache, cached_property

from wordfreq import available_languages, top_n_list, zipf_frequency

FOREIGN_CANDIDATES = ("fr", "de", "es", "it", "pt", "nl", "ro", "pl", "sv", "cs", "fi", "hu", "tr", "id")
LEXICON_SIZE = 60_000


_TOKENIZER_MODULES = {"zh": "jieba", "ja": "MeCab", "ko": "MeCab"}
"""wordfreq needs an optional tokenizer package to look words up in these languages."""


@cache
def _known_languages() -> frozenset[str]:
    import importlib.util

    usable = set()
    for lang in available_languages():
        module = _TOKENIZER_MODULES.get(lang.split("-")[0])
        if module is None or importlib.util.find_spec(module) is not None:
            usable.add(lang)
    return frozenset(usable)


def has_lexicon(lang: str) -> bool:
    return lang in _known_languages()


@cache
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (0 = unseen, 7 = 'the') of a word, case-folded as wordfreq does."""
    if not has_lexicon(lang):
        return 0.0
    return float(zipf_frequency(word, lang))


def similarity(a: str, b: str) -> float:
    """How alike two spellings are, 0–1, ignoring case."""
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


class Lexicon:
    """The common words of one language, for spelling candidates and prefix completion."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def zipf(self, word: str) -> float:
        return zipf(word, self.lang)

    def foreignness(self, word: str, extra_langs: tuple[str, ...] = ()) -> tuple[float, str | None]:
        """How much more common the word is in another language than in this one, and where."""
        own = self.zipf(word)
        best, best_lang = 0.0, None
        for lang in dict.fromkeys(extra_langs + FOREIGN_CANDIDATES):
            if lang == self.lang or not has_lexicon(lang):
                continue
            gap = zipf(word, lang) - own
            if gap > best:
                best, best_lang = gap, lang
        return best, best_lang

    @cached_property
    def _words(self) -> list[str]:
        if not has_lexicon(self.lang):
            return []
        return [w for w in top_n_list(self.lang, LEXICON_SIZE) if w.isalpha() and (len(w) > 1 or w in "ai")]

    @cached_property
    def _sorted(self) -> list[str]:
        return sorted(self._words)

    @cached_property
    def _symspell(self):  # type: ignore[no-untyped-def]
        from symspellpy import SymSpell

        index = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word in self._words:
            index.create_dictionary_entry(word, max(1, int(10 ** self.zipf(word))))
        return index

    def near_spellings(self, word: str, limit: int = 8) -> list[str]:
        """Common words within two edits, most frequent first among the closest."""
        from symspellpy import Verbosity

        if not self._words:
            return []
        hits = self._symspell.lookup(word.lower(), Verbosity.ALL, max_edit_distance=2)
        hits = sorted(hits, key=lambda h: (h.distance, -h.count))
        return [h.term for h in hits if h.term != word.lower()][:limit]

    def completions(self, prefix: str, limit: int = 12) -> list[str]:
        """Common words that start with ``prefix`` (inflections and derivations of a stem)."""
        prefix = prefix.lower()
        words = self._sorted
        start = bisect.bisect_left(words, prefix)
        found = []
        for word in words[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda w: -self.zipf(w))
        return found[:limit]


@cache
def lexicon(lang: str) -> Lexicon:
    return Lexicon(lang)
