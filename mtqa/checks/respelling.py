"""The LM's own respelling of a word: the evidence that an odd word is a wrong spelling, not a name.

MT201 ("Poutine", where the model expects "Putin") and MT301 ("Litiger", where it expects a
"litig-" word) both ask it: without a source, a capitalised unknown word is otherwise as likely
a rare name as an error.
"""

from __future__ import annotations

from mtqa.lexicon.frequency import similarity
from mtqa.lm.base import WordScores

MIN_SIMILARITY = 0.6
TOP_ALTERNATIVES = 5


def similar_alternative(word: str, scores: WordScores | None) -> str | None:
    """The LM's preferred word at this position when it looks like a respelling of ``word``."""
    if scores is None:
        return None
    for text, _ in scores.alternatives[:TOP_ALTERNATIVES]:
        candidate = text.strip()
        if len(candidate) >= 3 and candidate.lower() != word.lower() and similarity(candidate, word) >= MIN_SIMILARITY:
            return candidate
    return None
