"""What the HTML page shows, as plain data: pieces of text, segment and document views, the chart.

Kept apart from the page itself (``html.py``) so that everything computed from user text is a
frozen record the autoescaping template renders, and can be tested without rendering.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mtqa.formatters.json_format import SEVERITY_KEYS
from mtqa.types import DocumentResult, Finding, Report, Rule, SegmentResult, Severity, Word

HEAT_LEVELS = 10
"""P(bad) is shown in this many shades, so the legend can name each one exactly."""

PieceKind = Literal["gap", "word", "span"]


def _max_severity(findings: Iterable[Finding]) -> Severity | None:
    severities = [Severity(f.severity) for f in findings]
    return max(severities, key=lambda s: s.rank) if severities else None


def pct(value: float) -> str:
    return f"{value:.0%}"


def finding_title(finding: Finding) -> str:
    """A one-line plain-text description, for ``title`` attributes (escaped by the template)."""
    text = f"{finding.code} {Severity(finding.severity).value}: {finding.message} (confidence {pct(finding.confidence)})"
    if finding.suggestions:
        text += " → " + ", ".join(f"{s.label} ({pct(s.confidence)})" for s in finding.suggestions)
    return text


@dataclass(frozen=True)
class Piece:
    """A run of segment text: the gap between words, a word, or a flagged span that is no word.

    ``span`` pieces exist because some findings sit on text the segmenter does not count as a
    word (a URL, a placeholder, a quote mark); without them those findings would vanish from
    the highlighted text.
    """

    kind: PieceKind
    text: str
    start: int
    end: int
    p_bad: float | None = None
    findings: tuple[Finding, ...] = ()
    p_wrong: float | None = None

    @property
    def severity(self) -> Severity | None:
        return _max_severity(self.findings)

    @property
    def heat(self) -> int | None:
        """Shading follows P(wrong), which counts the findings too, so a word flagged at error is
        never shaded as fine; reports from before P(wrong) existed shade by P(BAD)."""
        shade = self.p_wrong if self.p_wrong is not None else self.p_bad
        if shade is None or not math.isfinite(shade):
            return None
        return min(HEAT_LEVELS - 1, max(0, int(shade * HEAT_LEVELS)))

    @property
    def title(self) -> str:
        lines = [finding_title(f) for f in self.findings]
        if self.p_wrong is not None:
            lines.append(f"P(wrong) {self.p_wrong:.2f}")
        if self.p_bad is not None:
            lines.append(f"P(bad) {self.p_bad:.2f}, from the language model alone")
        return "\n".join(lines)


def _clip(start: int, end: int, length: int) -> tuple[int, int]:
    return max(0, min(start, length)), max(0, min(end, length))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def build_pieces(text: str, words: Sequence[Word], findings: Sequence[Finding]) -> list[Piece]:
    """Split ``text`` into pieces that concatenate back to ``text`` exactly.

    A finding flags every word its span overlaps (DESIGN.md: that is how flags are evaluated).
    Out-of-range offsets are clipped and overlapping words skipped instead of raising: a
    formatter that crashes on a slightly wrong report hides every other result.
    """
    n = len(text)
    spans: list[tuple[tuple[int, int], Finding]] = []
    for f in findings:
        if f.start is None or f.end is None:
            continue
        s, e = _clip(f.start, f.end, n)
        if s < e:
            spans.append(((s, e), f))

    tokens: list[tuple[int, int, Word | None]] = []
    cursor = 0
    for word in sorted(words, key=lambda w: (w.start, w.end)):
        s, e = _clip(word.start, word.end, n)
        if s < e and s >= cursor:
            tokens.append((s, e, word))
            cursor = e

    # Findings that touch no word become their own pieces, merged where they overlap each other.
    orphans: list[list[int]] = []
    for (s, e), _ in sorted(spans, key=lambda sf: sf[0]):
        if any(_overlaps((s, e), (ts, te)) for ts, te, _w in tokens):
            continue
        if orphans and s < orphans[-1][1]:
            orphans[-1][1] = max(orphans[-1][1], e)
        else:
            orphans.append([s, e])
    tokens.extend((s, e, None) for s, e in orphans)
    tokens.sort(key=lambda t: t[0])

    pieces: list[Piece] = []
    cursor = 0
    for s, e, w in tokens:
        if s > cursor:
            pieces.append(Piece("gap", text[cursor:s], cursor, s))
        hits = tuple(f for span, f in spans if _overlaps(span, (s, e)))
        if w is None:
            pieces.append(Piece("span", text[s:e], s, e, None, hits))
        else:
            pieces.append(Piece("word", text[s:e], s, e, w.p_bad, hits, w.p_wrong))
        cursor = e
    if cursor < n:
        pieces.append(Piece("gap", text[cursor:], cursor, n))
    return pieces


def unplaced_findings(findings: Sequence[Finding], pieces: Sequence[Piece]) -> list[Finding]:
    """Findings to list under the segment: segment-level ones, and any whose span could not be
    shown in the text (empty or out of range)."""
    placed = {id(f) for p in pieces for f in p.findings}
    return [f for f in findings if id(f) not in placed]


@dataclass(frozen=True)
class SegmentView:
    result: SegmentResult
    index: int
    anchor: str
    pieces: list[Piece]
    listed: list[Finding]
    counted: list[tuple[bool, ...]]
    """Per piece, per finding: is this the piece that counts the finding? A finding over three
    words shows in three popovers but is one finding for the page's counter and filters."""

    @property
    def has_findings(self) -> bool:
        return bool(self.result.findings)


@dataclass(frozen=True)
class Bar:
    """One sentence in the fluency chart, in SVG user units (the chart is 100 units high)."""

    anchor: str
    line: int
    fluency: float
    x: float
    width: float
    height: float
    band: str


@dataclass(frozen=True)
class Chart:
    width: float
    bars: list[Bar]


CHART_STEP = 10.0
"""SVG units per sentence; the chart stretches to the page width, so only the ratio matters."""


def fluency_chart(segments: Sequence[SegmentView]) -> Chart:
    """Bars in file order, so a reviewer sees where in the document the translation went wrong.

    A rules-only run scores no fluency, so it has no bars (and the template no chart)."""
    bars = []
    for i, seg in enumerate(segments):
        fluency = seg.result.fluency
        if fluency is None:
            continue
        height = max(1.0, min(100.0, fluency)) if math.isfinite(fluency) else 1.0
        bars.append(Bar(seg.anchor, seg.result.line, fluency, i * CHART_STEP + 1, CHART_STEP - 2, height, fluency_band(fluency)))
    return Chart(max(1, len(bars)) * CHART_STEP, bars)


@dataclass(frozen=True)
class DocumentView:
    result: DocumentResult
    index: int
    anchor: str
    segments: list[SegmentView]
    counts: dict[str, int] = field(default_factory=dict)
    chart: Chart = field(default_factory=lambda: Chart(CHART_STEP, []))


@dataclass(frozen=True)
class CodeCount:
    code: str
    summary: str
    count: int


def _counted(pieces: Sequence[Piece]) -> list[tuple[bool, ...]]:
    seen: set[int] = set()
    counted = []
    for piece in pieces:
        marks = []
        for f in piece.findings:
            marks.append(id(f) not in seen)
            seen.add(id(f))
        counted.append(tuple(marks))
    return counted


def _segment_view(seg: SegmentResult, doc_index: int, index: int) -> SegmentView:
    pieces = build_pieces(seg.text, seg.words, seg.findings)
    listed = unplaced_findings(seg.findings, pieces)
    return SegmentView(seg, index, f"d{doc_index}-s{index}", pieces, listed, _counted(pieces))


def document_view(doc: DocumentResult, index: int) -> DocumentView:
    counts = dict.fromkeys(SEVERITY_KEYS, 0)
    for seg in doc.segments:
        for f in seg.findings:
            counts[Severity(f.severity).value] += 1
    segments = [_segment_view(seg, index, i) for i, seg in enumerate(doc.segments, start=1)]
    return DocumentView(doc, index, f"d{index}", segments, counts, fluency_chart(segments))


def code_counts(report: Report, rules: Sequence[Rule] = ()) -> list[CodeCount]:
    """Findings per code, most frequent first, with the check's one-line summary from ``rules``."""
    summaries = {rule.code: rule.summary for rule in rules}
    counter = Counter(f.code for _, _, f in report.iter_findings())
    rows = []
    for code, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
        rows.append(CodeCount(code, summaries.get(code, ""), count))
    return rows


def fluency_band(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "na"
    return "bad" if value < 50 else "mid" if value < 70 else "good"
