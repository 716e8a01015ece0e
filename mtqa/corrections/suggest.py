"""Ranked corrections for flagged words.

Each candidate is put in the word's place and the LM scores it and a window of the right
context after the left context, so words on both sides count. With a source, the
source-conditioned prompt comes first, so the source decides between words that both fit the
sentence. Totals are log-probs of the same text after the same prefix, so a candidate of three
tokens and one of one are compared fairly. A spelling prior adds what the look of the word says.

The confidence is the candidate's share of the softmax over the original and its candidates
(over the candidates alone when the original is a source-language word, which the
source-conditioned model would only copy). It is not calibrated yet (issue 17).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtqa.corrections.candidates import CorrectionRequest, candidates
from mtqa.lexicon.frequency import similarity
from mtqa.lm.base import Continuation, Scorer
from mtqa.types import Suggestion

LEFT_WORDS = 12
RIGHT_WORDS = 4
"""Context kept on each side of the word. Scoring the whole rest of the sentence (64 left, 40
right) was tried: on ro-en dev it took about 3× as long and found the post-edit's word at top-1
for 6 of 34 flagged substitutions against 7 with this window."""
MARGIN = 1.0
"""Nats by which a candidate must beat the original before it is offered at all."""
SIMILARITY_WEIGHT = 6.0
"""Nats of log-prob a completely different spelling must make up for (spelling faults)."""
SIMILARITY_WEIGHT_REAL_WORD = 2.0
MEANING_PENALTY = 4.0
"""The most a spelling fault's prior takes from a candidate that looks nothing like it: MT
garbles a word into a non-word ("chome" for "chummy") whose fix is no slip of it."""
MAX_SUGGESTIONS = 3
MIN_SHARE = 0.01
"""A runner-up with less than this share of the softmax is noise to a reviewer ("Putin" 1.0,
"posting" 0.0): it is not listed."""


def _window(text: str, start: int, end: int) -> tuple[str, str]:
    """Left context (up to LEFT_WORDS words) and right context (up to RIGHT_WORDS words)."""
    left_tokens = text[:start].split(" ")
    prefix = " ".join(left_tokens[-(LEFT_WORDS + 1) :])
    suffix = " ".join(text[end:].split(" ")[: RIGHT_WORDS + 1])
    return prefix, suffix


def _prior(option: str, original: str, spelling: bool) -> float:
    if spelling:
        return max(SIMILARITY_WEIGHT * (similarity(option, original) - 1.0), -MEANING_PENALTY)
    return SIMILARITY_WEIGHT_REAL_WORD * (similarity(option, original) - 1.0)


def suggest(requests: Sequence[CorrectionRequest], scorer: Scorer) -> list[tuple[Suggestion, ...]]:
    """Suggestions for each request, best first, each with a confidence."""
    plans: list[tuple[CorrectionRequest, list[str], int]] = []
    items: list[Continuation] = []
    for request in requests:
        options = candidates(request)
        first = len(items)
        if options:
            prefix, suffix = _window(request.text, request.start, request.end)
            for option in [request.original, *options]:
                items.append(Continuation(prefix, option + suffix, request.source, request.source_lang, request.target_lang))
        plans.append((request, options, first))
    if not items:
        return [() for _ in requests]
    logprobs = scorer.score_continuations(items)
    return [_ranked(request, options, logprobs[first : first + 1 + len(options)]) for request, options, first in plans]


def _ranked(request: CorrectionRequest, options: list[str], logprobs: Sequence[float]) -> tuple[Suggestion, ...]:
    if not options:
        return ()
    original, spelling = request.original, request.min_similarity > 0
    base = logprobs[0]
    scored = []
    for option, logprob in zip(options, logprobs[1:]):
        gain = logprob - base
        scored.append((gain + _prior(option, original, spelling), gain, option))
    competes = request.original_competes
    totals = ([0.0] if competes else []) + [score for score, _, _ in scored]
    top = max(totals)
    norm = sum(math.exp(t - top) for t in totals)
    ranked = sorted(scored, reverse=True)
    kept = [
        Suggestion(option, round(math.exp(score - top) / norm, 3))
        for score, gain, option in ranked
        if not competes or (score > MARGIN and gain > 0)
    ]
    return tuple(s for s in kept[:MAX_SUGGESTIONS] if s.confidence >= MIN_SHARE)
