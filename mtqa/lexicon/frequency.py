"""Word frequencies and near spellings for a language, from wordfreq and rapidfuzz.

One object per language, built lazily and shared. Near spellings come from a scan of the common
words with rapidfuzz's C++ edit distance (about 4 ms a word) rather than a SymSpell index: a
file asks for a dozen or a few hundred near spellings, and building the index cost 2.5 s and
120 MB on every run, more than all the lookups it served.
"""

from __future__ import annotations

import bisect
import difflib
from functools import cache, cached_property, lru_cache

from wordfreq import available_languages, top_n_list, zipf_frequency

from mtqa.lexicon.frequency_index import foreign_frequencies
from mtqa.text.cjk import quiet_jieba

FOREIGN_CANDIDATES = ("fr", "de", "es", "it", "pt", "nl", "ro", "pl", "sv", "cs", "fi", "hu", "tr", "id")
LEXICON_SIZE = 60_000
MAX_EDITS = 2
WORD_CACHE_SIZE = 1 << 16
"""Frequencies remembered per (word, language). Bounded, because a corpus brings new rare words
without end and each is looked up in 15 languages; common words stay cached."""


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


SMALL_LIST_FLOOR = 3.0
"""The lowest Zipf frequency in wordfreq's "small" lists: in a language without a "large"
list (Romanian, Danish, Greek, Hungarian, Turkish …) a word below it reads as 0, so 0 there
means "rarer than 3", not "never seen". Checks weigh lexical evidence with that in mind."""


@cache
def frequency_floor(lang: str) -> float:
    """Zipf frequency below which ``lang``'s word list knows nothing (0 when it has no list)."""
    if not has_lexicon(lang):
        return 0.0
    return 1.0 if lang in available_languages("large") else SMALL_LIST_FLOOR


MAX_WORD_CHARS = 100
"""No word in any frequency list is this long; a longer one is unseen (0) without asking
wordfreq, whose tokenizer copies a 12 MB "word" until memory runs out."""


@lru_cache(maxsize=WORD_CACHE_SIZE)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (0 = unseen, 7 = 'the') of a word, case-folded as wordfreq does."""
    if not has_lexicon(lang) or len(word) > MAX_WORD_CHARS:
        return 0.0
    if lang == "zh":
        quiet_jieba()  # wordfreq segments Chinese with jieba, which logs its start-up on stderr
    return float(zipf_frequency(word, lang))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _foreign_zipf(word: str, lang: str) -> float:
    """``zipf(word, lang)`` for the comparison languages, read from the on-disk index rather
    than by loading 14 whole tables (see mtqa.lexicon.frequency_index)."""
    if len(word) > MAX_WORD_CHARS:
        return 0.0
    if lang in FOREIGN_CANDIDATES:
        return foreign_frequencies(FOREIGN_CANDIDATES).zipf(word, lang)
    return zipf(word, lang)


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
        """How much more common the word is in another language than in this one, and where.

        With a small word list, an unseen word may still be as common as 2.9, so the gap is
        measured from just under the list's floor rather than from 0."""
        own = self.zipf(word)
        floor = frequency_floor(self.lang)
        if floor >= SMALL_LIST_FLOOR:
            own = max(own, floor - 0.5)
        best, best_lang = 0.0, None
        for lang in dict.fromkeys(extra_langs + FOREIGN_CANDIDATES):
            if lang == self.lang or not has_lexicon(lang):
                continue
            gap = _foreign_zipf(word, lang) - own
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

    def near_spellings(self, word: str, limit: int = 8) -> list[str]:
        """Common words within two edits (transpositions count as one), closest first, then
        most frequent, then alphabetical so that ties never depend on scan order."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if not self._words:
            return []
        query = word.lower()
        hits = process.extract(query, self._words, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=None)
        ranked = sorted((distance, -self.zipf(term), term) for term, distance, _ in hits if term != query)
        return [term for _, _, term in ranked[:limit]]

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
