"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` (or any Markdown viewer): the verdict, counts,
scores and the worst findings, short enough to read on a job page.

Translated text is untrusted and lands in table cells, where one ``|`` would add a column and
one newline would end the table. ``escape`` therefore backslash-escapes Markdown punctuation,
turns ``<``, ``>`` and ``&`` into entities (no raw HTML survives), folds newlines into spaces
and shows control characters as ``\\uXXXX``: the output renders the text literally.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from mtqa.formatters.options import FormatOptions
from mtqa.types import DocumentResult, Finding, Report, Severity

__all__ = ["DEFAULT_MAX_FINDINGS", "escape", "format_markdown"]

DEFAULT_MAX_FINDINGS = 20
"""Worst findings listed; the step summary is a glance, the HTML report is the full view."""

TEXT_CHARS = 80
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}

# Everything CommonMark/GFM gives meaning to inline, including ":" (emoji shortcodes, autolinks).
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """``text`` as literal Markdown that is safe inside a table cell."""
    text = re.sub(r"\r\n|\r|\n", " ", text)
    text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = _PUNCTUATION.sub(r"\\\1", text)
    return re.sub("[&<>]", lambda m: _ENTITIES[m.group()], text)


def _shorten(text: str, limit: int = TEXT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """Cells must already be escaped; ``align`` is one of l/r per column."""
    marks = ["---:" if a == "r" else "---" for a in (align or "l" * len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _all_findings(report: Report) -> list[tuple[str, Finding]]:
    return [(doc.path, f) for doc, _, f in report.iter_findings()]


def _counts_section(report: Report, found: list[tuple[str, Finding]], options: FormatOptions) -> list[str]:
    by_severity = Counter(Severity(f.severity) for _, f in found)
    lines = _table(["severity", "findings"], ([f"{_ICON[s]} {s.value}", str(by_severity[s])] for s in SEVERITIES), "lr")
    by_code = Counter((f.code, Severity(f.severity)) for _, f in found)
    if by_code:
        names = {rule.code: rule.name for rule in options.rules}
        rows = []
        for code in sorted({code for code, _ in by_code}):
            cells = [str(by_code[(code, s)]) if by_code[(code, s)] else "" for s in SEVERITIES]
            rows.append([f"`{code}`", escape(names.get(code, "")), *cells])
        lines += ["", *_table(["code", "check", "error", "warning", "info"], rows, "llrrr")]
    if report.summary.suppressed:
        lines += ["", f"{_plural(report.summary.suppressed, 'finding')} suppressed by the baseline."]
    return lines


def _documents_section(documents: Sequence[DocumentResult]) -> list[str]:
    metric_names = [name for name in ("BLEU", "chrF", "TER") if any(d.metrics.get(name) for d in documents)]
    header = ["document", "segments", "findings", "fluency", *metric_names]
    rows = []
    for doc in sorted(documents, key=lambda d: d.path):
        findings = sum(len(s.findings) for s in doc.segments)
        metrics = [_num(m.score if (m := doc.metrics.get(name)) else None, 2) for name in metric_names]
        rows.append([escape(doc.path), str(len(doc.segments)), str(findings), _num(doc.fluency), *metrics])
    return _table(header, rows, "lrrr" + "r" * len(metric_names))


def _worst_section(found: list[tuple[str, Finding]], cap: int) -> list[str]:
    ordered = sorted(found, key=lambda pf: (-Severity(pf[1].severity).rank, -pf[1].confidence, pf[0], pf[1].line, pf[1].column))
    rows = []
    for path, f in ordered[:cap]:
        suggestion = ", ".join(escape(_shorten(s.label, 30)) for s in f.suggestions[:3])
        flagged = f"“{escape(_shorten(f.text))}”" if f.start is not None else "(segment)"
        location = f"{escape(path)}:{f.line}:{f.column}"
        severity = Severity(f.severity)
        message = escape(_shorten(f.message, 120))
        rows.append([f"{_ICON[severity]} {severity.value}", location, f"`{f.code}`", flagged, message, suggestion])
    lines = _table(["severity", "where", "code", "text", "message", "suggestions"], rows)
    if len(ordered) > cap:
        lines += ["", f"…and {_plural(len(ordered) - cap, 'more finding')} (see the HTML or JSON report)."]
    return lines


def format_markdown(report: Report, options: FormatOptions) -> str:
    """The job summary; ``options.max_findings`` caps the worst-findings table."""
    s = report.summary
    found = _all_findings(report)
    verdict = "✅ gate passed" if s.passed else "❌ gate failed"
    lines = [
        f"## mtqa: {verdict}",
        "",
        f"{_plural(len(found), 'finding')} in {_plural(s.documents, 'document')} "
        f"({_plural(s.segments, 'segment')}, {_plural(s.words, 'word')}); fluency {_num(s.fluency)}",
        "",
        "### Findings",
        "",
        *_counts_section(report, found, options),
        "",
        "### Documents",
        "",
        *_documents_section(report.documents),
    ]
    if found:
        cap = DEFAULT_MAX_FINDINGS if options.max_findings is None else options.max_findings
        lines += ["", "### Worst findings", "", *_worst_section(found, cap)]
    if report.notes:
        lines += ["", "### Notes", "", *(f"- {escape(note)}" for note in report.notes)]
    lines += ["", f"<sub>signature: {escape(report.signature)}</sub>"]
    return "\n".join(lines) + "\n"
