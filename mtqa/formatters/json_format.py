"""The JSON report: the one contract CI pipelines and evaluations read (DESIGN.md, "JSON report
contract").

``to_dict`` fixes key order and rounding so that two runs with the same results produce the
same bytes (diffable reports, golden files); ``from_dict`` inverts it so that a saved report can
serve as a baseline or be re-rendered in another format without re-running the model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from mtqa.formatters.options import FormatOptions
from mtqa.types import (
    DocumentResult,
    Finding,
    Metric,
    Report,
    SegmentResult,
    Severity,
    Suggestion,
    Summary,
    Word,
)

__all__ = ["SEVERITY_KEYS", "dumps", "format_json", "from_dict", "to_dict"]

# More digits than these are noise from the model or sacrebleu and only make diffs noisy.
P_BAD_DIGITS = 4
FLUENCY_DIGITS = 1
CONFIDENCE_DIGITS = 3
METRIC_DIGITS = 2

SEVERITY_KEYS: tuple[str, ...] = (Severity.ERROR.value, Severity.WARNING.value, Severity.INFO.value)
"""Order of ``summary.findings``; every key is always present so consumers need no defaults."""


def _round(value: float, digits: int) -> float:
    rounded = round(float(value), digits)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in reports


def _round_opt(value: float | None, digits: int) -> float | None:
    return None if value is None else _round(value, digits)


def _metrics(metrics: Mapping[str, Metric | None]) -> dict[str, Any]:
    return {
        name: None if m is None else {"score": _round(m.score, METRIC_DIGITS), "signature": m.signature}
        for name, m in metrics.items()
    }


def _word(w: Word) -> dict[str, Any]:
    return {
        "start": w.start,
        "end": w.end,
        "text": w.text,
        "p_bad": _round_opt(w.p_bad, P_BAD_DIGITS),
        "p_wrong": _round_opt(w.p_wrong, P_BAD_DIGITS),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": Severity(f.severity).value,
        "start": f.start,
        "end": f.end,
        "line": f.line,
        "column": f.column,
        "text": f.text,
        "message": f.message,
        "confidence": _round(f.confidence, CONFIDENCE_DIGITS),
        "suggestions": [{"text": s.text, "confidence": _round(s.confidence, CONFIDENCE_DIGITS)} for s in f.suggestions],
        "fingerprint": f.fingerprint,
    }


def _segment(s: SegmentResult) -> dict[str, Any]:
    return {
        "id": s.id,
        "line": s.line,
        "column": s.column,
        "text": s.text,
        "source": s.source,
        "reference": s.reference,
        "fluency": _round_opt(s.fluency, FLUENCY_DIGITS),
        "metrics": _metrics(s.metrics),
        "words": [_word(w) for w in s.words],
        "findings": [_finding(f) for f in s.findings],
    }


def _document(d: DocumentResult) -> dict[str, Any]:
    return {
        "path": d.path,
        "source_path": d.source_path,
        "reference_path": d.reference_path,
        "target_lang": d.target_lang,
        "source_lang": d.source_lang,
        "fluency": _round_opt(d.fluency, FLUENCY_DIGITS),
        "metrics": _metrics(d.metrics),
        "segments": [_segment(s) for s in d.segments],
    }


def _summary(s: Summary) -> dict[str, Any]:
    return {
        "documents": s.documents,
        "segments": s.segments,
        "words": s.words,
        "findings": {key: int(s.findings.get(key, 0)) for key in SEVERITY_KEYS},
        "fluency": _round_opt(s.fluency, FLUENCY_DIGITS),
        "passed": s.passed,
        "suppressed": s.suppressed,
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-able data in contract key order, floats rounded."""
    return {
        "mtqa_version": report.mtqa_version,
        "schema": report.schema,
        "signature": report.signature,
        "summary": _summary(report.summary),
        "documents": [_document(d) for d in report.documents],
        "notes": list(report.notes),
    }


def dumps(data: Mapping[str, Any]) -> str:
    """Serialise contract data; NaN/Infinity raise because they are not JSON and would break
    every strict consumer downstream."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def format_json(report: Report, options: FormatOptions) -> str:
    """The JSON report; options do not apply because the contract always carries everything."""
    del options
    return dumps(to_dict(report))


# ---------------------------------------------------------------------------------------------
# Reading back


def _metrics_from(data: Mapping[str, Any]) -> dict[str, Metric | None]:
    return {
        name: None if m is None else Metric(score=float(m["score"]), signature=str(m["signature"])) for name, m in data.items()
    }


def _float_opt(value: Any) -> float | None:
    if value is None:
        return None
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _finding_from(d: Mapping[str, Any]) -> Finding:
    return Finding(
        code=d["code"],
        severity=Severity(d["severity"]),
        start=d["start"],
        end=d["end"],
        line=d["line"],
        column=d["column"],
        text=d["text"],
        message=d["message"],
        confidence=float(d["confidence"]),
        suggestions=tuple(Suggestion(text=s["text"], confidence=float(s["confidence"])) for s in d["suggestions"]),
        fingerprint=d.get("fingerprint", ""),
    )


def _words_from(items: Sequence[Mapping[str, Any]]) -> tuple[Word, ...]:
    # Reports written before P(wrong) existed have no "p_wrong": they read back without it.
    return tuple(
        Word(start=w["start"], end=w["end"], text=w["text"], p_bad=_float_opt(w["p_bad"]), p_wrong=_float_opt(w.get("p_wrong")))
        for w in items
    )


def _segment_from(d: Mapping[str, Any]) -> SegmentResult:
    return SegmentResult(
        id=d["id"],
        line=d["line"],
        column=d["column"],
        text=d["text"],
        source=d["source"],
        reference=d["reference"],
        fluency=_float_opt(d["fluency"]),
        metrics=_metrics_from(d["metrics"]),
        words=_words_from(d["words"]),
        findings=tuple(_finding_from(f) for f in d["findings"]),
    )


def _document_from(d: Mapping[str, Any]) -> DocumentResult:
    return DocumentResult(
        path=d["path"],
        source_path=d["source_path"],
        reference_path=d["reference_path"],
        target_lang=d["target_lang"],
        source_lang=d["source_lang"],
        fluency=_float_opt(d["fluency"]),
        metrics=_metrics_from(d["metrics"]),
        segments=tuple(_segment_from(s) for s in d["segments"]),
    )


def _summary_from(d: Mapping[str, Any]) -> Summary:
    return Summary(
        documents=d["documents"],
        segments=d["segments"],
        words=d["words"],
        findings={key: int(value) for key, value in d["findings"].items()},
        fluency=_float_opt(d["fluency"]),
        passed=bool(d["passed"]),
        suppressed=int(d.get("suppressed", 0)),
    )


def from_dict(data: Mapping[str, Any]) -> Report:
    """Rebuild a Report from ``to_dict`` output (or a parsed JSON report).

    Extensions (``notes``, ``summary.suppressed``) may be missing, as in reports written before
    they existed. The data is not validated here: call ``mtqa.schema.validate_report`` first
    when it comes from outside; malformed input raises KeyError, TypeError or ValueError.
    """
    return Report(
        mtqa_version=data["mtqa_version"],
        schema=data["schema"],
        signature=data["signature"],
        summary=_summary_from(data["summary"]),
        documents=tuple(_document_from(d) for d in data["documents"]),
        notes=tuple(data.get("notes", ())),
    )
