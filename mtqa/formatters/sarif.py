"""SARIF 2.1.0, the format GitHub code scanning (and most static-analysis viewers) ingest.

One run, one rule per check code, one result per finding. A few choices matter to consumers:

- Paths stay relative (``uriBaseId: %SRCROOT%``) because code scanning resolves them against the
  checkout; the report's paths are already relative to the working directory.
- ``partialFingerprints`` carries mtqa's own fingerprint, so alerts survive unrelated edits the
  same way baselines do, instead of GitHub guessing from line hashes.
- Columns are code points (``columnKind``), which is what the report's columns count.
- A fix is offered only where the replaced region is certain (see ``exact_end_column``); a
  wrong automatic fix is worse than none.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from mtqa.formatters.options import FormatOptions
from mtqa.types import Finding, Report, Rule, SegmentResult, Severity

__all__ = ["SARIF_SCHEMA_URI", "SEVERITY_LEVELS", "exact_end_column", "format_sarif", "to_sarif"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "mtqaFingerprint/v1"
TOP_SUGGESTIONS = 3

SEVERITY_LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# Code scanning's precision scale, per code family. Integrity and surface checks are near
# certain; the language, lexical and model checks measured 0.36–0.60 word precision on the bench
# (base rate 18%, BENCHMARKS.md), which is "medium" on GitHub's scale.
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[/\\]")


def exact_end_column(segment: SegmentResult, finding: Finding) -> int | None:
    """The exclusive end column of a word finding, or None when the file position is not exact.

    Structured inputs (JSONL, PO, XLIFF…) point every finding at the start of the target string,
    so a finding further into the text that sits exactly at the segment's own position is only
    approximately placed, and a column span there would highlight the wrong characters.
    """
    if finding.start is None:
        return None
    if finding.start > 0 and (finding.line, finding.column) == (segment.line, segment.column):
        return None
    return finding.column + len(finding.text)


def artifact_uri(path: str) -> tuple[str, str | None]:
    """(URI, uriBaseId) for a report path: relative paths hang off %SRCROOT%, absolute ones
    (files outside the working directory) become file URIs.

    Report paths use '/' already, so a backslash is part of a name (or of an escape such as
    ``new\\nline.txt``, as mtqa.storage.paths shows a newline) and is percent-encoded, never
    turned into a folder separator; only a Windows path (``C:\\…``, or on Windows) has
    backslash separators."""
    windows = os.sep == "\\" or _WINDOWS_DRIVE.match(path) is not None
    slashed = path.replace("\\", "/") if windows else path
    if slashed.startswith("/"):
        return "file://" + quote(slashed), None
    if _WINDOWS_DRIVE.match(path):
        return "file:///" + quote(slashed, safe="/:"), None
    return quote(slashed), SRCROOT


def _rules(codes_in_report: Iterable[str], table: Sequence[Rule]) -> list[dict[str, Any]]:
    rules = []
    for rule in table:
        rules.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "help": {"text": rule.explanation},
                "defaultConfiguration": {"level": SEVERITY_LEVELS[Severity(rule.severity)]},
                "properties": {"tags": ["translation", rule.family], "precision": rule.precision},
            }
        )
    # A result must reference a rule; codes outside the registry (plugins, older reports read
    # back from JSON) get a minimal one rather than a dangling ruleIndex.
    known = {rule["id"] for rule in rules}
    for code in sorted(set(codes_in_report) - known):
        rules.append(
            {
                "id": code,
                "shortDescription": {"text": f"mtqa check {code}"},
                "properties": {"tags": ["translation", "other"], "precision": "medium"},
            }
        )
    return rules


def _message(finding: Finding) -> str:
    text = finding.message.rstrip()
    if finding.suggestions:
        if not text.endswith((".", "!", "?")):
            text += "."
        top = ", ".join(f"'{s.text}'" if s.text else s.label for s in finding.suggestions[:TOP_SUGGESTIONS])
        text += f" Suggestions: {top}."
    return text


def _region(segment: SegmentResult, finding: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
    end = exact_end_column(segment, finding)
    if end is not None:
        region["endColumn"] = end
    if finding.start is not None:
        region["snippet"] = {"text": finding.text}
    return region


def _fixes(segment: SegmentResult, finding: Finding, location: dict[str, Any]) -> list[dict[str, Any]]:
    """Replace the flagged word with the top suggestion, when that edit is unambiguous.

    Flagged text with whitespace may cross a line break the reader folded into a space, which
    the report cannot tell apart from a real space, so those findings get no fix. Nor does a
    deletion: the space beside the word may be such a folded line break too (``mtqa fix``, which
    reads the file's own line, deletes it safely).
    """
    end = exact_end_column(segment, finding)
    if end is None or not finding.suggestions or not finding.text or any(c.isspace() for c in finding.text):
        return []
    if not finding.suggestions[0].text:
        return []
    best = finding.suggestions[0].text
    return [
        {
            "description": {"text": f"Replace '{finding.text}' with '{best}'"},
            "artifactChanges": [
                {
                    "artifactLocation": dict(location),
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": finding.line, "startColumn": finding.column, "endColumn": end},
                            "insertedContent": {"text": best},
                        }
                    ],
                }
            ],
        }
    ]


def _result(segment: SegmentResult, finding: Finding, rule_index: int, location: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": SEVERITY_LEVELS[Severity(finding.severity)],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": {"artifactLocation": dict(location), "region": _region(segment, finding)}}],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    fixes = _fixes(segment, finding, location)
    if fixes:
        result["fixes"] = fixes
    result["properties"] = {
        "confidence": finding.confidence,
        "segment": segment.id,
        "suggestions": [{"text": s.text, "confidence": s.confidence} for s in finding.suggestions],
    }
    return result


def to_sarif(report: Report, options: FormatOptions | None = None) -> dict[str, Any]:
    """The SARIF log as plain data, for callers that post-process it before serialising."""
    options = options or FormatOptions()
    codes = {f.code for _, _, f in report.iter_findings()}
    rules = _rules(codes, options.rules)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for index, doc in enumerate(report.documents):
        uri, base = artifact_uri(doc.path)
        location: dict[str, Any] = {"uri": uri, "index": index}
        if base is not None:
            location["uriBaseId"] = base
        artifact: dict[str, Any] = {"location": {k: v for k, v in location.items() if k != "index"}, "roles": ["analysisTarget"]}
        artifact["properties"] = {"targetLanguage": doc.target_lang, "fluency": doc.fluency}
        artifacts.append(artifact)
        for segment in doc.segments:
            for finding in segment.findings:
                results.append(_result(segment, finding, rule_index[finding.code], location))

    driver: dict[str, Any] = {"name": "mtqa", "version": report.mtqa_version, "semanticVersion": report.mtqa_version}
    information_uri = options.information_uri
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = rules
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.notes:
        invocation["toolExecutionNotifications"] = [{"message": {"text": note}, "level": "note"} for note in report.notes]
    invocation["properties"] = {"gatePassed": report.summary.passed}
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The working directory mtqa ran in; document paths are relative to it."}}
        },
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "signature": report.signature,
            "fluency": report.summary.fluency,
            "findings": dict(report.summary.findings),
            "suppressed": report.summary.suppressed,
        },
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def format_sarif(report: Report, options: FormatOptions) -> str:
    """The SARIF log; like JSON it always carries every finding, so only the rule table applies."""
    return json.dumps(to_sarif(report, options), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
