"""The records that flow through mtqa, as frozen dataclasses.

Every stage hands the next one immutable values, so a formatter can never change what a check
found and a cached result can be shared safely. Nothing here imports torch or numpy: this module
is loaded by ``mtqa --help``. The records a report holds one of per word (Span, Word, Finding,
Suggestion) use slots: without a ``__dict__`` each, a report is about 2 MB smaller per 1,000
segments.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is; ordered so that gates can compare with ``rank``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class FailOn(str, Enum):
    """The lowest severity that fails the gate; ``never`` reports without failing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"

    def fails(self, severity: Severity) -> bool:
        if self is FailOn.NEVER:
            return False
        return severity.rank >= Severity(self.value).rank


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of code points in a segment's text, as Python slices it."""

    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    """One unit of translated text, as a reader found it.

    ``line``/``column`` are 1-based and point at the first character of ``text`` in the file.
    ``line_breaks`` lists the offsets in ``text`` where the file had a newline (the reader turned
    it into a space so that offsets stay 1:1), which lets any offset be mapped back to a file
    position. Records of structured formats are whole units rather than sentences of running
    text, so they set ``exact_positions`` to False; without ``anchors`` their findings point at
    the start of the target string.
    """

    path: str
    index: int
    text: str
    line: int
    column: int
    source: str | None = None
    reference: str | None = None
    id: str | None = None
    line_breaks: tuple[int, ...] = ()
    exact_positions: bool = True
    word_spans: tuple[Span, ...] | None = None
    """Set by readers whose words are defined by the format (bilingual JSONL/TSV: whitespace
    tokens of ``mt``); None lets the segmenter decide."""
    ignore_codes: tuple[str, ...] = ()
    """Codes suppressed for this segment by an in-file comment."""
    anchors: tuple[tuple[int, int, int], ...] = ()
    """``(offset, line, column)`` points, sorted by offset, for text that is not a verbatim copy
    of the file (PO and JSON escapes, XML entities and inline tags, continuation lines): offset
    ``o`` lies ``o - offset`` columns after the last anchor at or before it. When set, they
    decide positions, whatever ``exact_positions`` says."""

    def position(self, offset: int) -> tuple[int, int]:
        """File (line, column) of a code-point offset in ``text``."""
        if self.anchors:
            at = bisect.bisect_right(self.anchors, offset, key=lambda anchor: anchor[0])
            start, line, column = self.anchors[max(at - 1, 0)]
            return line, column + max(offset - start, 0)
        if not self.exact_positions:
            return self.line, self.column
        breaks_before = [b for b in self.line_breaks if b < offset]
        if not breaks_before:
            return self.line, self.column + offset
        return self.line + len(breaks_before), offset - breaks_before[-1]


@dataclass(frozen=True)
class Document:
    """The segments read from one file, with the languages that apply to them."""

    path: str
    segments: tuple[Segment, ...]
    source_path: str | None = None
    reference_path: str | None = None
    input_format: str = "text"
    target_lang: str | None = None
    """The language the file itself declares (XLIFF ``target-language``, a PO header's
    ``Language``); the engine prefers it to detection when the user gave no ``--lang``."""
    source_lang: str | None = None
    notes: tuple[str, ...] = ()
    """What reading the file found worth saying that is no finding (PO plural forms that
    disagree with the header's ``nplurals``); the report's notes carry them."""


DELETE_LABEL = "(delete)"


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    """The replacement; "" deletes the flagged word."""
    confidence: float

    @property
    def label(self) -> str:
        """How a reader sees it: a deletion's empty text would read as nothing at all."""
        return self.text or DELETE_LABEL


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on a word span (or on the whole segment when ``start`` is None)."""

    code: str
    severity: Severity
    start: int | None
    end: int | None
    line: int
    column: int
    text: str
    message: str
    confidence: float
    suggestions: tuple[Suggestion, ...] = ()
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str
    p_bad: float | None
    """None in a rules-only run (``--fast``): no head read the word."""
    p_wrong: float | None = None
    """P(BAD) combined with the findings on the word (``mtqa.quality.evidence``); None with
    ``p_bad``. What the HTML shades by, so shading and findings tell one story."""


@dataclass(frozen=True)
class Metric:
    score: float
    signature: str


@dataclass(frozen=True)
class SegmentResult:
    id: str
    line: int
    column: int
    text: str
    source: str | None
    reference: str | None
    fluency: float | None
    """None in a rules-only run (``--fast``), where no model scored the segment."""
    metrics: dict[str, Metric | None]
    words: tuple[Word, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class DocumentResult:
    path: str
    source_path: str | None
    reference_path: str | None
    target_lang: str
    source_lang: str | None
    fluency: float | None
    metrics: dict[str, Metric | None]
    segments: tuple[SegmentResult, ...]


@dataclass(frozen=True)
class Summary:
    documents: int
    segments: int
    words: int
    findings: dict[str, int]
    fluency: float | None
    passed: bool
    suppressed: int = 0


@dataclass(frozen=True)
class Rule:
    """What the reports say about one check code: its rule-table row in SARIF, HTML and Markdown.

    Formatters get these passed in rather than importing the check registry, so that rendering a
    report needs nothing but the report and this table.
    """

    code: str
    name: str
    summary: str
    explanation: str
    severity: Severity
    family: str
    precision: str


@dataclass(frozen=True)
class Report:
    mtqa_version: str
    signature: str
    summary: Summary
    documents: tuple[DocumentResult, ...]
    schema: int = 1
    notes: tuple[str, ...] = field(default=())
    """Things the user should know that are not findings (skipped files, stale baseline
    entries); formatters may show them, the gate ignores them."""

    def iter_findings(self) -> Iterator[tuple[DocumentResult, SegmentResult, Finding]]:
        """Every finding with its document and segment, in report order."""
        return iter_findings(self.documents)


def iter_findings(documents: Iterable[DocumentResult]) -> Iterator[tuple[DocumentResult, SegmentResult, Finding]]:
    """The one walk over documents → segments → findings that reports and formatters share."""
    for document in documents:
        for segment in document.segments:
            for finding in segment.findings:
                yield document, segment, finding
