"""Candidates for a flagged word, before any ranking.

They come from four places: the LM's own top tokens at the word, from the source-conditioned
pass when the check lets corrections read the source, so that the source decides ("Putin"
follows "Vladimir" because the source says so), completed to whole words when a token is only
the start of one; near spellings in the target lexicon (rapidfuzz); words sharing the flagged
word's stem (inflections: "Litiger" → "litigating"); names or numbers in the source; and, for a
function word or a repeated one, deleting it.
Each candidate is cased like the word it replaces and must fit its slot (``slot.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtqa.corrections.slot import NOUN_CAPITALISING, fits_slot, folded_words_of, is_function_word
from mtqa.lexicon.frequency import has_lexicon, lexicon, similarity, zipf
from mtqa.lm.base import WordScores
from mtqa.text.langid import base_language

MAX_CANDIDATES = 6
MODEL_CANDIDATES = 6
"""Of MAX_CANDIDATES, how many the model's own preferences may take for a word wrong in meaning.
Six rather than four, at the same cost (still six candidates): on 100 ro-en dev segments with
sources the post-edit's word became the top suggestion for 8 of 32 flagged substitutions, not 6
("Alps" was the model's sixth word for "alarms"); et-en stayed at 6 of 46."""
MEANING_CANDIDATES = 3
"""For a spelling fault, how many of the model's words that look nothing like it still get a
chance: a garbled MT word ("chome" for "chummy") is often no slip of any word near it, and the
third word found "depths" for "adymiths"."""
COMMON_TOKEN = 3.0
"""Zipf frequency from which a model token is taken as a whole word rather than a word's start."""
_WORD_LIKE = re.compile(r"^[^\W_][\w'’\-]*$")
_NAME_OR_NUMBER = re.compile(r"\b(?:[A-ZÀ-Þ][\w'’\-]+|\d[\d.,]*)\b")


@dataclass(frozen=True)
class CorrectionRequest:
    text: str
    start: int
    end: int
    scores: WordScores | None
    source: str | None
    source_lang: str | None
    target_lang: str
    min_similarity: float = 0.0
    """Spelling-type findings (non-words, foreign spellings) rank look-alike candidates first."""
    original_competes: bool = True
    """False where the flagged word is in the source's language (the check's ``original_is_foreign``)."""
    flag_confidence: float = 0.0
    """The finding's own confidence (P(BAD) for MT401): whether the word should change at all."""
    flag_error: bool = False
    p_bad: float = 0.0
    """The head's P(BAD) for the word, whichever check flagged it."""

    @property
    def original(self) -> str:
        return self.text[self.start : self.end]

    @property
    def sentence_initial(self) -> bool:
        return not self.text[: self.start].strip()


def match_case(candidate: str, original: str, sentence_initial: bool) -> str:
    """The candidate cased as the word it replaces: "USA" stays in capitals, a sentence's first
    word keeps its capital, a name keeps its own."""
    if candidate[:1].isupper():
        return candidate
    if original.isupper() and len(original) > 1:
        return candidate.upper()
    if sentence_initial and original[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def _model_words(request: CorrectionRequest) -> list[str]:
    """The model's alternatives at the word, as whole words, most probable first."""
    if request.scores is None:
        return []
    lang, original = request.target_lang, request.original
    words: list[str] = []
    for text, _ in request.scores.alternatives:
        if not (text.startswith(" ") or request.start == 0):
            continue
        token = text.strip()
        if not token.isalpha():
            continue
        if not has_lexicon(lang) or lexicon(lang).zipf(token) >= COMMON_TOKEN:
            words.append(token)
        elif similarity(token, original[: len(token)]) >= 0.5:
            words += [w for w in lexicon(lang).completions(token, 4) if similarity(w, original) >= 0.5]
        else:
            words += lexicon(lang).completions(token, 2)
    return words


def _lexicon_words(request: CorrectionRequest) -> list[str]:
    """Near spellings, same-stem words and the source's names and numbers."""
    lang, original = request.target_lang, request.original
    words: list[str] = []
    if has_lexicon(lang):
        lex = lexicon(lang)
        listed = lex.near_spellings(original, 6)
        if len(original) >= 5:
            listed += lex.completions(original[: max(4, len(original) - 3)], 8)
        # The word list is case-folded; where every noun has a capital, a noun's look-alikes get one.
        if base_language(lang) in NOUN_CAPITALISING and original[:1].isupper():
            listed = [w[:1].upper() + w[1:] for w in listed]
        words += listed
    if request.source:
        words += [m.group() for m in _NAME_OR_NUMBER.finditer(request.source) if similarity(m.group(), original) >= 0.5]
    return words


UNTRANSLATED = 1.0
"""Zipf points by which a word copied from the source must be commoner in the source language
than in the target to count as left untranslated: "Launch" (4.7 in English, 3.3 in German) for
"Starts", "Garnizoana" for "garrison". A name is about as common in both ("Putin", "Hamburg")."""


def _untranslated(word: str, request: CorrectionRequest, source_words: set[str]) -> bool:
    """A word of the source (``source_words``, case-folded) that belongs to the source language
    rather than the target's: the source-conditioned model copies such words, and a reviewer
    would have to translate them back."""
    source_lang = base_language(request.source_lang or "")
    target_lang = base_language(request.target_lang)
    if word.casefold() not in source_words or not source_lang or source_lang == target_lang:
        return False
    return has_lexicon(source_lang) and zipf(word, source_lang) - zipf(word, target_lang) >= UNTRANSLATED


def _usable(words: list[str], request: CorrectionRequest) -> list[str]:
    """Words cased for the slot and fitting it, once each whatever their case ("Putin", "putin"),
    none of them a source word left untranslated."""
    original, initial = request.original, request.sentence_initial
    # A foreign original is the source's own word: that the source writes it proves nothing.
    source = request.source if request.original_competes else None
    source_words = folded_words_of(source)
    out: dict[str, str] = {}
    for word in words:
        word = word.strip()
        if not word or word.casefold() == original.casefold() or not _WORD_LIKE.match(word):
            continue
        if _untranslated(word, request, source_words):
            continue
        cased = match_case(word, original, initial)
        if cased.casefold() not in out and fits_slot(cased, original, request.target_lang, initial, source):
            out[cased.casefold()] = cased
    return list(out.values())


def deletable(request: CorrectionRequest) -> bool:
    """Whether deleting the word is worth scoring: a function word or a word repeating its
    neighbour, with text after it. Inserted articles and auxiliaries ("the", "has") are the
    commonest single-word deletions in MLQE-PE's post-edits (40-50% of them are function words);
    a spelling fault is a word to mend, not to drop, and so is a source-language word."""
    if request.min_similarity > 0 or not request.original_competes or not request.text[request.end :].strip():
        return False
    words = request.text[: request.start].split()[-1:] + request.text[request.end :].split()[:1]
    repeated = any(w.strip(".,;:!?").casefold() == request.original.casefold() for w in words)
    return repeated or is_function_word(request.original, request.target_lang)


def candidates(request: CorrectionRequest) -> list[str]:
    """Plausible replacements for the word, at most MAX_CANDIDATES, in the order they are tried;
    "" (delete the word) comes last when ``deletable``."""
    words = _replacements(request)
    if deletable(request):
        return [*words[: MAX_CANDIDATES - 1], ""]
    return words


def _replacements(request: CorrectionRequest) -> list[str]:
    original = request.original
    from_model = _usable(_model_words(request), request)
    lookalikes = sorted(_usable(_lexicon_words(request), request), key=lambda c: -similarity(c, original))
    if request.min_similarity > 0:
        # Spelling faults: the look-alikes first, then the best of what the model would write.
        close = [c for c in _unique(from_model + lookalikes) if similarity(c, original) >= request.min_similarity]
        close.sort(key=lambda c: -similarity(c, original))
        meaning = [c for c in from_model if c not in close][:MEANING_CANDIDATES]
        return close[: MAX_CANDIDATES - len(meaning)] + meaning
    # Wrong real words: the model's own preferences first, then look-alikes.
    return _unique(from_model[:MODEL_CANDIDATES] + lookalikes)[:MAX_CANDIDATES]


def _unique(words: list[str]) -> list[str]:
    """Each word once, in its first spelling: the model's "Putin" hides the lexicon's "putin"."""
    first: dict[str, str] = {}
    for word in words:
        first.setdefault(word.casefold(), word)
    return list(first.values())
