"""MT101: a target identical to its source, at any length.

A label copied untranslated ("Clear" for "Effacer", "French" for "Französisch") is as wrong as a
copied sentence, but much of what is legitimately the same in two languages is short too:
"OK", "URL", "Django", "%(count)s", "…", and words the languages share ("Name" and "Status" in
German, "Message" and "Description" in French, "April" in German and Romanian). So a copy is
judged word by word, on wordfreq frequencies: a word counts as left untranslated when it is
common in the source language and far rarer in the target language, or somewhat rarer and
missing from the target's dictionary of word forms. Names, acronyms, code literals, month
abbreviations, glossary terms and allowed words never count.

Measured on Django 5.2's human catalogs (8–10% of the French and German strings are identical
to their English source), this leaves 0–0.7 findings per 100 strings in fr, de, es, ro, ru, ja,
zh_Hans and en_GB, and at most 1.1 in 23 languages, most of them strings the translators did
leave in English ("Content type … doesn't exist" in Romanian, "Forbidden" in Korean). The
dictionary test (FORMS_GAP) added 0–0.8 per 100 on the whole catalogs of 16 Latin-script
languages, and 2.4 in Portuguese, which keeps Django's terms "View" and "Model"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from wordfreq import available_languages

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.masking import blank, code_tokens
from mtqa.lexicon.frequency import has_lexicon, zipf
from mtqa.lexicon.locale_names import localized_name
from mtqa.lexicon.word_forms import is_known_form
from mtqa.lm.prompt import language_name
from mtqa.text.langid import base_language, same_language
from mtqa.text.surface_tokens import numbers
from mtqa.types import Severity

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LETTERS = re.compile(r"[^\W\d_]")
_CODE_LITERALS = frozenset({"none", "true", "false", "null", "nan", "inf"})
_SHARED_WORDS = _CODE_LITERALS | frozenset(
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu",
        "fri", "sat", "sun",
    }
)
"""Month and weekday abbreviations (many languages write "Nov" and "Sept"), and code literals a
translation keeps ("None", "True")."""
NON_LATIN = frozenset(
    {
        "am", "ar", "as", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo",
        "mk", "ml", "mn", "mr", "my", "ne", "or", "pa", "ps", "ru", "si", "sr", "ta", "te", "th", "ti", "tg", "uk", "ur", "yi",
        "zh",
    }
)
"""Languages not written in Latin letters: a common English word copied into them is untranslated
whatever its frequency there."""
COMMON_IN_SOURCE = 3.0
"""Zipf frequency in the source language below which a word is a name or a term ("Malayalam",
"Bookmarklets"), not vocabulary a translator would replace."""
UNTRANSLATED_GAP = 1.4
"""How much rarer (Zipf units, i.e. ×30) a word must be in the target language to count as left
untranslated: "clear" is 2.2 rarer in French, "French" 1.5 in German, "English" 1.46 in French;
"Name" is 0.5 in German, "Message" 0.0 in French, "Email" 0.9 in Romanian, "Urdu" 1.3 in French."""
MEAN_GAP = 1.0
"""A copy of several words is untranslated when they are on average this much rarer in the target
("Positive big integer": 0.7, 1.2 and 1.4 in French)."""
STRONG_GAP = 2.0
FORMS_GAP = 0.9
"""With no form of the word in the target's dictionary, a gap this large is enough. On the whole
of Django's catalogs in 16 Latin-script languages this lifted MT101's recall on strings left in
English by 1–12 points (ro 0.85 → 0.92, id 0.77 → 0.89) and added 0–6 findings on the 21–79
strings each catalog keeps identical, most in Portuguese ("View", "Model", Django's own terms)."""


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _masked(text: str) -> str:
    """The text with placeholders, links and numbers blanked: "%(truncated_text)s…" has no words."""
    return blank(text, [*code_tokens(text), *numbers(text)])


def _cased_like(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _latin_words(masked: str, ctx: CheckContext) -> list[str]:
    """Words of a copied string that a non-Latin target would have written in its own script:
    three letters or more, lower case after the first, so acronyms ("URL", "PM"), names with
    inner capitals or digits ("IPv4"), code literals ("None") and "p.m." stay as they are."""
    return [
        w
        for w in _WORD.findall(masked)
        if len(w) >= 3 and w.isascii() and w[1:].islower() and w.lower() not in _CODE_LITERALS and not ctx.is_allowed(w)
    ]


def _vocabulary(word: str) -> bool:
    """A word a translator would translate: not an acronym ("URL"), not a name with inner
    capitals ("IPv", "JavaScript"), not a single letter, not a shared abbreviation."""
    return len(word) >= 2 and not word.isupper() and not any(c.isupper() for c in word[1:]) and word.lower() not in _SHARED_WORDS


class TargetIdenticalToSource(Check):
    """Target identical to source: the segment was not translated.

    Why: MT systems and translation-memory steps sometimes pass text through unchanged; in a
    different target language that is an untranslated segment, however short ("Clear" for
    "Effacer"). Words that are the same in both languages ("Description" in French, "Name" in
    German), names, acronyms, placeholders, numbers and glossary terms are told apart by wordfreq
    frequencies, and, where simplemma ships one, the target's dictionary of word forms (Romanian
    web text is full of "image"; its dictionary knows only "imagine"). A language, month or
    weekday name that the target language writes otherwise (CLDR: "Asturian" is "asturien" in
    French, "Wed" is "mer.") is a warning naming the target's form; in a non-Latin target,
    Latin words are untranslated whatever their frequency. A copy whose case the translator
    changed ("Universally Unique Identifier") is info: someone chose to keep it.
    Example: src "Apasă butonul de pornire" → mt "Apasă butonul de pornire".
    """

    code = "MT101"
    family = "source-surface"
    precision = "high"
    name = "identical-to-source"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.text.strip() or _normalise(source) != _normalise(ctx.text):
            return
        if ctx.source_lang and same_language(ctx.source_lang, ctx.target_lang):
            return
        masked = _masked(ctx.text)
        for start, end in ctx.glossary.allowed_spans(masked) if ctx.glossary.allowed else ():
            masked = masked[:start] + " " * (end - start) + masked[end:]
        if base_language(ctx.target_lang) in NON_LATIN and _latin_words(masked, ctx):
            # Latin letters where the target's script is expected: no word list needed to see it.
            yield self.finding(None, None, "target is identical to the source: not translated (Latin script kept)", 0.9)
            return
        localized = localized_name(ctx.text, ctx.target_lang) if not ctx.is_allowed(ctx.text.strip()) else None
        if localized is not None:
            # CLDR knows the target's own name for this language, month or weekday.
            fix = _cased_like(ctx.text.strip(), localized)
            message = f"target is identical to the source: not translated ({language_name(ctx.target_lang)} writes '{fix}')"
            yield self.finding(None, None, message, 0.8, severity=Severity.WARNING, fix=fix)
            return
        words = [w for w in _WORD.findall(masked) if _vocabulary(w) and not ctx.is_allowed(w)]
        if not words:
            return
        gap = self._gap(words, ctx.source_lang, ctx.target_lang)
        if gap is None:
            # No word lists to judge by: only a copied sentence is sure to be untranslated.
            if len(_LETTERS.findall(masked)) < 8 or len(words) < 3:
                return
            gap = STRONG_GAP
        elif gap < UNTRANSLATED_GAP:
            return
        message = "target is identical to the source: not translated"
        if " ".join(source.split()) != " ".join(ctx.text.split()):
            yield self.finding(None, None, message + " (only its case changed)", 0.4, severity=Severity.INFO)
        elif gap >= STRONG_GAP or len(words) >= 3:
            yield self.finding(None, None, message, 0.95)
        else:
            yield self.finding(None, None, message, 0.7, severity=Severity.WARNING)

    @staticmethod
    def _gap(words: list[str], source_lang: str | None, target_lang: str) -> float | None:
        """How much rarer the most source-like common word is in the target language (Zipf
        units; at least UNTRANSLATED_GAP when several words are rarer on average), or None
        without a source word list."""
        source = base_language(source_lang) if source_lang else None
        if source is None or not has_lexicon(source):
            return None
        target = base_language(target_lang)
        non_latin = target in NON_LATIN
        if not non_latin and not has_lexicon(target):
            return None
        gaps = []
        for word in words:
            in_source = zipf(word, source)
            if in_source < COMMON_IN_SOURCE:
                continue
            in_target = 0.0 if non_latin and word.isascii() else zipf(word, target) or _floor(target)
            gaps.append(_judged_by_forms(in_source - in_target, word, target))
        if len(gaps) >= 2 and sum(gaps) / len(gaps) >= MEAN_GAP:
            return max(UNTRANSLATED_GAP, *gaps)
        return max(gaps, default=0.0)


def _judged_by_forms(gap: float, word: str, target: str) -> float:
    """The frequency gap, raised to the bar when the target's dictionary of word forms (where
    one ships) lacks the word and the gap is at least FORMS_GAP: "image" and "midnight" are only
    1.1 and 1.2 rarer in Romanian web text, "Forbidden" at least 1.0. A word the dictionary
    lists keeps its gap: dictionaries list loans and homographs ("All", "Order" in German), so
    vetoing them cost 4 points of recall on Django's Danish catalog."""
    if FORMS_GAP <= gap < UNTRANSLATED_GAP and is_known_form(word, target) is False:
        return UNTRANSLATED_GAP
    return gap


@cache
def _floor(lang: str) -> float:
    """The Zipf frequency of the rarest word in the language's wordfreq list: a word missing from
    a small list (Romanian's stops at 3.0) may still be as common there as "Punjabi"."""
    return 1.0 if lang in available_languages("large") else 3.0
