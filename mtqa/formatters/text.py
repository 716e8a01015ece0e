"""The terminal summary: one grep-able, editor-clickable line per finding, then the scores.

``path:line:col:`` comes first because editors and CI log viewers turn that prefix into a link.
Everything from the input is stripped of control characters before printing, so a translated
file can't move the cursor, recolour the terminal or reorder text with bidi overrides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from mtqa.formatters.options import FormatOptions
from mtqa.types import Finding, Metric, Report, Severity

__all__ = ["escape_controls", "finding_line", "format_text"]

_ANSI_RESET = "\x1b[0m"
_ANSI = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
    "bold": "\x1b[1m",
    "failed": "\x1b[1;31m",
    "passed": "\x1b[1;32m",
}

# C0/C1 controls, plus bidi embeddings/overrides/isolates (the "Trojan Source" characters).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with control and bidi characters as ``\\uXXXX``: what may reach a terminal.

    ``mtqa fix`` prints its diff through this too, so a file's text reaches the terminal the
    same way in every command."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_clean = escape_controls


def _paint(text: str, style: str | Severity, color: bool) -> str:
    return f"{_ANSI[style]}{text}{_ANSI_RESET}" if color else text


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def finding_line(path: str, finding: Finding, color: bool = False) -> str:
    """``path:line:col: CODE severity message → suggestion, …`` for one finding."""
    severity = Severity(finding.severity)
    line = (
        f"{_clean(path)}:{finding.line}:{finding.column}: "
        f"{_paint(finding.code, 'bold', color)} {_paint(severity.value, severity, color)} {_clean(finding.message)}"
    )
    if finding.suggestions:
        line += " → " + ", ".join(_clean(s.label) for s in finding.suggestions)
    return line


def _sorted_findings(report: Report) -> list[tuple[str, Finding]]:
    found = [(doc.path, f) for doc, _, f in report.iter_findings()]
    # start=None (segment-level) sorts before word findings at the same position.
    found.sort(key=lambda pf: (pf[0], pf[1].line, pf[1].column, -1 if pf[1].start is None else pf[1].start, pf[1].code))
    return found


def _metrics_text(metrics: Mapping[str, Metric | None]) -> str:
    return ", ".join(f"{name} {m.score:.1f}" for name, m in metrics.items() if m is not None)


def _document_lines(report: Report) -> Iterable[str]:
    for doc in sorted(report.documents, key=lambda d: d.path):
        n = len(doc.segments)
        line = f"{_clean(doc.path)}: fluency {_fmt(doc.fluency)}, {_plural(n, 'segment')}"
        metrics = _metrics_text(doc.metrics)
        yield f"{line}; {metrics}" if metrics else line


def _totals_line(report: Report, color: bool) -> str:
    s = report.summary
    counts = ", ".join(
        _paint(_plural(s.findings.get(sev.value, 0), sev.value), sev, color and s.findings.get(sev.value, 0) > 0)
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    gate = _paint("gate passed", "passed", color) if s.passed else _paint("gate FAILED", "failed", color)
    line = (
        f"{counts} in {_plural(s.documents, 'document')} "
        f"({_plural(s.segments, 'segment')}, {_plural(s.words, 'word')}); fluency {_fmt(s.fluency)}; {gate}"
    )
    if s.suppressed > 0:
        line += f" ({s.suppressed} suppressed by baseline)"
    return line


def format_text(report: Report, options: FormatOptions) -> str:
    """Findings sorted by position, then one line per document, the totals and any notes."""
    lines: list[str] = []
    found = _sorted_findings(report)
    shown = found if options.max_findings is None else found[: options.max_findings]
    lines.extend(finding_line(path, f, options.color) for path, f in shown)
    if len(shown) < len(found):
        lines.append(f"… {len(found) - len(shown)} more findings not shown (see the JSON or HTML report)")
    if lines:
        lines.append("")
    lines.extend(_document_lines(report))
    lines.append(_totals_line(report, options.color))
    lines.extend(f"note: {_clean(note)}" for note in report.notes)
    return "\n".join(lines) + "\n"
