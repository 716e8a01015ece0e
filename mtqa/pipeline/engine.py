"""Runs the pipeline — read, score, check, correct, score fluency, gate — and builds the Report.

Data flows one way: documents in, one immutable Report out. The scorer is created lazily and
only when a segment needs it, so rule-only work and ``--help`` never import torch. The segments
of all documents are taken together in blocks of ``CHECK_BLOCK``: batches stay full across small
files, and a block's LM scores are dropped once its results are built, so memory does not grow
with the corpus.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from mtqa import __version__
from mtqa.checks import ALL_CHECKS, Check, CheckContext, RawFinding
from mtqa.checks.base import MetricThresholds
from mtqa.checks.integrity import CHARS_PER_WORD
from mtqa.ci.baseline import Baseline, BaselineEntry, apply_baseline, load_baseline, stale_note
from mtqa.ci.fingerprint import FingerprintCounter, context_window
from mtqa.config.model import Config
from mtqa.config.selection import ignored_for, is_selected
from mtqa.corrections.suggest import CorrectionRequest, suggest
from mtqa.errors import UsageError
from mtqa.lexicon.glossary import EMPTY_GLOSSARY, Glossary, load_glossary
from mtqa.lm.base import Scorer, ScoreRequest, SegmentScores
from mtqa.lm.prompt import PROMPT_VERSION
from mtqa.pipeline.deadline import FileClock
from mtqa.pipeline.language_cache import languages_from_cache
from mtqa.pipeline.memory import release_free_memory
from mtqa.quality.features import WordFeatures, compute
from mtqa.quality.fluency import FluencyModel, aggregates, builtin_fluency, document_fluency, word_aggregates
from mtqa.quality.head import UNCALIBRATED, Calibration, builtin_head
from mtqa.quality.metrics import corpus_metrics, sacrebleu_version, segment_chrf
from mtqa.readers import expand_paths, read_document
from mtqa.storage.paths import relative_path
from mtqa.text.detok import detokenize
from mtqa.text.langid import base_language, detect_document_language
from mtqa.text.wordspans import document_word_spans
from mtqa.types import (
    Document,
    DocumentResult,
    Finding,
    Metric,
    Report,
    Segment,
    SegmentResult,
    Severity,
    Span,
    Suggestion,
    Summary,
    Word,
)

SCORE_CHUNK = 64
CHECK_BLOCK = 1024
"""Segments taken through scoring, checks and corrections together. Each block's LM scores are
dropped once its results are built, so a run's memory does not grow with every segment's
per-word alternatives (about 40 MB per 1,000 segments). A multiple of SCORE_CHUNK keeps the
LM's batches full."""
SuggestionsBySpan = dict[tuple[int, int], tuple[Suggestion, ...]]
Progress = Callable[[int, int], None]
"""Called with (segments scored so far, total) while the LM works."""


@dataclass(frozen=True)
class _Prepared:
    document: Document
    target_lang: str
    source_lang: str | None
    spans: tuple[tuple[Span, ...], ...]
    metrics: dict[str, Metric | None] = field(default_factory=dict)
    """Document BLEU/chrF/TER, computed before the checks so MT5xx can see them."""
    segment_metrics: tuple[dict[str, Metric | None], ...] = ()
    whole_source: frozenset[int] = frozenset()
    """Positions of segments that are the whole of their source unit (see ``whole_source_units``)."""


@dataclass(frozen=True)
class _Planned:
    """One segment's place and what the LM reads of it: no request when there is nothing to read."""

    doc_index: int
    seg_index: int
    request: ScoreRequest | None
    scored_words: int | None
    """See ``scored_prefix``: None when the LM reads the whole segment."""


class _ProgressCounter:
    """Counts scored segments across blocks, so the callback sees one total for the whole run."""

    def __init__(self, callback: Progress | None, plans: Sequence[_Planned]) -> None:
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
        self._heads = {True: builtin_head(True), False: builtin_head(False)}
        self._calibrated_targets = frozenset(lang for head in self._heads.values() for lang in head.target_languages)
        self._fluency: dict[bool, FluencyModel] = {True: builtin_fluency(True), False: builtin_fluency(False)}
        self._checks = [
            check()
            for check in ALL_CHECKS
            if is_selected(check.code, self.config.select, self.config.ignore, self.config.extend_select)
            and not (self.config.fast and check.needs_model)
        ]
        self.uses_model = uses_model(self.config, self._checks)
        """False for a rules-only run: no segment is scored and the report carries no fluency
        or P(BAD). The model then loads only to rank suggestions for a correctable finding
        (a non-word), and never with ``--fast``, which asks for none."""
        # Read both files up front: a bad glossary or baseline should fail before the model loads.
        glossary = load_glossary(self.config.glossary) if self.config.glossary else EMPTY_GLOSSARY
        self._glossary: Glossary = glossary.with_terms(self.config.allowed_terms)
        self._baseline: Baseline | None = load_baseline(self.config.baseline) if self.config.baseline else None
        self._checks_by_path: dict[str, list[Check]] = {}
        self._thresholds = MetricThresholds(
            min_segment_chrf=self.config.min_segment_chrf,
            min_chrf=self.config.min_chrf,
            min_bleu=self.config.min_bleu,
            max_ter=self.config.max_ter,
        )

    @property
    def scorer(self) -> Scorer:
        if self._scorer is None:
            self._scorer = self._scorer_factory(self.config)
        return self._scorer

    def signature(self) -> str:
        """What produced the numbers. A run with nothing to score never loads the model."""
        heads = ",".join(dict.fromkeys(h.signature for h in self._heads.values()))
        fluency = ",".join(dict.fromkeys(f.signature for f in self._fluency.values()))
        if self._scorer is not None:
            model = self._scorer.signature
        else:
            model = f"model:{self.config.model}|dtype:{self.config.dtype}|prompt:{PROMPT_VERSION}|not-loaded"
        return f"mtqa:{__version__}|{model}|head:{heads}|fluency:{fluency}|sacrebleu:{sacrebleu_version()}"

    # ---- the pipeline -----------------------------------------------------------------------

    def check(self, documents: Sequence[Document], notes: Sequence[str] = ()) -> Report:
        prepared = []
        for doc in documents:
            with self._clock.timing(doc.path, "segmenting"):
                prepared.append(self._prepare(doc))
        plans = self._plan(prepared)
        progress = _ProgressCounter(self._progress, plans)
        per_doc: dict[int, list[SegmentResult]] = {i: [] for i in range(len(prepared))}
        counters = {i: FingerprintCounter(item.document.path) for i, item in enumerate(prepared)}
        for start in range(0, len(plans), CHECK_BLOCK):
            block = plans[start : start + CHECK_BLOCK]
            scored = self._score(prepared, block, progress)
            pending = self._run_block_checks(prepared, block, scored)
            suggestions = self._corrections(prepared, scored, pending)
            for cursor, ((doc_index, seg_index, raw), state) in enumerate(zip(pending, scored)):
                item = prepared[doc_index]
                segment = item.document.segments[seg_index]
                findings = self._findings(segment, raw, suggestions.get(cursor, {}), counters[doc_index])
                metrics = item.segment_metrics[seg_index]
                per_doc[doc_index].append(self._segment_result(segment, item.spans[seg_index], state, findings, metrics))
            # The block's LM scores and features (about 40 kB a segment) are not kept: the
            # results above hold everything the reports need.
            del scored, pending, suggestions
            release_free_memory()
        results = [self._document_result(item, per_doc[i]) for i, item in enumerate(prepared)]
        notes = (*notes, *self._calibration_notes(prepared))
        results, notes, suppressed = self._apply_baseline(results, notes)
        return self._report(results, notes, suppressed)

    def calibrated(self, target_lang: str) -> bool:
        """Whether the quality head was calibrated on this target language."""
        return base_language(target_lang) in self._calibrated_targets

    def _calibration_notes(self, prepared: Sequence[_Prepared]) -> list[str]:
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

    def _run_block_checks(
        self, prepared: Sequence[_Prepared], block: Sequence[_Planned], scored: Sequence[SegmentAnalysis]
    ) -> list[tuple[int, int, list[RawFinding]]]:
        pending = []
        texts = [prepared[plan.doc_index].document.segments[plan.seg_index].text for plan in block]
        # Looked up after scoring: only then is the scorer, and the cache it carries, loaded.
        with languages_from_cache(texts, getattr(self._scorer, "cache", None)):
            for plan, state in zip(block, scored):
                item = prepared[plan.doc_index]
                segment = item.document.segments[plan.seg_index]
                with self._clock.timing(item.document.path, "running checks"):
                    raw = self._run_checks(segment, item, item.spans[plan.seg_index], state, plan.seg_index)
                pending.append((plan.doc_index, plan.seg_index, raw))
        return pending

    def _checks_for(self, path: str) -> list[Check]:
        """The checks that run on one file: the global selection minus the file's per-file ignores.

        Per-file ignores win over ``select`` whatever the prefix lengths, as in ruff: naming the
        files is the more specific statement. (Weighing them by prefix length, as flake8 does,
        would let ``select = ["MT303"]`` silently defeat a per-file ``MT303``.)
        """
        if path not in self._checks_by_path:
            extra = ignored_for(path, self.config.per_file_ignores)
            kept = [c for c in self._checks if not any(c.code.startswith(prefix) for prefix in extra)]
            self._checks_by_path[path] = kept
        return self._checks_by_path[path]

    def _apply_baseline(
        self, results: list[DocumentResult], notes: Sequence[str]
    ) -> tuple[list[DocumentResult], Sequence[str], int]:
        if self._baseline is None:
            return results, notes, 0
        checked = {document.path for document in results}

        def judged(entry: BaselineEntry) -> bool:
            return entry.path in checked and any(c.code == entry.code for c in self._checks_for(entry.path))

        applied = apply_baseline(results, self._baseline, judged)
        if applied.stale:
            notes = (*notes, stale_note(applied.stale))
        return list(applied.documents), notes, applied.suppressed

    def analyse(self, documents: Sequence[Document]) -> list[SegmentAnalysis]:
        """LM scores, features, P(BAD) and fluency of every segment, in document order.

        Training and benchmark scripts use this to see exactly the features the checks see.
        """
        prepared = [self._prepare(doc) for doc in documents]
        plans = self._plan(prepared)
        return self._score(prepared, plans, _ProgressCounter(self._progress, plans))

    def _prepare(self, document: Document) -> _Prepared:
        texts = [s.text for s in document.segments]
        # A language the file declares (XLIFF, a PO header) beats guessing from a few strings.
        declared_target = base_language(document.target_lang) if document.target_lang else None
        declared_source = base_language(document.source_lang) if document.source_lang else None
        target_lang = self.config.lang or declared_target or detect_document_language(texts)
        sources = [s.source for s in document.segments if s.source]
        source_lang = (
            self.config.source_lang
            or declared_source
            or (detect_document_language(sources, default="") or None if sources else None)
        )
        spans = document_word_spans(document, target_lang, self.config.max_words)
        segments = document.segments
        metrics = corpus_metrics([s.text for s in segments], [s.reference for s in segments])
        per_segment = tuple(segment_chrf(s.text, s.reference) for s in segments)
        return _Prepared(document, target_lang, source_lang, spans, metrics, per_segment, whole_source_units(document))

    def _plan(self, prepared: Sequence[_Prepared]) -> list[_Planned]:
        """What the LM reads of every segment, in document order."""
        plans: list[_Planned] = []
        for doc_index, item in enumerate(prepared):
            for seg_index, (segment, spans) in enumerate(zip(item.document.segments, item.spans)):
                if not segment.text.strip() or not self.uses_model:
                    plans.append(_Planned(doc_index, seg_index, None, None))
                    continue
                text, score_spans = scoring_view(segment, spans)
                keep = scored_prefix(text, score_spans, self.config.max_segment_words)
                if keep is not None:
                    text = text[: score_spans[keep - 1].end] if keep else ""
                    score_spans = score_spans[:keep]
                request = None
                if text.strip():
                    request = ScoreRequest(text, score_spans, segment.source, item.source_lang, item.target_lang)
                plans.append(_Planned(doc_index, seg_index, request, keep))
        return plans

    def _score(
        self, prepared: Sequence[_Prepared], plans: Sequence[_Planned], progress: _ProgressCounter
    ) -> list[SegmentAnalysis]:
        requests = [plan.request for plan in plans]
        owners = [prepared[plan.doc_index].document.path for plan in plans if plan.request is not None]
        capped = [plan.scored_words for plan in plans]
        live = [r for r in requests if r is not None]
        scores: list[SegmentScores] = []
        if live:
            scorer = self.scorer
            for start in range(0, len(live), SCORE_CHUNK):
                chunk = live[start : start + SCORE_CHUNK]
                loaded = getattr(scorer, "loaded", True)
                began = time.monotonic()
                scores.extend(scorer.score(chunk))
                release_free_memory()
                if loaded or not getattr(scorer, "loaded", True):  # the batch that loads the model is not counted
                    shares: dict[str, float] = {}
                    for owner, job in zip(owners[start : start + SCORE_CHUNK], chunk):
                        shares[owner] = shares.get(owner, 0.0) + len(job.words) + 1
                    self._clock.charge(shares, time.monotonic() - began, "scoring")
                progress.advance(len(chunk))
        meta = []
        for plan in plans:
            item = prepared[plan.doc_index]
            meta.append((item, item.document.segments[plan.seg_index], item.spans[plan.seg_index]))
        iterator = iter(scores)
        computed: list[tuple[SegmentScores, WordFeatures] | None] = []
        for request, (item, segment, _) in zip(requests, meta):
            if request is None:
                computed.append(None)
                continue
            segment_scores = next(iterator)
            features = compute(request.text, request.words, segment_scores, item.target_lang, segment.source, item.source_lang)
            computed.append((segment_scores, features))
        languages = [self._head_language(item, entry) for (item, _, _), entry in zip(meta, computed)]
        p_bads = self._p_bad_batched(computed, languages)
        out: list[SegmentAnalysis] = []
        for request, (_, _, spans), entry, p_bad, language, keep in zip(requests, meta, computed, p_bads, languages, capped):
            if request is None or entry is None:
                out.append(SegmentAnalysis(None, None, np.zeros(len(spans)), 0.0, UNCALIBRATED, scored_words=keep))
                continue
            segment_scores, features = entry
            with_source = segment_scores.conditioned is not None
            calibration = self._heads[with_source].calibration_for(language)
            values = aggregates(segment_scores, p_bad, calibration.threshold, len(request.words)) | word_aggregates(features)
            fluency = self._fluency[with_source].predict(values, language)
            if keep is not None:  # words the LM did not read have no evidence against them
                p_bad = np.concatenate([p_bad, np.zeros(len(spans) - len(p_bad))])
            out.append(SegmentAnalysis(segment_scores, features, p_bad, fluency, calibration, request.text, request.words, keep))
        return out

    @staticmethod
    def _head_language(item: _Prepared, entry: tuple[SegmentScores, WordFeatures] | None) -> str | None:
        """The language whose calibration applies: the source's, when the segment has one."""
        if entry is None or entry[0].conditioned is None or not item.source_lang:
            return None
        return base_language(item.source_lang)

    def _p_bad_batched(
        self, computed: Sequence[tuple[SegmentScores, WordFeatures] | None], languages: Sequence[str | None]
    ) -> list[np.ndarray]:
        """P(BAD) for every segment, one head call per head and language: tree heads are slow per call."""
        out: list[np.ndarray] = [np.zeros(0) for _ in computed]
        groups: dict[tuple[bool, str | None], list[int]] = {}
        for index, (entry, language) in enumerate(zip(computed, languages)):
            if entry is not None:
                groups.setdefault((entry[0].conditioned is not None, language), []).append(index)
        for (with_source, language), chosen in groups.items():
            blocks = [computed[i][1] for i in chosen]  # type: ignore[index]
            stacked = WordFeatures(blocks[0].names, np.concatenate([b.matrix for b in blocks]))
            probabilities = self._heads[with_source].p_bad(stacked, language)
            offset = 0
            for index, block in zip(chosen, blocks):
                size = block.matrix.shape[0]
                out[index] = probabilities[offset : offset + size]
                offset += size
        return out

    def _run_checks(
        self, segment: Segment, item: _Prepared, spans: tuple[Span, ...], state: SegmentAnalysis, position: int
    ) -> list[RawFinding]:
        context = CheckContext(
            segment=segment,
            spans=spans,
            target_lang=item.target_lang,
            source_lang=item.source_lang,
            scores=state.scores,
            features=state.features,
            p_bad=state.p_bad,
            threshold=state.calibration.threshold,
            bands=state.calibration.bands,
            allowed_terms=self._glossary.allowed_lower,
            fluency=state.fluency if state.scores is not None else None,
            min_segment_fluency=self.config.min_segment_fluency,
            glossary=self._glossary,
            source_is_whole=position in item.whole_source,
            metrics=item.segment_metrics[position],
            document_metrics=item.metrics if position == 0 else None,
            thresholds=self._thresholds,
            scored_words=state.scored_words,
            max_segment_words=self.config.max_segment_words,
            calibrated_target=self.calibrated(item.target_lang),
        )
        found: list[RawFinding] = []
        for check in self._checks_for(item.document.path):
            for raw in check.run(context):
                if any(raw.code.startswith(prefix) for prefix in segment.ignore_codes):
                    continue
                override = self.config.severity.get(raw.code)
                found.append(replace(raw, severity=override) if override else raw)
        return _drop_allowed(_drop_redundant(found), self._glossary, segment.text)

    def _corrections(
        self,
        prepared: Sequence[_Prepared],
        scored: Sequence[SegmentAnalysis],
        pending: Sequence[tuple[int, int, list[RawFinding]]],
    ) -> dict[int, SuggestionsBySpan]:
        if not self.config.suggest or self.config.fast:
            return {}
        keys: list[tuple[int, tuple[int, int]]] = []
        requests: list[CorrectionRequest] = []
        for cursor, ((doc_index, seg_index, raw), state) in enumerate(zip(pending, scored)):
            item = prepared[doc_index]
            segment = item.document.segments[seg_index]
            spans = item.spans[seg_index]
            seen: set[tuple[int, int]] = set()
            for finding in raw:
                if not finding.correctable or finding.start is None or finding.end is None:
                    continue
                if finding.severity is Severity.INFO or (finding.start, finding.end) in seen:
                    continue
                seen.add((finding.start, finding.end))
                word_index = next((i for i, s in enumerate(spans) if s.start == finding.start), None)
                # The source-conditioned pass knows what the word should translate to, except
                # when the fault is the source language itself (MT2xx: "Poutine" from a French
                # source): then the source only pulls towards its own spelling.
                use_source = not finding.code.startswith("MT2")
                word_scores = None
                if state.scores is not None and word_index is not None:
                    best_pass = (state.scores.conditioned if use_source else None) or state.scores.target
                    word_scores = best_pass.words[word_index] if word_index < len(best_pass.words) else None
                requests.append(
                    CorrectionRequest(
                        segment.text,
                        finding.start,
                        finding.end,
                        word_scores,
                        segment.source if use_source else None,
                        item.source_lang,
                        item.target_lang,
                        min_similarity=0.0 if finding.code.startswith("MT4") else 0.6,
                    )
                )
                keys.append((cursor, (finding.start, finding.end)))
        if not requests:
            return {}
        scorer = self.scorer
        loaded = getattr(scorer, "loaded", True)
        began = time.monotonic()
        results = suggest(requests, scorer)
        if loaded or not getattr(scorer, "loaded", True):
            shares: dict[str, float] = {}
            for cursor, _ in keys:
                path = prepared[pending[cursor][0]].document.path
                shares[path] = shares.get(path, 0.0) + 1
            self._clock.charge(shares, time.monotonic() - began, "correcting")
        out: dict[int, SuggestionsBySpan] = {}
        for (cursor, span), suggestions in zip(keys, results):
            out.setdefault(cursor, {})[span] = suggestions
        return out

    def _findings(
        self,
        segment: Segment,
        raw: Sequence[RawFinding],
        suggestions: SuggestionsBySpan,
        counter: FingerprintCounter,
    ) -> tuple[Finding, ...]:
        findings = []
        for item in sorted(raw, key=lambda r: (r.start if r.start is not None else -1, r.code)):
            if item.start is not None and item.end is not None:
                line, column = segment.position(item.start)
                flagged = segment.text[item.start : item.end]
                offered = suggestions.get((item.start, item.end), ())
                if item.fix is not None:
                    offered = (Suggestion(item.fix, item.confidence), *(o for o in offered if o.text != item.fix))
            else:
                line, column = segment.line, segment.column
                flagged = ""
                offered = ()
            context = context_window(segment.text, item.start, item.end)
            findings.append(
                Finding(
                    code=item.code,
                    severity=item.severity,
                    start=item.start,
                    end=item.end,
                    line=line,
                    column=column,
                    text=flagged,
                    message=item.message,
                    confidence=item.confidence,
                    suggestions=offered,
                    fingerprint=counter.fingerprint(item.code, flagged, context),
                )
            )
        return tuple(findings)

    def _segment_result(
        self,
        segment: Segment,
        spans: tuple[Span, ...],
        state: SegmentAnalysis,
        findings: tuple[Finding, ...],
        metrics: dict[str, Metric | None],
    ) -> SegmentResult:
        scored = self.uses_model
        words = tuple(
            Word(span.start, span.end, segment.text[span.start : span.end], round(float(p), 4) if scored else None)
            for span, p in zip(spans, state.p_bad)
        )
        return SegmentResult(
            id=segment.id or str(segment.index + 1),
            line=segment.line,
            column=segment.column,
            text=segment.text,
            source=segment.source,
            reference=segment.reference,
            fluency=round(state.fluency, 1) if scored else None,
            metrics=metrics,
            words=words,
            findings=findings,
        )

    def _document_result(self, item: _Prepared, segments: list[SegmentResult]) -> DocumentResult:
        fluency = _weighted_fluency(segments)
        return DocumentResult(
            path=relative_path(item.document.path),
            source_path=item.document.source_path,
            reference_path=item.document.reference_path,
            target_lang=item.target_lang,
            source_lang=item.source_lang,
            fluency=round(fluency, 1) if fluency is not None else None,
            metrics=item.metrics,
            segments=tuple(segments),
        )

    def _report(self, documents: list[DocumentResult], notes: Sequence[str], suppressed: int = 0) -> Report:
        counts = {"error": 0, "warning": 0, "info": 0}
        for doc in documents:
            for segment in doc.segments:
                for finding in segment.findings:
                    counts[finding.severity.value] += 1
        segments = [s for d in documents for s in d.segments]
        words = sum(len(s.words) for s in segments)
        fluency = _weighted_fluency(segments)
        summary = Summary(
            documents=len(documents),
            segments=len(segments),
            words=words,
            findings=counts,
            fluency=round(fluency, 1) if fluency is not None else None,
            passed=True,
            suppressed=suppressed,
        )
        report = Report(
            mtqa_version=__version__, signature=self.signature(), summary=summary, documents=tuple(documents), notes=tuple(notes)
        )
        from mtqa.ci.gate import apply_gate

        return apply_gate(report, self.config)


def read_inputs(
    paths: Sequence[str | Path],
    config: Config,
    notes: list[str],
    source: str | Path | None = None,
    reference: str | Path | None = None,
    clock: FileClock | None = None,
) -> list[Document]:
    """The documents behind command-line paths (folders expanded), as the config says to read them.

    ``clock`` (shared with the Engine that checks them) counts each file's reading towards its
    ``--timeout``.
    """
    clock = clock or FileClock(config.timeout)
    documents = []
    for path in expand_paths(paths, notes):
        began = time.monotonic()
        document = read_document(
            path,
            input_format=config.input_format,
            source=Path(source) if source else None,
            reference=Path(reference) if reference else None,
            lang=config.lang or "en",
            max_bytes=config.max_bytes,
            max_words=config.max_words,
        )
        clock.charge({document.path: 1.0}, time.monotonic() - began, "reading")
        documents.append(document)
    return documents


def whole_source_units(document: Document) -> frozenset[int]:
    """Segments whose source is theirs alone.

    Structured records pair one target string with one source string. Line-aligned text pairs a
    whole source line with each sentence on the target line, so only a sentence that is alone on
    its line, and on one line, can be compared with its source as a whole.
    """
    from mtqa.readers.registry import FORMATS

    fmt = FORMATS.get(document.input_format)
    segments = document.segments
    if fmt is None or not fmt.line_based:
        return frozenset(range(len(segments)))
    per_line = Counter(s.line for s in segments)
    return frozenset(i for i, s in enumerate(segments) if not s.line_breaks and per_line[s.line] == 1)


def scored_prefix(text: str, spans: Sequence[Span], max_words: int) -> int | None:
    """None when the LM reads the whole segment, else how many of its first words it reads.

    Long segments are scored in overlapping windows (mtqa.lm.transformers_scorer), but not
    without end: at most ``max_words`` words and ``max_words * CHARS_PER_WORD`` characters.
    """
    max_chars = max_words * CHARS_PER_WORD
    if len(spans) <= max_words and len(text) <= max_chars:
        return None
    ends = [span.end for span in spans[:max_words]]
    return bisect.bisect_right(ends, max_chars)


def scoring_view(segment: Segment, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """What the LM reads: format-defined tokens (tagged QE data) are detokenized first."""
    if segment.word_spans is not None:
        return detokenize(segment.text, spans)
    return segment.text, spans


def uses_model(config: Config, checks: Sequence[Check]) -> bool:
    """Whether the run needs the language model at all.

    Only checks that read LM scores, or a fluency threshold, make it load. Rule checks that use
    LM evidence when it is there (MT201, MT301) work without it, so a rules-only selection
    (``--select MT1,MT303``, or ``--fast``) runs in seconds, as a pre-commit hook must.
    """
    if config.fast:
        if config.min_fluency is not None or config.min_segment_fluency is not None:
            raise UsageError("--min-fluency and --min-segment-fluency need the language model, which --fast never loads")
        return False
    return any(check.needs_model for check in checks) or config.min_fluency is not None


def _weighted_fluency(segments: Sequence[SegmentResult]) -> float | None:
    """Word-weighted fluency of the non-empty scored segments; None when none was scored."""
    live = [s for s in segments if s.text.strip() and s.fluency is not None]
    return document_fluency([s.fluency for s in live if s.fluency is not None], [len(s.words) for s in live])


def _drop_redundant(found: list[RawFinding]) -> list[RawFinding]:
    """A word already explained by a specific check needs no generic MT401 on top."""
    specific = {(f.start, f.end) for f in found if f.code != "MT401" and f.start is not None}
    return [f for f in found if not (f.code == "MT401" and (f.start, f.end) in specific)]


def _drop_allowed(found: list[RawFinding], glossary: Glossary, text: str) -> list[RawFinding]:
    """No check may flag a glossary term: findings inside an occurrence of one are dropped here,
    once for all checks, so phrases ("Bora Bora") and the LM checks are covered too."""
    if not glossary.allowed or all(f.start is None for f in found):
        return found
    spans = glossary.allowed_spans(text)
    return [f for f in found if f.start is None or f.end is None or not any(s <= f.start and f.end <= e for s, e in spans)]


def _load_scorer(config: Config) -> Scorer:
    if config.cache:
        from mtqa.lm.caching import caching_scorer

        return caching_scorer(config.model, config.dtype)
    from mtqa.lm.load import load_transformers

    return load_transformers(config.model, config.dtype)
