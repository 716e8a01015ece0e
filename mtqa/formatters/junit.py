"""JUnit XML, for CI systems that only understand test results (GitLab, Jenkins, Azure, test
reporter actions).

The mapping: a document is a test suite and a segment is a test case, so a CI's test tab lists
translated sentences and shows which ones failed. A finding at or above ``fail_on`` becomes a
``<failure>`` (one per finding, so nothing is hidden behind the first); findings below it go to
the test case's ``<system-out>``, visible without failing it. Suite and total ``failures``
count failed test cases, as JUnit consumers expect, so they never exceed ``tests``.

ElementTree does the escaping; characters XML 1.0 cannot carry at all (most C0 controls, lone
surrogates, U+FFFE/U+FFFF) are dropped first, because no escape exists for them and one such
character in a translated file would otherwise make the whole report unparseable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from mtqa.formatters.options import FormatOptions
from mtqa.types import DocumentResult, FailOn, Finding, Report, SegmentResult, Severity

__all__ = ["format_junit", "testcase_name"]

NAME_WORDS = 6
NAME_CHARS = 60

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NON_NAME = re.compile(r"\W+")


def _xml_safe(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text)


def classname(path: str) -> str:
    """``docs/guide/intro.md`` → ``docs.guide.intro``: dots are how JUnit viewers group tests
    into packages, so a folder tree shows up as one."""
    folder, _, name = path.replace("\\", "/").rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    parts = (_NON_NAME.sub("_", part).strip("_") for part in [*folder.split("/"), stem])
    return ".".join(p for p in parts if p) or "document"


def testcase_name(segment: SegmentResult) -> str:
    """``line N: first words…``: the line makes it findable, the words make it recognisable."""
    words = segment.text.split()
    preview = " ".join(words[:NAME_WORDS])
    if len(preview) > NAME_CHARS:
        preview = preview[: NAME_CHARS - 1].rstrip() + "…"
    elif len(words) > NAME_WORDS:
        preview += " …"
    return f"line {segment.line}: {preview}" if preview else f"line {segment.line}: {segment.id}"


def _finding_lines(finding: Finding) -> list[str]:
    lines = [
        f"code: {finding.code}",
        f"severity: {Severity(finding.severity).value}",
        f"position: line {finding.line}, column {finding.column}",
    ]
    if finding.start is not None:
        lines.append(f"text: {finding.text}")
    lines.append(f"message: {finding.message}")
    if finding.suggestions:
        lines.append("suggestions: " + ", ".join(f"{s.label} ({s.confidence:.2f})" for s in finding.suggestions))
    return lines


def _testcase(doc: DocumentResult, segment: SegmentResult, fail_on: FailOn) -> tuple[ET.Element, bool]:
    case = ET.Element(
        "testcase",
        {
            "classname": _xml_safe(classname(doc.path)),
            "name": _xml_safe(testcase_name(segment)),
            "file": _xml_safe(doc.path),
            "line": str(segment.line),
        },
    )
    failing = [f for f in segment.findings if fail_on.fails(Severity(f.severity))]
    passing = [f for f in segment.findings if not fail_on.fails(Severity(f.severity))]
    for finding in failing:
        failure = ET.SubElement(
            case,
            "failure",
            {"type": finding.code, "message": _xml_safe(f"{finding.code} {Severity(finding.severity).value}: {finding.message}")},
        )
        failure.text = _xml_safe("\n".join(_finding_lines(finding)) + "\n")
    if passing:
        out = ET.SubElement(case, "system-out")
        blocks = ["\n".join(_finding_lines(f)) for f in passing]
        out.text = _xml_safe("\n\n".join(blocks) + "\n")
    return case, bool(failing)


def _properties(doc: DocumentResult, signature: str) -> ET.Element:
    props = ET.Element("properties")
    values: list[tuple[str, str | None]] = [
        ("mtqa_signature", signature),
        ("target_lang", doc.target_lang),
        ("source_lang", doc.source_lang),
        ("fluency", None if doc.fluency is None else f"{doc.fluency:.1f}"),
    ]
    values.extend((name, None if metric is None else f"{metric.score:.2f}") for name, metric in doc.metrics.items())
    for name, value in values:
        if value is not None:
            ET.SubElement(props, "property", {"name": name, "value": _xml_safe(value)})
    return props


def _suites(report: Report, fail_on: FailOn) -> Iterable[tuple[ET.Element, int, int]]:
    for doc in report.documents:
        cases = [_testcase(doc, segment, fail_on) for segment in doc.segments]
        failures = sum(1 for _, failed in cases if failed)
        suite = ET.Element(
            "testsuite",
            {
                "name": _xml_safe(doc.path),
                "tests": str(len(cases)),
                "failures": str(failures),
                "errors": "0",
                "skipped": "0",
            },
        )
        suite.append(_properties(doc, report.signature))
        suite.extend(case for case, _ in cases)
        yield suite, len(cases), failures


def format_junit(report: Report, options: FormatOptions) -> str:
    """One ``<testsuites>`` document; ``options.fail_on`` decides failure versus system-out."""
    fail_on = FailOn(options.fail_on)
    root = ET.Element("testsuites", {"name": "mtqa"})
    tests = failures = 0
    for suite, suite_tests, suite_failures in _suites(report, fail_on):
        root.append(suite)
        tests += suite_tests
        failures += suite_failures
    root.attrib.update({"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
