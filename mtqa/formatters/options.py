"""Options every formatter accepts, kept apart from the registry so formatter modules can import
them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.types import FailOn


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

    def __post_init__(self) -> None:
        FailOn(self.fail_on)  # a typo here would silently change what counts as failing
        if self.max_findings is not None and self.max_findings < 0:
            raise ValueError("max_findings must be >= 0")
