"""Ranked corrections for flagged words.

Each candidate is put in the word's place and the LM scores it and a window of the right
context after the left context, so words on both sides count. With a source, the
source-conditioned prompt comes first, so the source decides between words that both fit the
sentence. Totals are log-probs of the same text after the same prefix, so a candidate of three
tokens and one of one are compared fairly. A spelling prior adds what the look of the word says.

The ranking's score is the candidate's share of the softmax over the original and its candidates
(over the candidates alone when the original is a source-language word, which the
source-conditioned model would only copy). The confidence shown is that share calibrated to how
often such a suggestion matched a post-edit (``confidence.py``), and a suggestion whose
calibrated confidence is below the shipped offer threshold is not shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtqa.corrections.candidates import CorrectionRequest, candidates
from mtqa.corrections.confidence import Slot, calibration, evidence_for
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
SHOWN_CONFIDENCE = 0.005
"""A calibrated confidence below this reads 0% in every report: right less than once in 200."""
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
    fitted = calibration()
    for request in requests:
        options = candidates(request) if fitted.could_offer(_slot(request)) else []
        first = len(items)
        if options:
            prefix, suffix = _window(request.text, request.start, request.end)
            for option in [request.original, *options]:
                rest = option + suffix if option or not prefix.endswith(" ") else suffix.lstrip(" ")
                items.append(Continuation(prefix, rest, request.source, request.source_lang, request.target_lang))
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
        (option, math.exp(score - top) / norm) for score, gain, option in ranked if not competes or (score > MARGIN and gain > 0)
    ]
    kept = [(option, share) for option, share in kept[:MAX_SUGGESTIONS] if share >= MIN_SHARE]
    return _calibrated(request, kept)


def _slot(request: CorrectionRequest) -> Slot:
    return Slot(
        request.original,
        request.min_similarity > 0,
        request.original_competes,
        request.source,
        request.target_lang,
        request.flag_confidence,
        request.flag_error,
        request.p_bad,
    )


def _calibrated(request: CorrectionRequest, kept: list[tuple[str, float]]) -> tuple[Suggestion, ...]:
    """Each kept candidate with its calibrated confidence, those below the offer threshold dropped."""
    fitted = calibration()
    out = []
    for (option, _), candidate in zip(kept, evidence_for(kept, _slot(request))):
        confidence = fitted.confidence(candidate)
        if confidence >= max(fitted.offer_min, SHOWN_CONFIDENCE):
            out.append(Suggestion(option, round(confidence, 3)))
    return tuple(out)
