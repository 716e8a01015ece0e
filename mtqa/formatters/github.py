"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request diff.

GitHub turns at most 10 errors, 10 warnings and 10 notices of a step into annotations (the rest
stay in the log only), so the order is chosen for that limit:

1. the gate verdict first when it failed, so the reason a job went red is always annotated,
   even when it is fluency and not a finding;
2. findings, most severe first, then by file and position;
3. after ``max_findings`` of them (default ``DEFAULT_MAX_FINDINGS``), one notice counting the
   rest by severity, which points to the full reports;
4. notes (skipped files, stale baseline entries) as notices.

Everything from the input is escaped by GitHub's rules (``%``, CR and LF in the message;
additionally ``:`` and ``,`` in properties), so a translated segment cannot end a command early
or start a new one; other control and bidi characters are made visible as ``\\uXXXX``.
"""

from __future__ import annotations

import re
from collections import Counter

from mtqa.formatters.options import FormatOptions
from mtqa.formatters.sarif import exact_end_column
from mtqa.types import Finding, Report, SegmentResult, Severity

__all__ = ["DEFAULT_MAX_FINDINGS", "escape_data", "escape_property", "format_github"]

DEFAULT_MAX_FINDINGS = 50
"""Five times what GitHub shows per level: enough for the log to list a real run's findings,
few enough that a broken file cannot flood it."""

COMMANDS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
TOP_SUGGESTIONS = 3
GATE_PREFIX = "gate: "

# C0/C1 controls except CR and LF (percent-encoded instead), plus bidi embeddings, overrides and
# isolates, which would reorder the log line around them.
_UNSAFE = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def escape_data(text: str) -> str:
    """A command's message, as GitHub's runner unescapes it (``%`` first, or it would double)."""
    return _visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: also ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def _annotation(path: str, segment: SegmentResult, finding: Finding) -> str:
    message = finding.message
    if finding.suggestions:
        message += " → " + ", ".join(s.label for s in finding.suggestions[:TOP_SUGGESTIONS])
    position: dict[str, str | int] = {"file": path, "line": finding.line, "col": finding.column}
    end = exact_end_column(segment, finding)
    if end is not None:
        position["endColumn"] = end
    return _command(COMMANDS[Severity(finding.severity)], message, **position, title=finding.code)


def _ordered(report: Report) -> list[tuple[str, SegmentResult, Finding]]:
    found = [(doc.path, seg, f) for doc, seg, f in report.iter_findings()]
    found.sort(key=lambda t: (-Severity(t[2].severity).rank, t[0], t[2].line, t[2].column, t[2].code))
    return found


def _counts(findings: list[tuple[str, SegmentResult, Finding]]) -> str:
    counts = Counter(Severity(f.severity) for _, _, f in findings)
    return ", ".join(_plural(counts[s], s.value) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def format_github(report: Report, options: FormatOptions) -> str:
    """Workflow commands for stdout in a GitHub Actions step; always ends with a summary."""
    lines: list[str] = []
    gate_notes = [n[len(GATE_PREFIX) :] for n in report.notes if n.startswith(GATE_PREFIX)]
    if not report.summary.passed:
        reasons = "; ".join(gate_notes) if gate_notes else "see the report"
        lines.append(_command("error", f"mtqa gate failed: {reasons}", title="mtqa gate"))
    found = _ordered(report)
    cap = DEFAULT_MAX_FINDINGS if options.max_findings is None else options.max_findings
    lines.extend(_annotation(path, seg, f) for path, seg, f in found[:cap])
    rest = found[cap:]
    if rest:
        lines.append(
            _command(
                "notice",
                f"{len(rest)} more findings not annotated ({_counts(rest)}); see the SARIF, JSON or HTML report",
                title="mtqa",
            )
        )
    lines.extend(_command("notice", note, title="mtqa note") for note in report.notes if not note.startswith(GATE_PREFIX))
    s = report.summary
    fluency = "n/a" if s.fluency is None else f"{s.fluency:.1f}"
    totals = _counts(found) or "no findings"
    verdict = "passed" if s.passed else "failed"
    where = f"{_plural(s.documents, 'document')}, {_plural(s.segments, 'segment')}"
    lines.append(_command("notice", f"mtqa: {totals} in {where}; fluency {fluency}; gate {verdict}", title="mtqa"))
    return "\n".join(lines) + "\n"
