"""The HTML report: one self-contained page a reviewer can open from disk or a CI artifact.

The page carries no external resources and a strict Content-Security-Policy, because reports are
shared and opened by people who did not produce them, and the translated text in them is
untrusted. The policy allows exactly our own stylesheet and script, by hash, and nothing else
inline: if some text ever escaped the escaping, it still could not run. The markup for words
and findings is computed here as plain data (``Piece``), and the autoescaping template turns it
into HTML, so user text never reaches the page unescaped.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from mtqa.formatters.invisible import has_invisible, visible
from mtqa.formatters.json_format import SEVERITY_KEYS
from mtqa.formatters.options import FormatOptions
from mtqa.types import DocumentResult, Finding, Metric, Report, Rule, SegmentResult, Severity, Word

__all__ = [
    "HEAT_LEVELS",
    "TEMPLATE",
    "Chart",
    "DocumentView",
    "Piece",
    "SegmentView",
    "build_pieces",
    "code_counts",
    "content_security_policy",
    "finding_title",
    "fluency_chart",
    "format_html",
    "json_for_script",
    "unplaced_findings",
]

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css.j2"
SCRIPT = "report.js"
HEAT_LEVELS = 10
"""P(bad) is shown in this many shades, so the legend can name each one exactly."""

PieceKind = Literal["gap", "word", "span"]


def _max_severity(findings: Iterable[Finding]) -> Severity | None:
    severities = [Severity(f.severity) for f in findings]
    return max(severities, key=lambda s: s.rank) if severities else None


def _pct(value: float) -> str:
    return f"{value:.0%}"


def finding_title(finding: Finding) -> str:
    """A one-line plain-text description, for ``title`` attributes (escaped by the template)."""
    text = f"{finding.code} {Severity(finding.severity).value}: {finding.message} (confidence {_pct(finding.confidence)})"
    if finding.suggestions:
        text += " → " + ", ".join(f"{s.text} ({_pct(s.confidence)})" for s in finding.suggestions)
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

    @property
    def severity(self) -> Severity | None:
        return _max_severity(self.findings)

    @property
    def heat(self) -> int | None:
        if self.p_bad is None or not math.isfinite(self.p_bad):
            return None
        return min(HEAT_LEVELS - 1, max(0, int(self.p_bad * HEAT_LEVELS)))

    @property
    def title(self) -> str:
        lines = [finding_title(f) for f in self.findings]
        if self.p_bad is not None:
            lines.append(f"P(bad) {self.p_bad:.2f}")
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
            pieces.append(Piece("word", text[s:e], s, e, w.p_bad, hits))
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
        bars.append(
            Bar(seg.anchor, seg.result.line, fluency, i * CHART_STEP + 1, CHART_STEP - 2, height, _fluency_band(fluency))
        )
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


def _document_view(doc: DocumentResult, index: int) -> DocumentView:
    counts = dict.fromkeys(SEVERITY_KEYS, 0)
    for seg in doc.segments:
        for f in seg.findings:
            counts[Severity(f.severity).value] += 1
    segments = [_segment_view(seg, index, i) for i, seg in enumerate(doc.segments, start=1)]
    return DocumentView(doc, index, f"d{index}", segments, counts, fluency_chart(segments))


def code_counts(report: Report, rules: Sequence[Rule] = ()) -> list[CodeCount]:
    """Findings per code, most frequent first, with the check's one-line summary from ``rules``."""
    summaries = {rule.code: rule.summary for rule in rules}
    counter = Counter(f.code for doc in report.documents for seg in doc.segments for f in seg.findings)
    rows = []
    for code, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
        rows.append(CodeCount(code, summaries.get(code, ""), count))
    return rows


def csp_hash(content: str) -> str:
    """A CSP source expression for one inline element, as browsers hash its exact text."""
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    return (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def json_for_script(data: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element: ``</script>`` or ``<!--`` in user text
    can't end or comment out the element, and U+2028/2029 can't break older JS parsers."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, sort_keys=True)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)  # safe: every character that could end the element is escaped above


def _fmt1(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.1f}"


def _fluency_band(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "na"
    return "bad" if value < 50 else "mid" if value < 70 else "good"


def _present_metrics(metrics: Mapping[str, Metric | None]) -> list[tuple[str, Metric]]:
    return [(name, m) for name, m in metrics.items() if m is not None]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mtqa.formatters", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(fmt1=_fmt1, pct=_pct, band=_fluency_band, present=_present_metrics, describe=finding_title)
    env.tests["hiding"] = has_invisible
    return env


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` of the template: text from the report shows its invisible characters
    as markers (mtqa.formatters.invisible) before autoescaping; our own Markup passes as is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def format_html(report: Report, options: FormatOptions) -> str:
    """The whole report as one HTML page; of ``options`` only the rule table applies (the page has
    its own filters)."""
    env = _environment()
    css = env.get_template(STYLESHEET).render(heat_levels=HEAT_LEVELS)
    js = env.loader.get_source(env, SCRIPT)[0] if env.loader else ""
    summary = report.summary
    data = {
        "mtqa_version": report.mtqa_version,
        "signature": report.signature,
        "findings": {key: summary.findings.get(key, 0) for key in SEVERITY_KEYS},
        "fluency": summary.fluency,
        "passed": summary.passed,
    }
    return (
        env.get_template(TEMPLATE)
        .render(
            report=report,
            summary=summary,
            counts={key: summary.findings.get(key, 0) for key in SEVERITY_KEYS},
            documents=[_document_view(doc, i) for i, doc in enumerate(report.documents, start=1)],
            heat_levels=HEAT_LEVELS,
            severities=SEVERITY_KEYS,
            data_json=json_for_script(data),
            codes=code_counts(report, options.rules),
            css=Markup(css),  # our own package data, not report text
            js=Markup(js),
            csp=content_security_policy(css, js),
        )
    )
