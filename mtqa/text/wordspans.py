"""The words of every segment: what the checks, the head and the report count as words.

Markup holds no words (mtqa.text.markup); Chinese and Japanese are split by their segmenters and
elided articles are split off (mtqa.text.segment); tagged QE data keeps its whitespace tokens.
"""

from __future__ import annotations

from mtqa.text.budget import over_budget
from mtqa.text.markup import overlaps_any, protected_spans
from mtqa.text.segment import word_spans
from mtqa.types import Document, Span

MARKUP_EXCLUDING_FORMATS = frozenset({"markdown", "xliff"})
"""Readers that set ``word_spans`` only to leave out markup they know of (Markdown code and
link targets, XLIFF inline codes); their words are still split as the language writes them.
Other readers' spans are the format's own words (bilingual JSONL/TSV: whitespace tokens,
exact for evaluation against word tags) and are never re-split."""


def refine_spans(text: str, spans: tuple[Span, ...], lang: str) -> tuple[Span, ...]:
    """A reader's word spans (markup it found already left out) split as the language writes
    words: elided articles apart, Chinese and Japanese through their segmenters."""
    protected = protected_spans(text)
    refined: list[Span] = []
    for span in spans:
        inner = word_spans(text[span.start : span.end], (), lang)
        refined.extend(
            Span(span.start + s.start, span.start + s.end)
            for s in inner
            if not overlaps_any(span.start + s.start, span.start + s.end, protected)
        )
    return tuple(refined)


def document_word_spans(document: Document, target_lang: str, budget: int) -> tuple[tuple[Span, ...], ...]:
    """Word spans of every segment, stopping as soon as the file is over its word budget.

    Markup (placeholders, tags, URLs, entities) holds no words; Chinese and Japanese are
    segmented by the target language's segmenter."""
    total = 0
    spans: list[tuple[Span, ...]] = []
    refine = document.input_format in MARKUP_EXCLUDING_FORMATS
    for segment in document.segments:
        if segment.word_spans is not None and not refine:
            found = segment.word_spans
        elif segment.word_spans is not None:  # the reader left out markup only it knows of
            found = refine_spans(segment.text, segment.word_spans, target_lang)
        else:
            found = word_spans(segment.text, protected_spans(segment.text), target_lang)
        total += len(found)
        if total > budget:
            raise over_budget(document.path, total, budget)
        spans.append(found)
    return tuple(spans)
