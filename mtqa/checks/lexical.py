"""MT3xx: words that are not words — garbled, invented or doubled — and broken punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.checks.orthography import has_cedilla
from mtqa.checks.respelling import similar_alternative
from mtqa.lexicon.frequency import SMALL_LIST_FLOOR, frequency_floor, has_lexicon, lexicon
from mtqa.lexicon.wordforms import is_compound, likely_typo_of
from mtqa.lm.prompt import language_name
from mtqa.text.langid import base_language
from mtqa.text.transliteration import echoes_source
from mtqa.types import Severity

NO_SPELLING = frozenset({"zh", "ja", "ko", "th"})
"""Languages written without spaces: their "words" come from a segmenter, and a word the
frequency list lacks is more often a segmentation artefact than a misspelling."""

_LETTERS_ONLY = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _unknown_parts(word: str, lang: str) -> list[str]:
    """Parts of a (possibly hyphenated) word that the target lexicon has never seen."""
    lex = lexicon(lang)
    base = _POSSESSIVE.sub("", word)
    if lex.zipf(base) > 0:
        return []
    parts = [p for p in re.split(r"[-‐]", base) if p]
    if len(parts) > 1:
        return [p for p in parts if len(p) >= 3 and lex.zipf(p) == 0]
    return [base]


_CAPITALISED_NOUNS = frozenset({"de", "lb"})
"""Languages that write every noun with a capital, so a capital says nothing about a name."""


class NonWord(Check):
    """Non-word: the word is not in the target language's lexicon at all.

    Why: MT systems invent words when they transliterate or mis-inflect a source word
    ("Litiger" for "litigating"). A word that no frequency list of the language contains,
    that is not a number, an acronym, a glossary term or a name copied from the source, is very
    likely wrong; a source in another script is romanized to find copied names ("Shestakova").
    Capitalized unknown words where the LM expects a name, or with no source to check them
    against, are reported as warnings, since they are usually rare names. Outside English the frequency lists miss many
    real forms (compounds, clitics, rare inflections), so there an unknown word is an error only
    when it is one slip inside the word away from a common word ("Forumlar" for "Formular"); a
    compound of common words is known, and any other unknown word is info. Chinese and Japanese
    get no spelling check.
    Example: "rather than Litiger the past" → suggest "litigating".
    """

    code = "MT301"
    family = "lexical"
    precision = "medium"
    name = "non-word"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        lang = base_language(ctx.target_lang)
        if not has_lexicon(lang) or lang in NO_SPELLING:
            return
        source = (ctx.segment.source or "").casefold()
        words = ctx.scores.target.words if ctx.scores else None
        names = ctx.features.column("name_slot") if ctx.features is not None else None
        for index, span in enumerate(ctx.spans):
            word = ctx.word(index)
            if len(word) < 3 or not _LETTERS_ONLY.match(word) or ctx.is_allowed(word):
                continue
            if word.isupper() and len(word) <= 6:
                continue
            if word.casefold() in source or echoes_source(word, ctx.segment.source) or not _unknown_parts(word, lang):
                continue
            if lang != "en":
                finding = self._other_language(
                    word,
                    span.start,
                    span.end,
                    lang,
                    mid_capital=index > 0 and word[:1].isupper(),
                    has_source=bool(ctx.segment.source),
                )
                if finding is not None:
                    yield finding
                continue
            severity = Severity.ERROR
            if word[:1].isupper():
                # Without a source to show the name, a capitalised unknown word is a rare name
                # about as often as an error (MT301 errors on such words: 0.19-0.68 precision
                # across ro-, et- and ru-en dev, target-only).
                name_slot = float(names[index]) if names is not None and index < len(names) else 1.0
                respelled = words is not None and index < len(words) and similar_alternative(word, words[index]) is not None
                if index == 0 or name_slot >= 0.5 or (not ctx.segment.source and not respelled):
                    severity = Severity.WARNING
            if words is not None and index < len(words) and words[index].surprisal < 8.0:
                severity = Severity.INFO
            message = f"'{word}' is not a known {language_name(ctx.target_lang)} word"
            yield self.finding(
                span.start, span.end, message, 0.9 if severity is Severity.ERROR else 0.6, severity=severity, correctable=True
            )

    def _other_language(
        self, word: str, start: int, end: int, lang: str, *, mid_capital: bool = False, has_source: bool = True
    ) -> RawFinding | None:
        """Outside English an unknown word is an error only as a typing slip of a known word; a
        capital inside the segment marks a name ("Центральнокурдский (Сорани)") in a language
        that does not capitalise its nouns, so that slip is a warning."""
        if lang == "ro" and has_cedilla(word):
            return None  # MT305 says exactly what is wrong with it
        # A slip first: a garbled word often splits into short known pieces ("Ardesse" as
        # "ard" + "esse") that a compound test would accept, while one letter off a common
        # word ("Adresse") is the likelier story.
        typo_of = likely_typo_of(word, lang)
        if typo_of is None and all(is_compound(part, lang) for part in _unknown_parts(word, lang)):
            return None
        if typo_of is not None:
            message = f"'{word}' is not a known {language_name(lang)} word; a slip for '{typo_of}'?"
            if (mid_capital and lang not in _CAPITALISED_NOUNS) or not has_source:
                # Without a source, a slip is as often a rare real form (en-de dev: 5 of 16
                # such errors were BAD, target-only).
                return self.finding(start, end, message, 0.6, severity=Severity.WARNING, correctable=True)
            return self.finding(start, end, message, 0.85, correctable=True)
        message = f"'{word}' is not in the {language_name(lang)} word list (a rare form, a name, or a misspelling)"
        return self.finding(start, end, message, 0.4, severity=Severity.INFO, correctable=True)


class GarbledWord(Check):
    """Garbled word: a rare word that the language model finds implausible in context.

    Why: some MT garbage collides with rare real words ("chome" for "chummy"), so a lexicon
    alone lets it through. A lower-case word that is rare in the target language and highly
    surprising to the LM at its position is most likely a mangled translation. Its surprisal
    bands were set on English: in other target languages it is at most a warning (info where
    the word list is small), since rare real words surprise the model there too.
    Example: "The atmosphere was chome," said Weiss.
    """

    code = "MT302"
    family = "lexical"
    precision = "medium"
    name = "garbled-word"
    severity = Severity.ERROR
    needs_model = True
    max_zipf = 2.0
    min_surprisal = 14.0
    error_surprisal = 21.0
    """Set on ro-, et- and ru-en dev (issue 16): from 21 bits up, 15 of 20 such words were BAD;
    between 16 and 21, 13 of 30 were (rare real words: "synchronising", "archpriest")."""

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        lang = base_language(ctx.target_lang)
        if ctx.scores is None or not has_lexicon(lang) or lang in NO_SPELLING:
            return
        lex = lexicon(lang)
        for index, span in enumerate(ctx.spans):
            word = ctx.word(index)
            if len(word) < 3 or not word.isalpha() or not word.islower() or ctx.is_allowed(word):
                continue
            if echoes_source(word, ctx.segment.source):
                continue
            frequency = lex.zipf(word)
            if frequency == 0 or frequency >= self.max_zipf or index >= len(ctx.scores.target.words):
                continue
            surprisal = ctx.scores.target.words[index].surprisal
            if surprisal < self.min_surprisal:
                continue
            severity = Severity.ERROR if surprisal >= self.error_surprisal else Severity.WARNING
            if not ctx.calibrated_target or lang != "en":
                # The surprisal bands were set on English; elsewhere a rare word the model
                # finds surprising is as often a rare real word (measured on human catalogs,
                # and on en-de dev: 12 of 24 such errors were BAD).
                big_list = frequency_floor(lang) < SMALL_LIST_FLOOR
                severity = Severity.WARNING if big_list and severity is Severity.ERROR else Severity.INFO
            confidence = min(0.95, 0.5 + 0.04 * (surprisal - self.min_surprisal) + 0.1 * (self.max_zipf - frequency))
            message = f"'{word}' is a rare word that does not fit here; likely garbled"
            yield self.finding(span.start, span.end, message, confidence, severity=severity, correctable=True)


class RepeatedWord(Check):
    """Repeated word: the same word twice in a row ("the the").

    Why: doubled words are a classic MT and editing slip. Doublings that the language allows
    are left alone: English "had had" and "that that", French "nous nous" and "vous vous"
    (reflexive verbs), German "die die" and "das das" (article then relative pronoun) and the
    polite "Sie" beside the pronoun "sie" (a different word in German, told apart by case), and
    repeats separated by punctuation ("very, very good").
    Example: "the meeting lasted about about two hours".
    """

    code = "MT303"
    family = "lexical"
    precision = "medium"
    name = "repeated-word"
    severity = Severity.WARNING
    allowed: ClassVar[dict[str, frozenset[str]]] = {
        "en": frozenset(
            {"had", "that", "is", "do", "bye", "ha", "no", "yes", "so", "very", "well", "now", "tut", "boo"}
            | {"knock", "there", "many", "more", "far", "go"}
        ),
        "fr": frozenset(["nous", "vous", "si", "très", "bien", "non", "oui", "ha"]),
        "de": frozenset(["die", "der", "das", "den", "dem", "des", "sehr", "ja", "nein", "so"]),
        "nl": frozenset(["die", "dat", "heel", "ja", "nee", "zo"]),
        "es": frozenset(["muy", "sí", "no", "ja"]),
        "it": frozenset(["molto", "sì", "no", "ha"]),
        "pt": frozenset(["muito", "sim", "não"]),
        "ro": frozenset(["foarte", "da", "nu"]),
        "ru": frozenset(["очень", "да", "нет", "так"]),
        "zh": frozenset(["等", "谢", "常", "看", "试"]),
        "ja": frozenset(),
    }
    case_sensitive: ClassVar[frozenset[str]] = frozenset({"de"})
    """Languages where case tells two words apart (German "Sie" and "sie") after the first word."""

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        lang = base_language(ctx.target_lang)
        allowed = self.allowed.get(lang, self.allowed["en"])
        for index in range(1, len(ctx.spans)):
            previous, current = ctx.spans[index - 1], ctx.spans[index]
            word, before = ctx.word(index), ctx.word(index - 1)
            # Case tells German words apart, except where the sentence capitalizes the first.
            by_case = lang in self.case_sensitive and index > 1
            if (word != before if by_case else word.casefold() != before.casefold()) or word.casefold() in allowed:
                continue
            if ctx.text[previous.end : current.start].strip():
                continue
            if not any(c.isalpha() for c in word):
                continue
            yield self.finding(current.start, current.end, f"'{word}' is repeated", 0.9)


_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»", "„": "“"}


class UnbalancedPunctuation(Check):
    """Unbalanced quotes or brackets: an opening mark without its closing mark, or the reverse.

    Why: MT systems drop or misplace quotation marks and brackets, which changes who said
    what. Segments of structured files are whole units and are checked for quotes and
    brackets; sentences split from running text are checked for brackets only, because a
    quotation often spans several sentences.
    Example: {"mt": "He said “we agree and left."}
    """

    code = "MT304"
    family = "lexical"
    precision = "medium"
    name = "unbalanced-punctuation"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        whole_unit = not ctx.segment.exact_positions
        pairs = _PAIRS if whole_unit else {"(": ")", "[": "]"}
        closers = {close: open_ for open_, close in pairs.items() if close != open_}
        stack: list[tuple[str, int]] = []
        for index, char in enumerate(ctx.text):
            if char in pairs and not (char in closers and stack and stack[-1][0] == closers[char]):
                stack.append((char, index))
            elif char in closers:
                if stack and stack[-1][0] == closers[char]:
                    stack.pop()
                else:
                    yield self.finding(index, index + 1, f"closing '{char}' has no opening mark", 0.8)
        for char, index in stack:
            yield self.finding(index, index + 1, f"opening '{char}' is never closed", 0.8)
        if whole_unit and ctx.text.count('"') % 2 == 1:
            index = ctx.text.rfind('"')
            yield self.finding(index, index + 1, 'odd number of straight quotes (")', 0.7)
