"""MT2xx: text in the wrong language — a whole segment, or one word left untranslated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtqa.checks.base import Check, CheckContext, RawFinding
from mtqa.langid import detect_language, same_language
from mtqa.lexicon import has_lexicon, lexicon, similarity, zipf
from mtqa.lm.base import WordScores
from mtqa.lm.prompt import language_name
from mtqa.types import Severity

_LETTERS_ONLY = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")


def _similar_alternative(word: str, scores: WordScores | None) -> str | None:
    """The LM's preferred word at this position when it looks like a respelling of ``word``."""
    if scores is None:
        return None
    for text, _ in scores.alternatives[:5]:
        candidate = text.strip()
        if len(candidate) >= 3 and candidate.lower() != word.lower() and similarity(candidate, word) >= 0.6:
            return candidate
    return None


class ForeignWord(Check):
    """Foreign or untranslated word: far more common in another language than in the target.

    Why: MT systems copy or half-translate rare words and names, leaving the source-language
    spelling ("Poutine", French for Putin) where the target language has its own form. The check
    compares wordfreq frequencies across languages and asks the LM whether it expected a
    similar-looking word there; common loanwords ("restaurant") are frequent in the target and
    are never flagged. A capitalised word the source also has is a name kept as written unless the
    model expects a respelling: a French source's "Poutine" is still "Putin" in English.
    Example: "Russian Vladimir Poutine discussed …" → suggest "Putin".
    """

    code = "MT201"
    name = "foreign-word"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        if not has_lexicon(ctx.target_lang):
            return
        lex = lexicon(ctx.target_lang)
        extra = (ctx.source_lang,) if ctx.source_lang else ()
        words = ctx.scores.target.words if ctx.scores else None
        source = (ctx.segment.source or "").casefold()
        for index, span in enumerate(ctx.spans):
            word = ctx.word(index)
            if len(word) < 3 or not _LETTERS_ONLY.match(word) or ctx.is_allowed(word) or word.isupper():
                continue
            copied_name = word[:1].isupper() and word.casefold() in source
            own = lex.zipf(word)
            if own >= 3.0:
                continue
            gap, other = lex.foreignness(word, extra)
            if gap < 1.5 or other is None:
                continue
            scores = words[index] if words and index < len(words) else None
            respelling = _similar_alternative(word, scores)
            if copied_name and respelling is None:
                continue  # a name kept as the source spells it, and the model has no other spelling
            surprising = scores is not None and scores.surprisal >= 10.0
            if respelling is None and not surprising and (scores is not None or gap < 2.5):
                continue
            strong = respelling is not None or (surprising and gap >= 2.0)
            message = f"'{word}' looks {language_name(other)}, not {language_name(ctx.target_lang)}"
            if respelling:
                message += f"; the model expected '{respelling}'"
            confidence = min(0.99, 0.5 + 0.15 * gap + (0.2 if respelling else 0.0))
            severity = Severity.ERROR if strong else Severity.WARNING
            yield self.finding(span.start, span.end, message, confidence, severity=severity, correctable=True)


class WrongLanguageSegment(Check):
    """Segment in the wrong language: the sentence as a whole is not in the target language.

    Why: untranslated or mis-routed segments (a source sentence left in place, a segment
    translated into the wrong language) are among the costliest MT faults and invisible to
    word-level checks. Detection uses langdetect, seeded so results are reproducible, and only
    speaks on segments long enough to be reliable.
    Example: in an English document, "Der Vertrag wurde gestern unterzeichnet und veröffentlicht."
    """

    code = "MT202"
    name = "wrong-language"
    severity = Severity.ERROR
    min_words = 6
    min_probability = 0.95

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        letters_words = [ctx.word(i) for i in range(len(ctx.spans)) if _LETTERS_ONLY.match(ctx.word(i))]
        if len(letters_words) < self.min_words:
            return
        detected = detect_language(ctx.text)
        if detected is None:
            return
        lang, probability = detected
        if probability < self.min_probability or same_language(lang, ctx.target_lang):
            return
        message = f"segment reads as {language_name(lang)}, expected {language_name(ctx.target_lang)}"
        yield self.finding(None, None, message, probability)


class CopiedFromSource(Check):
    """Word copied from the source: a source-language word left untranslated in the target.

    Why: when the MT system does not know a word it often copies it. A copied word that is
    common in the source language and rare in the target is almost always untranslated; names
    (capitalized) and numbers are expected to be copied and are skipped.
    Example: src "casa albă" → mt "the albă house".
    """

    code = "MT203"
    name = "copied-from-source"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[RawFinding]:
        source = ctx.segment.source
        if not source or not ctx.source_lang or same_language(ctx.source_lang, ctx.target_lang):
            return
        source_words = {w.casefold() for w in re.findall(r"[^\W\d_]+", source)}
        for index, span in enumerate(ctx.spans):
            word = ctx.word(index)
            if len(word) < 4 or not word.islower() or ctx.is_allowed(word) or word.casefold() not in source_words:
                continue
            in_target = zipf(word, ctx.target_lang)
            in_source = zipf(word, ctx.source_lang)
            if in_target < 3.0 and in_source >= in_target + 1.0:
                message = f"'{word}' is copied from the {language_name(ctx.source_lang)} source untranslated"
                yield self.finding(
                    span.start, span.end, message, min(0.95, 0.5 + 0.1 * (in_source - in_target)), correctable=True
                )
