"""Scoring: LM passes, word features, the head's P(BAD) and sentence fluency for each segment.

The scorer is asked for lazily (``scorer()``), so a block with nothing to read never loads it.
Batches of ``SCORE_CHUNK`` mix segments of several files; each file is charged its share of a
batch's time towards ``--timeout``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mtqa.lm.base import Scorer, SegmentScores
from mtqa.pipeline.deadline import FileClock
from mtqa.pipeline.memory import release_free_memory
from mtqa.pipeline.plan import Planned, Prepared
from mtqa.quality.features import WordFeatures, compute
from mtqa.quality.fluency import aggregates, word_aggregates
from mtqa.quality.head import UNCALIBRATED, Calibration, Head
from mtqa.quality.shipped import QualityModels
from mtqa.text.langid import base_language
from mtqa.types import Span

SCORE_CHUNK = 64
Progress = Callable[[int, int], None]
"""Called with (segments scored so far, total) while the LM works."""


class ProgressCounter:
    """Counts scored segments across blocks, so the callback sees one total for the whole run."""

    def __init__(self, callback: Progress | None, plans: Sequence[Planned]) -> None:
        self._callback = callback
        self._total = sum(plan.request is not None for plan in plans)
        self._done = 0

    def advance(self, count: int) -> None:
        self._done += count
        if self._callback:
            self._callback(self._done, self._total)


@dataclass(frozen=True)
class SegmentAnalysis:
    """What the model layer and the head made of one segment, before any check runs."""

    scores: SegmentScores | None
    features: WordFeatures | None
    p_bad: np.ndarray
    fluency: float
    calibration: Calibration
    """The head's calibration for this segment's language: threshold and severity bands."""
    score_text: str = ""
    score_spans: tuple[Span, ...] = ()
    """The text and word spans the LM read (detokenized for tagged data)."""
    scored_words: int | None = None
    """Set when the segment was too long to score whole: how many of its first words the LM
    read (``scores`` and ``features`` cover only those; ``p_bad`` is 0 after them)."""


Computed = tuple[SegmentScores, WordFeatures] | None


class Scoring:
    """The score stage of one Engine: its heads, fluency maps and clock, and a lazy scorer."""

    def __init__(
        self,
        scorer: Callable[[], Scorer],
        models: QualityModels,
        clock: FileClock,
    ) -> None:
        self._scorer = scorer
        self._models = models
        self._clock = clock

    def run(self, prepared: Sequence[Prepared], plans: Sequence[Planned], progress: ProgressCounter) -> list[SegmentAnalysis]:
        requests = [plan.request for plan in plans]
        scores = self._lm_scores(prepared, plans, progress)
        meta = []
        for plan in plans:
            item = prepared[plan.doc_index]
            meta.append((item, item.document.segments[plan.seg_index], item.spans[plan.seg_index]))
        iterator = iter(scores)
        computed: list[Computed] = []
        for request, (item, segment, _) in zip(requests, meta):
            if request is None:
                computed.append(None)
                continue
            segment_scores = next(iterator)
            features = compute(request.text, request.words, segment_scores, item.target_lang, segment.source, item.source_lang)
            computed.append((segment_scores, features))
        languages = [head_language(item, entry) for (item, _, _), entry in zip(meta, computed)]
        targets = [item.target_lang for item, _, _ in meta]
        p_bads = self._p_bad_batched(computed, languages, targets)
        out: list[SegmentAnalysis] = []
        capped = [plan.scored_words for plan in plans]
        for request, (item, _, spans), entry, p_bad, language, keep in zip(requests, meta, computed, p_bads, languages, capped):
            if request is None or entry is None:
                out.append(SegmentAnalysis(None, None, np.zeros(len(spans)), 0.0, UNCALIBRATED, scored_words=keep))
                continue
            segment_scores, features = entry
            with_source = segment_scores.conditioned is not None
            calibration = self._models.head(with_source, item.target_lang).calibration_for(language)
            values = aggregates(segment_scores, p_bad, calibration.threshold, len(request.words)) | word_aggregates(features)
            fluency = self._models.fluency_for(with_source, item.target_lang).predict(values, language)
            if keep is not None:  # words the LM did not read have no evidence against them
                p_bad = np.concatenate([p_bad, np.zeros(len(spans) - len(p_bad))])
            out.append(SegmentAnalysis(segment_scores, features, p_bad, fluency, calibration, request.text, request.words, keep))
        return out

    def _lm_scores(
        self, prepared: Sequence[Prepared], plans: Sequence[Planned], progress: ProgressCounter
    ) -> list[SegmentScores]:
        owners = [prepared[plan.doc_index].document.path for plan in plans if plan.request is not None]
        live = [plan.request for plan in plans if plan.request is not None]
        scores: list[SegmentScores] = []
        if not live:
            return scores
        scorer = self._scorer()
        for start in range(0, len(live), SCORE_CHUNK):
            chunk = live[start : start + SCORE_CHUNK]
            shares: dict[str, float] = {}
            for owner, job in zip(owners[start : start + SCORE_CHUNK], chunk):
                shares[owner] = shares.get(owner, 0.0) + len(job.words) + 1
            with self._clock.model_work(scorer, shares, "scoring"):
                scores.extend(scorer.score(chunk))
                release_free_memory()
            progress.advance(len(chunk))
        return scores

    def _p_bad_batched(
        self, computed: Sequence[Computed], languages: Sequence[str | None], targets: Sequence[str]
    ) -> list[np.ndarray]:
        """P(BAD) for every segment, one head call per head and language: tree heads are slow per call."""
        out: list[np.ndarray] = [np.zeros(0) for _ in computed]
        groups: dict[tuple[int, str | None], list[int]] = {}
        heads: dict[int, Head] = {}
        for index, (entry, language, target) in enumerate(zip(computed, languages, targets)):
            if entry is not None:
                head = self._models.head(entry[0].conditioned is not None, target)
                heads[id(head)] = head
                groups.setdefault((id(head), language), []).append(index)
        for (head_id, language), chosen in groups.items():
            head = heads[head_id]
            blocks = [computed[i][1] for i in chosen]  # type: ignore[index]
            stacked = WordFeatures(blocks[0].names, np.concatenate([b.matrix for b in blocks]))
            probabilities = head.p_bad(stacked, language)
            offset = 0
            for index, block in zip(chosen, blocks):
                size = block.matrix.shape[0]
                out[index] = probabilities[offset : offset + size]
                offset += size
        return out


def head_language(item: Prepared, entry: Computed) -> str | None:
    """The language whose calibration applies: the source's, when the segment has one."""
    if entry is None or entry[0].conditioned is None or not item.source_lang:
        return None
    return base_language(item.source_lang)
