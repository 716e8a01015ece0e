"""Asking for corrections: which findings get suggestions, and one ranking call per block.

How each check's findings are corrected is the check's own business (``corrects_from_source``,
``suggestion_similarity`` on the Check class); this stage only gathers the requests and hands
the suggestions back by segment and span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mtqa.checks import CHECKS_BY_CODE, RawFinding
from mtqa.corrections.candidates import CorrectionRequest
from mtqa.corrections.suggest import suggest
from mtqa.lm.base import Scorer
from mtqa.pipeline.checking import Pending
from mtqa.pipeline.deadline import FileClock
from mtqa.pipeline.plan import Prepared
from mtqa.pipeline.score import SegmentAnalysis
from mtqa.types import Severity, Span, Suggestion

SuggestionsBySpan = dict[tuple[int, int], tuple[Suggestion, ...]]


def corrections(
    prepared: Sequence[Prepared],
    scored: Sequence[SegmentAnalysis],
    pending: Sequence[Pending],
    scorer: Callable[[], Scorer],
    clock: FileClock,
) -> dict[int, SuggestionsBySpan]:
    """Suggestions for the block's correctable findings, keyed by the segment's place in the block."""
    keys: list[tuple[int, tuple[int, int]]] = []
    requests: list[CorrectionRequest] = []
    for cursor, ((doc_index, seg_index, raw), state) in enumerate(zip(pending, scored)):
        item = prepared[doc_index]
        seen: set[tuple[int, int]] = set()
        for finding in raw:
            if not finding.correctable or finding.start is None or finding.end is None:
                continue
            if finding.severity is Severity.INFO or (finding.start, finding.end) in seen:
                continue
            seen.add((finding.start, finding.end))
            requests.append(_request(item, seg_index, item.spans[seg_index], state, finding))
            keys.append((cursor, (finding.start, finding.end)))
    if not requests:
        return {}
    shares: dict[str, float] = {}
    for cursor, _ in keys:
        path = prepared[pending[cursor][0]].document.path
        shares[path] = shares.get(path, 0.0) + 1
    ranking = scorer()
    with clock.model_work(ranking, shares, "correcting"):
        results = suggest(requests, ranking)
    out: dict[int, SuggestionsBySpan] = {}
    for (cursor, span), suggestions in zip(keys, results):
        out.setdefault(cursor, {})[span] = suggestions
    return out


def _request(
    item: Prepared, seg_index: int, spans: tuple[Span, ...], state: SegmentAnalysis, finding: RawFinding
) -> CorrectionRequest:
    assert finding.start is not None and finding.end is not None
    segment = item.document.segments[seg_index]
    check = CHECKS_BY_CODE[finding.code]
    use_source = check.corrects_from_source
    word_index = next((i for i, s in enumerate(spans) if s.start == finding.start), None)
    word_scores = None
    p_bad = float(state.p_bad[word_index]) if word_index is not None and word_index < len(state.p_bad) else 0.0
    if state.scores is not None and word_index is not None:
        best_pass = (state.scores.conditioned if use_source else None) or state.scores.target
        word_scores = best_pass.words[word_index] if word_index < len(best_pass.words) else None
    return CorrectionRequest(
        segment.text,
        finding.start,
        finding.end,
        word_scores,
        segment.source if use_source else None,
        item.source_lang,
        item.target_lang,
        min_similarity=check.suggestion_similarity,
        original_competes=not check.original_is_foreign,
        flag_confidence=finding.confidence,
        flag_error=finding.severity is Severity.ERROR,
        p_bad=p_bad,
    )
