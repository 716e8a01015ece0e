"""The CI gate: does this report pass, and with which exit code?

Exit codes follow Vale: 0 passed, 1 failed, 2 for usage, input or internal errors (raised as
MtqaError before a report exists), 130 when interrupted.
"""

from __future__ import annotations

from dataclasses import replace

from mtqa.config.model import Config
from mtqa.types import Report

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def failure_reasons(report: Report, config: Config) -> list[str]:
    reasons = []
    failing = sum(1 for _, _, finding in report.iter_findings() if config.fail_on.fails(finding.severity))
    if failing:
        reasons.append(f"{failing} finding(s) at or above --fail-on {config.fail_on.value}")
    if config.min_fluency is not None:
        for doc in report.documents:
            if doc.fluency is not None and doc.fluency < config.min_fluency:
                reasons.append(f"{doc.path}: fluency {doc.fluency:.1f} is below --min-fluency {config.min_fluency:g}")
    return reasons


def apply_gate(report: Report, config: Config) -> Report:
    reasons = failure_reasons(report, config)
    summary = replace(report.summary, passed=not reasons)
    return replace(report, summary=summary, notes=report.notes + tuple(f"gate: {r}" for r in reasons))


def exit_code(report: Report) -> int:
    return EXIT_PASSED if report.summary.passed else EXIT_FAILED
