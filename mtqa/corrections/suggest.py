"""Ranked corrections for flagged words.

Candidates come from four places: the LM's own top tokens at the word (it knows "Putin" follows
"Vladimir"), near spellings in the target lexicon (rapidfuzz), words sharing the flagged word's
stem (inflections: "Litiger" → "litigating"), and names or numbers in the source. A causal LM
only sees the left context, so each candidate is ranked by the log-prob of a window of the
sentence with the candidate substituted (which brings in the right context), plus a spelling
similarity prior. A suggestion is offered only when it beats the original by a margin.
All candidates of all flagged words are scored in one batched call.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mtqa.lexicon.frequency import has_lexicon, lexicon, similarity
from mtqa.lm.base import Continuation, Scorer, WordScores
from mtqa.types import Suggestion

LEFT_WORDS = 12
RIGHT_WORDS = 4
MAX_CANDIDATES = 6
MARGIN = 1.0
SIMILARITY_WEIGHT = 6.0
"""Nats of log-prob a completely different spelling must make up for (spelling faults)."""
SIMILARITY_WEIGHT_REAL_WORD = 2.0
MAX_SUGGESTIONS = 3
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
    """Spelling-type findings (non-words, foreign spellings) only take look-alike candidates."""


def _match_case(candidate: str, original: str, sentence_initial: bool) -> str:
    if candidate[:1].isupper():
        return candidate
    if original.isupper() and len(original) > 1:
        return candidate.upper()
    if sentence_initial and original[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def candidates(request: CorrectionRequest) -> list[str]:
    """Plausible replacements for the word, before any LM ranking."""
    original = request.text[request.start : request.end]
    lang = request.target_lang
    from_model: dict[str, None] = {}
    from_lexicon: dict[str, None] = {}

    def add(found: dict[str, None], word: str) -> None:
        word = word.strip()
        if word and word.casefold() != original.casefold() and _WORD_LIKE.match(word):
            found.setdefault(word, None)

    if request.scores is not None:
        for text, _ in request.scores.alternatives:
            if text.startswith(" ") or request.start == 0:
                token = text.strip()
                if len(token) >= 1 and token.isalpha():
                    if not has_lexicon(lang) or lexicon(lang).zipf(token) >= 3.0:
                        add(from_model, token)
                    elif similarity(token, original[: len(token)]) >= 0.5:
                        for word in lexicon(lang).completions(token, 4):
                            if similarity(word, original) >= 0.5:
                                add(from_model, word)
    if has_lexicon(lang):
        lex = lexicon(lang)
        for word in lex.near_spellings(original, 6):
            add(from_lexicon, word)
        stem_length = max(4, len(original) - 3)
        if len(original) >= 5:
            for word in lex.completions(original[:stem_length], 8):
                add(from_lexicon, word)
    if request.source:
        for match in _NAME_OR_NUMBER.finditer(request.source):
            if similarity(match.group(), original) >= 0.5:
                add(from_lexicon, match.group())
    sentence_initial = not request.text[: request.start].strip()

    def usable(words: dict[str, None]) -> list[str]:
        cased = [_match_case(c, original, sentence_initial) for c in words]
        return [c for c in dict.fromkeys(cased) if c != original and similarity(c, original) >= request.min_similarity]

    if request.min_similarity > 0:
        # Spelling faults: the fix looks like the word, wherever the candidate came from.
        pool = usable({**from_model, **from_lexicon})
        pool.sort(key=lambda c: -similarity(c, original))
        return pool[:MAX_CANDIDATES]
    # Wrong real words: the model's own preferences first, then look-alikes.
    model_first = usable(from_model)[: MAX_CANDIDATES // 2 + 1]
    lookalikes = sorted(usable(from_lexicon), key=lambda c: -similarity(c, original))
    return list(dict.fromkeys(model_first + lookalikes))[:MAX_CANDIDATES]


def _window(text: str, start: int, end: int) -> tuple[str, str]:
    """Left context (up to LEFT_WORDS words) and right context (up to RIGHT_WORDS words)."""
    left = text[:start]
    left_tokens = left.split(" ")
    prefix = " ".join(left_tokens[-(LEFT_WORDS + 1) :]) if len(left_tokens) > LEFT_WORDS + 1 else left
    right = text[end:]
    right_tokens = right.split(" ")
    suffix = " ".join(right_tokens[: RIGHT_WORDS + 1])
    return prefix, suffix


def suggest(requests: Sequence[CorrectionRequest], scorer: Scorer) -> list[tuple[Suggestion, ...]]:
    """Suggestions for each request, best first, each with a confidence."""
    plans: list[tuple[str, list[str], int, float]] = []
    items: list[Continuation] = []
    for request in requests:
        original = request.text[request.start : request.end]
        options = candidates(request)
        first = len(items)
        if options:
            prefix, suffix = _window(request.text, request.start, request.end)
            for option in [original, *options]:
                items.append(Continuation(prefix, option + suffix, request.source, request.source_lang, request.target_lang))
        weight = SIMILARITY_WEIGHT if request.min_similarity > 0 else SIMILARITY_WEIGHT_REAL_WORD
        plans.append((original, options, first, weight))
    if not items:
        return [() for _ in requests]
    logprobs = scorer.score_continuations(items)
    results: list[tuple[Suggestion, ...]] = []
    for original, options, first, weight in plans:
        if not options:
            results.append(())
            continue
        base = logprobs[first]
        scored = []
        for offset, option in enumerate(options, start=1):
            gain = logprobs[first + offset] - base
            prior = weight * (similarity(option, original) - 1.0)
            scored.append((gain + prior, gain, option))
        total = [0.0] + [s for s, _, _ in scored]
        top = max(total)
        norm = sum(math.exp(t - top) for t in total)
        ranked = sorted(scored, reverse=True)
        kept = [
            Suggestion(option, round(math.exp(score - top) / norm, 3))
            for score, gain, option in ranked
            if score > MARGIN and gain > 0
        ]
        results.append(tuple(kept[:MAX_SUGGESTIONS]))
    return results
