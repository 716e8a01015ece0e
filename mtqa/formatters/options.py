"""Options every formatter accepts, kept apart from the registry so formatter modules can import
them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.types import FailOn, Rule


@dataclass(frozen=True)
class FormatOptions:
    """How to present a Report; never what it contains.

    ``fail_on`` is the gate's threshold, for formats that must map severities onto pass/fail
    levels themselves (JUnit failures, SARIF levels, GitHub annotations). ``max_findings`` caps
    the per-finding lines of screen-oriented formats; machine formats always carry everything.
    """

    color: bool = False
    fail_on: str = "error"
    max_findings: int | None = None
    rules: tuple[Rule, ...] = ()
    """The rule table (``mtqa.checks.rule_table()``), for formats that describe each code; a code
    missing from it is shown by its code alone."""
    information_uri: str | None = None
    """The project URL the installed distribution declares, for SARIF's tool record."""

    def rule(self, code: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.code == code), None)

    def __post_init__(self) -> None:
        FailOn(self.fail_on)  # a typo here would silently change what counts as failing
        if self.max_findings is not None and self.max_findings < 0:
            raise ValueError("max_findings must be >= 0")
