"""Whether a candidate may take a flagged word's place: the same kind of word, and no correct
name rewritten.

A causal LM ranks "the" and "of" high almost anywhere, so without this the demo offered "to"
for "reiterated", "his" for "optimistic" and "is" for "Trump". A reviewer reads those as the
tool not understanding the sentence. The kinds are coarse on purpose: function word, content
word and name, told apart by frequency rank and capitals, which work in every language with a
word list.
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import top_n_list

from mtqa.lexicon.frequency import has_lexicon, similarity
from mtqa.text.langid import base_language

FUNCTION_WORDS = 100
"""The language's most frequent words that count as function words ("the", "of", "his", "was"
in English; "der", "und" in German; "的", "是" in Chinese). A few common content words rank
this high too ("people", "good"), which only makes the filter stricter."""
NAME_LOOKALIKE = 0.6
"""A name may be corrected only to a spelling this close ("Poutine" → "Putin", 0.83), or to a
word of the source; "Carnegie" → "DC" (0.2) would swap one name for another."""
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def words_of(text: str | None) -> set[str]:
    """The words of a text (a source, usually), as written."""
    return set(_WORD.findall(text)) if text else set()


def folded_words_of(text: str | None) -> set[str]:
    """The same words case-folded: whether a candidate is copied from the source, whatever its case."""
    return {word.casefold() for word in words_of(text)}


@cache
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(top_n_list(lang, FUNCTION_WORDS))


def is_function_word(word: str, lang: str) -> bool:
    lang = base_language(lang)
    return has_lexicon(lang) and word.casefold() in _function_words(lang)


NOUN_CAPITALISING = frozenset({"de", "lb"})
"""Languages that capitalise every noun: there a capital marks a noun, not a name, so
"Seemütze" may become "Matrosenmütze", but never a lowercase word ("während")."""


def is_name(word: str, sentence_initial: bool) -> bool:
    """A capitalised word inside a sentence, or one written in capitals after the first letter."""
    return word[:1].isupper() and (not sentence_initial or _is_acronym(word))


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and any(c.isupper() for c in word[1:])


def _same_noun_case(candidate: str, original: str, sentence_initial: bool) -> bool:
    """In a noun-capitalising language: a noun for a noun, a lowercase word for a lowercase one,
    and an acronym ("US") only for an acronym."""
    if _is_acronym(candidate) != _is_acronym(original):
        return False
    return sentence_initial or candidate[:1].isupper() == original[:1].isupper()


def fits_slot(candidate: str, original: str, lang: str, sentence_initial: bool, source: str | None) -> bool:
    """Whether ``candidate`` is the same kind of word as ``original``.

    A function word never replaces a content word, and a name replaces or is replaced by a word
    only when it is a near spelling of it or a word of the source. A name that the source also writes is correct as
    it stands, so nothing replaces it. An empty candidate (a deletion) fits any slot."""
    if not candidate:
        return True
    source_words = words_of(source)
    unlike = candidate not in source_words and similarity(candidate, original) < NAME_LOOKALIKE
    if base_language(lang) in NOUN_CAPITALISING:
        if original in source_words or not _same_noun_case(candidate, original, sentence_initial):
            return False
    elif is_name(original, sentence_initial):
        if original in source_words or unlike:
            return False
    elif is_name(candidate, sentence_initial) and unlike:
        return False  # "FBI" for "give": a name where the sentence has a common word
    return is_function_word(original, lang) or not is_function_word(candidate, lang)
