"""Runs the pipeline — plan, score, check, correct, assemble, gate — and builds the Report.

Data flows one way: documents in, one immutable Report out. Each stage is its own module
(plan, score, checking, correcting, assemble; the gate is mtqa.ci.gate); the engine only
composes them. The scorer is created lazily and only when a segment needs it, so rule-only work
and ``--help`` never import torch. The segments of all documents are taken together in blocks
of ``CHECK_BLOCK``: batches stay full across small files, and a block's LM scores are dropped
once its results are built, so memory does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mtqa import __version__
from mtqa.checks import ALL_CHECKS
from mtqa.ci.baseline import Baseline, BaselineEntry, apply_baseline, load_baseline, stale_note
from mtqa.ci.fingerprint import FingerprintCounter
from mtqa.config.model import Config
from mtqa.config.selection import is_selected
from mtqa.lexicon.frequency_index import frequency_session
from mtqa.lexicon.glossary import EMPTY_GLOSSARY, Glossary, load_glossary
from mtqa.lm.base import Scorer
from mtqa.lm.prompt import PROMPT_VERSION
from mtqa.pipeline import assemble
from mtqa.pipeline.checking import Checking, drop_allowed
from mtqa.pipeline.correcting import corrections
from mtqa.pipeline.deadline import FileClock
from mtqa.pipeline.inputs import read_inputs
from mtqa.pipeline.memory import release_free_memory
from mtqa.pipeline.plan import Prepared, known_language, plan, prepare, scored_prefix, uses_model
from mtqa.pipeline.score import Progress, ProgressCounter, Scoring, SegmentAnalysis
from mtqa.quality.metrics import sacrebleu_version
from mtqa.quality.shipped import QualityModels
from mtqa.text.langid import LanguageMemo, base_language
from mtqa.types import Document, DocumentResult, Report, SegmentResult

__all__ = ["CHECK_BLOCK", "Engine", "Progress", "SegmentAnalysis", "drop_allowed", "read_inputs", "scored_prefix"]

CHECK_BLOCK = 1024
"""Segments taken through scoring, checks and corrections together. Each block's LM scores are
dropped once its results are built, so a run's memory does not grow with every segment's
per-word alternatives (about 40 MB per 1,000 segments). A multiple of the score stage's
SCORE_CHUNK keeps the LM's batches full."""


class Engine:
    """One configured checker. Reuse it to keep the model loaded between calls."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        scorer: Scorer | None = None,
        scorer_factory: Callable[[Config], Scorer] | None = None,
        progress: Progress | None = None,
        clock: FileClock | None = None,
    ) -> None:
        self.config = config or Config()
        self._clock = clock or FileClock(self.config.timeout)
        self._scorer = scorer
        self._scorer_factory = scorer_factory or _load_scorer
        self._progress = progress
        self._models = QualityModels.builtin()
        self._calibrated_targets = self._models.calibrated_targets
        checks = [
            check()
            for check in ALL_CHECKS
            if is_selected(check.code, self.config.select, self.config.ignore, self.config.extend_select)
            and not (self.config.fast and check.needs_model)
        ]
        self.uses_model = uses_model(self.config, checks)
        """False for a rules-only run: no segment is scored and the report carries no fluency
        or P(BAD). The model then loads only to rank suggestions for a correctable finding
        (a non-word), and never with ``--fast``, which asks for none."""
        # Read both files up front: a bad glossary or baseline should fail before the model loads.
        glossary = load_glossary(self.config.glossary) if self.config.glossary else EMPTY_GLOSSARY
        self._glossary: Glossary = glossary.with_terms(self.config.allowed_terms)
        self._baseline: Baseline | None = load_baseline(self.config.baseline) if self.config.baseline else None
        self._scoring = Scoring(lambda: self.scorer, self._models, self._clock)
        self._languages = LanguageMemo()
        """langdetect's answers, for the document languages and MT202, kept while the engine lives."""
        self._checking = Checking(self.config, checks, self._glossary, self._clock, self.calibrated, self._languages)

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = self._scorer_factory(self.config)
        return self._scorer

    def signature(self) -> str:
        """What produced the numbers. A run with nothing to score never loads the model."""
        if self._scorer is not None:
            model = self._scorer.signature
        else:
            model = f"model:{self.config.model}|dtype:{self.config.dtype}|prompt:{PROMPT_VERSION}|not-loaded"
        context = f"|context:{self.config.context_words}w" if self.config.context_words else ""
        return f"mtqa:{__version__}|{model}{context}|{self._models.signature}|sacrebleu:{sacrebleu_version()}"

    def calibrated(self, target_lang: str) -> bool:
        """Whether the quality head was calibrated on this target language."""
        return base_language(target_lang) in self._calibrated_targets

    # ---- the pipeline -----------------------------------------------------------------------

    def check(self, documents: Sequence[Document], notes: Sequence[str] = ()) -> Report:
        with frequency_session():
            return self._check(documents, notes)

    def _check(self, documents: Sequence[Document], notes: Sequence[str]) -> Report:
        prepared = self._prepare_all(documents)
        plans = plan(prepared, self.config, self.uses_model)
        progress = ProgressCounter(self._progress, plans)
        per_doc: dict[int, list[SegmentResult]] = {i: [] for i in range(len(prepared))}
        counters = {i: FingerprintCounter(item.document.path) for i, item in enumerate(prepared)}
        suggesting = self.config.suggest and not self.config.fast
        fluent = [self.uses_model and known_language(item.target_lang) for item in prepared]
        for start in range(0, len(plans), CHECK_BLOCK):
            block = plans[start : start + CHECK_BLOCK]
            scored = self._scoring.run(prepared, block, progress)
            # The scorer, and the cache it carries, exists only once scoring has run.
            pending = self._checking.run_block(prepared, block, scored, self._scorer.cache if self._scorer else None)
            suggestions = corrections(prepared, scored, pending, lambda: self.scorer, self._clock) if suggesting else {}
            for cursor, ((doc_index, seg_index, raw), state) in enumerate(zip(pending, scored)):
                item = prepared[doc_index]
                segment = item.document.segments[seg_index]
                found = assemble.findings(segment, raw, suggestions.get(cursor, {}), counters[doc_index])
                metrics = item.segment_metrics[seg_index]
                with_source = state.scores is not None and state.scores.conditioned is not None
                evidence = self._models.evidence[with_source]
                per_doc[doc_index].append(
                    assemble.segment_result(
                        segment, item.spans[seg_index], state, found, metrics, self.uses_model, fluent[doc_index], evidence
                    )
                )
            # The block's LM scores and features (about 40 kB a segment) are not kept: the
            # results above hold everything the reports need.
            del scored, pending, suggestions
            release_free_memory()
        results = [assemble.document_result(item, per_doc[i]) for i, item in enumerate(prepared)]
        read_notes = [note for item in prepared for note in item.document.notes]
        notes = (*notes, *read_notes, *self._calibration_notes(prepared), *self._unknown_language_notes(prepared))
        results, notes, suppressed = self._apply_baseline(results, notes)
        report = assemble.report(__version__, self.signature(), results, notes, suppressed)
        from mtqa.ci.gate import apply_gate

        return apply_gate(report, self.config)

    def analyse(self, documents: Sequence[Document]) -> list[SegmentAnalysis]:
        """LM scores, features, P(BAD) and fluency of every segment, in document order.

        Training and benchmark scripts use this to see exactly the features the checks see.
        """
        prepared = [prepare(doc, self.config, self._languages) for doc in documents]
        plans = plan(prepared, self.config, self.uses_model)
        with frequency_session():
            return self._scoring.run(prepared, plans, ProgressCounter(self._progress, plans))

    def _prepare_all(self, documents: Sequence[Document]) -> list[Prepared]:
        prepared = []
        for doc in documents:
            with self._clock.timing(doc.path, "segmenting"):
                prepared.append(prepare(doc, self.config, self._languages))
        return prepared

    def _calibration_notes(self, prepared: Sequence[Prepared]) -> list[str]:
        if not self.uses_model:
            return []
        uncalibrated = sorted({base_language(p.target_lang) for p in prepared if not self.calibrated(p.target_lang)})
        if not uncalibrated:
            return []
        known = ", ".join(sorted(self._calibrated_targets))
        return [
            f"target language {', '.join(uncalibrated)}: the quality head is calibrated on {known} targets only, "
            "so MT401 findings are info and MT302 at most a warning there (P(bad) is still reported)"
        ]

    def _unknown_language_notes(self, prepared: Sequence[Prepared]) -> list[str]:
        unknown = sorted({p.target_lang for p in prepared if self.uses_model and not known_language(p.target_lang)})
        return [
            f"target language {lang}: not a language mtqa knows, so no fluency is given and --min-fluency "
            "cannot judge it (word P(bad) and the rule checks still run)"
            for lang in unknown
        ]

    def _apply_baseline(
        self, results: list[DocumentResult], notes: Sequence[str]
    ) -> tuple[list[DocumentResult], Sequence[str], int]:
        if self._baseline is None:
            return results, notes, 0
        checked = {document.path for document in results}

        def judged(entry: BaselineEntry) -> bool:
            return entry.path in checked and any(c.code == entry.code for c in self._checking.checks_for(entry.path))

        applied = apply_baseline(results, self._baseline, judged)
        if applied.stale:
            notes = (*notes, stale_note(applied.stale))
        return list(applied.documents), notes, applied.suppressed


def _load_scorer(config: Config) -> Scorer:
    if config.cache:
        from mtqa.lm.caching import caching_scorer

        return caching_scorer(config.model, config.dtype)
    from mtqa.lm.load import load_transformers

    return load_transformers(config.model, config.dtype)
