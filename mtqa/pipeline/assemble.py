"""Assembling results: raw findings become Findings with positions, suggestions and fingerprints,
and segments, documents and the summary become the immutable Report."""

from __future__ import annotations

from collections.abc import Sequence

from mtqa.checks import RawFinding
from mtqa.ci.fingerprint import FingerprintCounter, context_window
from mtqa.pipeline.plan import Prepared
from mtqa.pipeline.score import SegmentAnalysis
from mtqa.quality.evidence import EvidenceModel, tag
from mtqa.quality.fluency import document_fluency
from mtqa.storage.paths import relative_path
from mtqa.types import (
    DocumentResult,
    Finding,
    Metric,
    Report,
    Segment,
    SegmentResult,
    Span,
    Suggestion,
    Summary,
    Word,
    iter_findings,
)

SuggestionsBySpan = dict[tuple[int, int], tuple[Suggestion, ...]]


def findings(
    segment: Segment,
    raw: Sequence[RawFinding],
    suggestions: SuggestionsBySpan,
    counter: FingerprintCounter,
) -> tuple[Finding, ...]:
    out = []
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
        out.append(
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
    return tuple(out)


def word_tags(span: Span, found: Sequence[Finding]) -> list[str]:
    """The findings that overlap a word, as the evidence model names them (code/severity)."""
    return [
        tag(f.code, f.severity.value)
        for f in found
        if f.start is not None and f.end is not None and f.start < span.end and span.start < f.end
    ]


def segment_result(
    segment: Segment,
    spans: tuple[Span, ...],
    state: SegmentAnalysis,
    found: tuple[Finding, ...],
    metrics: dict[str, Metric | None],
    scored: bool,
    fluent: bool = True,
    evidence: EvidenceModel | None = None,
) -> SegmentResult:
    """``scored`` False (a rules-only run): no fluency or P(BAD), rather than made-up zeros;
    ``fluent`` False (a target language mtqa does not know): P(BAD) but no fluency; with an
    ``evidence`` model each word also gets P(wrong), its P(BAD) combined with its findings."""
    words = tuple(
        Word(
            span.start,
            span.end,
            segment.text[span.start : span.end],
            round(float(p), 4) if scored else None,
            round(evidence.p_wrong(float(p), word_tags(span, found)), 4) if scored and evidence is not None else None,
        )
        for span, p in zip(spans, state.p_bad)
    )
    return SegmentResult(
        id=segment.id or str(segment.index + 1),
        line=segment.line,
        column=segment.column,
        text=segment.text,
        source=segment.source,
        reference=segment.reference,
        fluency=round(state.fluency, 1) if scored and fluent else None,
        metrics=metrics,
        words=words,
        findings=found,
    )


def document_result(item: Prepared, segments: list[SegmentResult]) -> DocumentResult:
    fluency = weighted_fluency(segments)
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


def report(version: str, signature: str, documents: list[DocumentResult], notes: Sequence[str], suppressed: int = 0) -> Report:
    """The Report before the gate has judged it (``passed`` is set by mtqa.ci.gate)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for _, _, finding in iter_findings(documents):
        counts[finding.severity.value] += 1
    segments = [s for d in documents for s in d.segments]
    fluency = weighted_fluency(segments)
    summary = Summary(
        documents=len(documents),
        segments=len(segments),
        words=sum(len(s.words) for s in segments),
        findings=counts,
        fluency=round(fluency, 1) if fluency is not None else None,
        passed=True,
        suppressed=suppressed,
    )
    return Report(mtqa_version=version, signature=signature, summary=summary, documents=tuple(documents), notes=tuple(notes))


def weighted_fluency(segments: Sequence[SegmentResult]) -> float | None:
    """Word-weighted fluency of the non-empty scored segments; None when none was scored."""
    live = [s for s in segments if s.text.strip() and s.fluency is not None]
    return document_fluency([s.fluency for s in live if s.fluency is not None], [len(s.words) for s in live])
