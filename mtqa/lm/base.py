"""What the rest of mtqa may know about a language model: the Scorer protocol and its results.

Checks, corrections and fluency read only these records, so any causal LM (a built-in alias, a
hub id, a local folder, or a tiny random model in tests) plugs in behind the same interface.
Log-probabilities are natural logs; surprisal is their negation, in nats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from mtqa.types import Span

if TYPE_CHECKING:
    from mtqa.lm.cache import ScoreCache


@dataclass(frozen=True)
class ScoreRequest:
    """One segment to score: its text, its word spans, and the source to condition on."""

    text: str
    words: tuple[Span, ...]
    source: str | None = None
    source_lang: str | None = None
    target_lang: str = "en"
    context: str = ""
    """Preceding text of the same document that the target-only pass reads first (see
    ``mtqa.pipeline.plan.document_contexts``); its words are not scored."""


@dataclass(frozen=True)
class WordScores:
    """The LM's view of one word, aggregated over the sub-word tokens that overlap it."""

    surprisal: float
    """Sum of token surprisals: how unlikely the whole word was."""
    surprisal_max: float
    surprisal_first: float
    """The first token carries the choice of word; later tokens are mostly spelling."""
    rank_first: int
    """How many vocabulary entries the LM preferred over the first token (0 = top choice)."""
    entropy: float
    """Predictive entropy before the word: high means many words would fit."""
    n_tokens: int
    alternatives: tuple[tuple[str, float], ...]
    """The LM's top tokens at the word's first position, as (text, log-prob); correction
    candidates come from them."""


@dataclass(frozen=True)
class PassScores:
    """One forward pass over a segment (target-only or source-conditioned)."""

    words: tuple[WordScores, ...]
    token_surprisals: tuple[float, ...]
    """Every target token, punctuation included: sentence-level scores use them."""


@dataclass(frozen=True)
class SegmentScores:
    target: PassScores
    conditioned: PassScores | None
    """None when the segment has no source."""


@dataclass(frozen=True)
class Continuation:
    """A text to score after a shared prefix, for ranking corrections."""

    prefix: str
    text: str
    source: str | None = None
    source_lang: str | None = None
    target_lang: str = "en"


class Scorer(Protocol):
    """The model layer's contract. ``signature`` names everything that changes the numbers."""

    @property
    def signature(self) -> str: ...

    @property
    def conditions_on_source(self) -> bool:
        """False for English-only models, whose source-conditioned pass would be noise."""
        ...

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory: the batch that loads them is not charged to a file."""
        ...

    @property
    def cache(self) -> ScoreCache | None:
        """The score cache behind the scorer, which also keeps langdetect's answers; None without one."""
        ...

    def score(self, requests: Sequence[ScoreRequest]) -> list[SegmentScores]:
        """Score each request with a fixed number of passes (one, or two with a source)."""
        ...

    def score_continuations(self, items: Sequence[Continuation]) -> list[float]:
        """Total log-prob of each ``text`` given its ``prefix``; used to rank corrections."""
        ...
