"""A suggestion's confidence: the probability that a post-editor would have written it.

The ranking's softmax share says how a candidate compares with the others the ranker saw, not
how often such a candidate is right: on MLQE-PE train a top share of 0.9 matched the post-edit
far less often than 9 times in 10, because the post-editor usually kept the flagged word or
rewrote more than one. ``mtqa fix`` writes what it is told is likely, so the share is mapped to a
probability by a logistic model over what the ranker knows of each candidate, fitted by
``benchmarks/fit_suggestion_confidence.py`` on the suggestions mtqa offered on train segments,
each labelled right when it is the post-edit's word there. The same file holds the two
thresholds chosen on those data: below ``offer_min`` a suggestion is not shown (a wrong
suggestion costs more than none), and ``fix_min`` is ``mtqa fix``'s default
``--min-confidence``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from mtqa.corrections.slot import folded_words_of
from mtqa.lexicon.frequency import similarity, zipf
from mtqa.quality.evidence import logit
from mtqa.text.langid import base_language

FILE = "suggestion-confidence.json"
UNFITTED_FIX_MIN = 0.5
"""``fix``'s threshold when no calibration ships (raw shares): the old default."""
_raw_shares = False
_CANDIDATE_RANGES = {
    "logit_share": (logit(0.0), logit(1.0)),
    "logit_runner_up": (logit(0.0), logit(1.0)),
    "first": (0.0, 1.0),
    "similarity": (0.0, 1.0),
    "in_source": (0.0, 1.0),
    "deletion": (0.0, 1.0),
    "candidate_zipf": (0.0, 8.0),
}
"""The range of each feature that depends on the candidate rather than on the flagged word."""


@dataclass(frozen=True)
class CandidateEvidence:
    """What the ranker knows about one offered candidate."""

    share: float
    """Its softmax share over the original and the candidates."""
    runner_up: float
    """The best share among the other offered candidates (0 when it is alone)."""
    rank: int
    similarity: float
    """Spelling similarity to the flagged word, 0–1."""
    spelling: bool
    """The finding is a spelling fault (look-alikes ranked first)."""
    competes: bool
    """The original word competed with the candidates (False: a source-language word)."""
    in_source: bool
    """The candidate is written in the source (a name or number copied across)."""
    english: bool
    deletion: bool = False
    """The candidate is to delete the word."""
    original_zipf: float = 0.0
    """How common the flagged word is (0: not a word of the target lexicon, so likely wrong)."""
    candidate_zipf: float = 0.0
    original_capitalised: bool = False
    """A name, or a sentence's first word: MT garbles names, and a name's fix must be a near spelling."""
    flag_confidence: float = 0.0
    """The finding's confidence: most flagged words that got a suggestion were left as they were
    by the post-editor, and no ranking of candidates can tell that, only the flag's own evidence."""
    flag_error: bool = False
    p_bad: float = 0.0
    """The head's P(BAD) for the word: a rule's confidence is fixed, the head's varies."""

    def features(self) -> dict[str, float]:
        return {
            "logit_share": logit(self.share),
            "logit_runner_up": logit(self.runner_up),
            "first": float(self.rank == 0),
            "similarity": self.similarity,
            "spelling": float(self.spelling),
            "spelling_similarity": self.similarity * self.spelling,
            "competes": float(self.competes),
            "in_source": float(self.in_source),
            "english": float(self.english),
            "deletion": float(self.deletion),
            "original_zipf": self.original_zipf,
            "candidate_zipf": self.candidate_zipf,
            "original_capitalised": float(self.original_capitalised),
            "logit_flag": logit(self.flag_confidence),
            "flag_error": float(self.flag_error),
            "logit_p_bad": logit(self.p_bad),
        }


@dataclass(frozen=True)
class Slot:
    """What the evidence needs to know of the flagged word and its finding."""

    original: str
    spelling: bool
    competes: bool
    source: str | None
    target_lang: str
    flag_confidence: float
    flag_error: bool
    p_bad: float


def evidence_for(offered: Sequence[tuple[str, float]], slot: Slot) -> list[CandidateEvidence]:
    """The evidence for each offered candidate (text, share), in rank order: at run time and when
    fitting from a dump, so both see the same features."""
    source_words = folded_words_of(slot.source)
    lang = base_language(slot.target_lang)
    original = slot.original
    original_zipf, capitalised = zipf(original, lang), original[:1].isupper()
    out = []
    for rank, (text, share) in enumerate(offered):
        runner_up = max((other for j, (_, other) in enumerate(offered) if j != rank), default=0.0)
        out.append(
            CandidateEvidence(
                share,
                runner_up,
                rank,
                similarity(text, original),
                slot.spelling,
                slot.competes,
                in_source=bool(text) and text.casefold() in source_words,
                english=lang == "en",
                deletion=not text,
                original_zipf=original_zipf,
                candidate_zipf=zipf(text, lang) if text else 0.0,
                original_capitalised=capitalised,
                flag_confidence=slot.flag_confidence,
                flag_error=slot.flag_error,
                p_bad=slot.p_bad,
            )
        )
    return out


@dataclass(frozen=True)
class Calibration:
    version: str
    intercept: float = 0.0
    weights: Mapping[str, float] = field(default_factory=dict)
    offer_min: float = 0.0
    fix_min: float = UNFITTED_FIX_MIN

    @property
    def fitted(self) -> bool:
        return bool(self.weights)

    def confidence(self, evidence: CandidateEvidence) -> float:
        return self.probability(evidence.features()) if self.fitted else evidence.share

    def could_offer(self, slot: Slot) -> bool:
        """Whether any candidate at all could reach ``offer_min`` here: the model is linear, so
        each feature that depends on the candidate is set to whichever end of its range helps
        most. A flag that no candidate could redeem (a weak head flag on a common word) is then
        not corrected at all, and its candidates cost no forward pass."""
        if not self.fitted or self.offer_min <= 0.0:
            return True
        (reference,) = evidence_for([("", 0.5)], slot)
        features = dict(reference.features())
        ranges = dict(_CANDIDATE_RANGES, spelling_similarity=(0.0, 1.0 if slot.spelling else 0.0))
        for name, (low, high) in ranges.items():
            weight = self.weights.get(name, 0.0)
            features[name] = high if weight > 0 else low
        return self.probability(features) >= self.offer_min

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.intercept + sum(weight * features[name] for name, weight in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def _shipped() -> Calibration:
    path = resources.files("mtqa.quality.heads").joinpath(FILE)
    if not path.is_file():
        return Calibration("unfitted")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calibration(data["version"], data["intercept"], data["weights"], data["offer_min"], data["fix_min"])


def calibration() -> Calibration:
    """The shipped calibration, or raw shares once ``use_raw_shares`` was called."""
    return Calibration("raw") if _raw_shares else _shipped()


def use_raw_shares(raw: bool = True) -> None:
    """For fitting: every later suggestion in this process keeps its softmax share, unfiltered."""
    global _raw_shares
    _raw_shares = raw


def fix_default() -> float:
    """``mtqa fix``'s default ``--min-confidence``: where top-1 precision on the fitting data reached the target."""
    return calibration().fix_min
