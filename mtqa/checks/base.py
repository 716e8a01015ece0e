"""What every check is: a class with a stable code, a default severity and a docstring.

Checks see one segment at a time through a CheckContext and yield RawFindings; they never
format text for the screen and never touch files. The engine adds file positions, corrections
and fingerprints, and applies selection and severity overrides.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from mtqa.lexicon.glossary import EMPTY_GLOSSARY, Glossary
from mtqa.lm.base import SegmentScores
from mtqa.quality.features import WordFeatures
from mtqa.quality.head import Bands
from mtqa.text.langid import LanguageMemo
from mtqa.types import Metric, Rule, Segment, Severity, Span


@dataclass(frozen=True)
class RawFinding:
    code: str
    severity: Severity
    start: int | None
    end: int | None
    message: str
    confidence: float
    correctable: bool = False
    """Ask the corrector for suggestions on this span."""
    fix: str | None = None
    """The one right replacement, when a rule knows it (a comma-below letter for a cedilla):
    offered as the top suggestion whether or not the model runs."""


@dataclass(frozen=True)
class MetricThresholds:
    """The MT5xx thresholds from the config (``min-segment-chrf``, ``min-chrf``, ``min-bleu``, ``max-ter``)."""

    min_segment_chrf: float | None = None
    min_chrf: float | None = None
    min_bleu: float | None = None
    max_ter: float | None = None


@dataclass(frozen=True)
class CheckContext:
    segment: Segment
    spans: tuple[Span, ...]
    target_lang: str
    source_lang: str | None
    scores: SegmentScores | None
    features: WordFeatures | None
    p_bad: np.ndarray
    threshold: float
    bands: Bands
    allowed_terms: frozenset[str] = frozenset()
    """Glossary terms, lower-cased: never flagged by lexical or language checks."""
    metrics: Mapping[str, Metric | None] = field(default_factory=dict)
    """The segment's reference metrics (chrF), empty without a reference."""
    document_metrics: Mapping[str, Metric | None] | None = None
    """The document's BLEU/chrF/TER, given to its first segment only (document findings go there)."""
    thresholds: MetricThresholds = MetricThresholds()
    source_is_whole: bool = True
    """False for a sentence that shares its source line with other sentences: whole-string
    comparisons with the source (missing numbers, length, end punctuation) don't apply to it."""
    fluency: float | None = None
    min_segment_fluency: float | None = None
    glossary: Glossary = EMPTY_GLOSSARY
    """The run's glossary: required source → target terms for MT110."""
    scored_words: int | None = None
    """Set when the segment was too long for the LM to read whole: how many of its first words
    it read. ``scores``, ``features`` and ``p_bad`` then cover only those words."""
    max_segment_words: int = 1_000
    calibrated_target: bool = True
    """Whether the quality head was calibrated on this target language. Learned findings
    (MT401, MT302) may reach error only where it was; elsewhere they are capped."""
    languages: LanguageMemo = field(default_factory=LanguageMemo)
    """The check stage's langdetect answers, shared by its segments (and filled from the cache)."""

    @property
    def text(self) -> str:
        return self.segment.text

    def word(self, index: int) -> str:
        span = self.spans[index]
        return self.segment.text[span.start : span.end]

    def is_allowed(self, word: str) -> bool:
        return word.lower() in self.allowed_terms


class Check(ABC):
    """A family member with a stable code. The docstring is what ``mtqa explain`` prints."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    family: ClassVar[str]
    """The SARIF tag of the check's family (``source-surface``, ``language-model``…)."""
    precision: ClassVar[str]
    """SARIF's precision property: how often a finding of this check is right, in words."""
    needs_model: ClassVar[bool] = False
    generic: ClassVar[bool] = False
    """A catch-all flag (MT401) that gives way to any specific finding on the same word."""
    corrects_from_source: ClassVar[bool] = True
    """Whether corrections may read the source (through the source-conditioned pass)."""
    original_is_foreign: ClassVar[bool] = False
    """The flagged word is in the source's language (MT2xx: "Poutine" from a French source), so
    the source-conditioned model's liking for it is copying, no evidence that it is right: its
    candidates compete among themselves, not with it."""
    suggestion_similarity: ClassVar[float] = 0.6
    """How close to the flagged spelling a suggestion must be; 0 where the word may be wrong in
    meaning, not spelling (MT4xx), so any word the model prefers may replace it."""

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else cls.name

    @classmethod
    def explanation(cls) -> str:
        return inspect.getdoc(cls) or cls.summary()

    @classmethod
    def rule(cls) -> Rule:
        return Rule(cls.code, cls.name, cls.summary(), cls.explanation(), cls.severity, cls.family, cls.precision)

    @abstractmethod
    def run(self, ctx: CheckContext) -> Iterator[RawFinding]: ...

    def finding(
        self,
        start: int | None,
        end: int | None,
        message: str,
        confidence: float,
        *,
        severity: Severity | None = None,
        correctable: bool = False,
        fix: str | None = None,
    ) -> RawFinding:
        return RawFinding(self.code, severity or self.severity, start, end, message, round(confidence, 3), correctable, fix)
