"""Planning: each document's languages and words, and what the LM reads of each segment.

All of this is decided before the model is touched, so a bad input fails fast and a rules-only
run never needs the model.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from mtqa.checks import Check
from mtqa.checks.integrity import CHARS_PER_WORD
from mtqa.config.model import Config
from mtqa.errors import UsageError
from mtqa.lm.base import ScoreRequest
from mtqa.quality.metrics import corpus_metrics, segment_chrf
from mtqa.text.detok import detokenize
from mtqa.text.langid import LanguageMemo, base_language, detect_document_language
from mtqa.text.wordspans import document_word_spans
from mtqa.types import Document, Metric, Segment, Span


@dataclass(frozen=True)
class Prepared:
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
class Planned:
    """One segment's place and what the LM reads of it: no request when there is nothing to read."""

    doc_index: int
    seg_index: int
    request: ScoreRequest | None
    scored_words: int | None
    """See ``scored_prefix``: None when the LM reads the whole segment."""


def prepare(document: Document, config: Config, languages: LanguageMemo | None = None) -> Prepared:
    texts = [s.text for s in document.segments]
    # A language the file declares (XLIFF, a PO header) beats guessing from a few strings.
    declared_target = base_language(document.target_lang) if document.target_lang else None
    declared_source = base_language(document.source_lang) if document.source_lang else None
    target_lang = config.lang or declared_target or detect_document_language(texts, memo=languages)
    sources = [s.source for s in document.segments if s.source]
    source_lang = (
        config.source_lang
        or declared_source
        or (detect_document_language(sources, default="", memo=languages) or None if sources else None)
    )
    spans = document_word_spans(document, target_lang, config.max_words)
    segments = document.segments
    metrics = corpus_metrics([s.text for s in segments], [s.reference for s in segments])
    per_segment = tuple(segment_chrf(s.text, s.reference) for s in segments)
    return Prepared(document, target_lang, source_lang, spans, metrics, per_segment, whole_source_units(document))


RUNNING_TEXT = frozenset({"text", "markdown", "srt"})
"""Formats whose segments follow one another as one text; catalog entries (PO, XLIFF, JSON,
JSONL, TSV) are separate strings, and one is no context for the next."""


def plan(prepared: Sequence[Prepared], config: Config, scoring: bool) -> list[Planned]:
    """What the LM reads of every segment, in document order; nothing when ``scoring`` is off."""
    plans: list[Planned] = []
    for doc_index, item in enumerate(prepared):
        running = item.document.input_format in RUNNING_TEXT
        context = DocumentContext(config.context_words if running else 0)
        for seg_index, (segment, spans) in enumerate(zip(item.document.segments, item.spans)):
            if not segment.text.strip() or not scoring:
                plans.append(Planned(doc_index, seg_index, None, None))
                continue
            text, score_spans = scoring_view(segment, spans)
            keep = scored_prefix(text, score_spans, config.max_segment_words)
            if keep is not None:
                text = text[: score_spans[keep - 1].end] if keep else ""
                score_spans = score_spans[:keep]
            request = None
            if text.strip():
                request = ScoreRequest(
                    text, score_spans, segment.source, item.source_lang, item.target_lang, context=context.text()
                )
                context.add(text, score_spans)
            plans.append(Planned(doc_index, seg_index, request, keep))
    return plans


class DocumentContext:
    """The last ``words`` words of the segments read so far, as the LM's left context.

    Why: a causal LM judges each word by what came before it, and within one sentence that is
    little. With the preceding sentences in view, a name the text has already spelled
    ("Putin") makes a later respelling ("Poutine") surprising, and a topic makes its words
    expected. Whole segments are kept, newest last, one per line, so the context never starts
    in the middle of a sentence (unless one sentence alone is longer than the budget).
    """

    def __init__(self, words: int) -> None:
        self._budget = words
        self._segments: list[tuple[str, int]] = []
        self._count = 0

    def text(self) -> str:
        return "\n".join(" ".join(text.split()) for text, _ in self._segments)

    def add(self, text: str, spans: Sequence[Span]) -> None:
        """``spans``: the segment's words, CJK included, which is what the budget counts."""
        if self._budget <= 0 or not spans:
            return
        if len(spans) > self._budget:
            text, spans = text[spans[-self._budget].start :], spans[-self._budget :]
        self._segments.append((text, len(spans)))
        self._count += len(spans)
        while self._count > self._budget and len(self._segments) > 1:
            self._count -= self._segments.pop(0)[1]


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


def known_language(code: str) -> bool:
    """Whether the code names a language at all (a valid BCP 47 tag, ``pt_BR`` spelled either
    way). For anything else (a typo, ``zz``) a fluency score would be a number about nothing,
    so none is given."""
    import langcodes

    return bool(langcodes.tag_is_valid(code.replace("_", "-")))


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
