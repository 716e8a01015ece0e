"""Output formats: pure functions from a Report to a string.

Only the CLI decides where the string goes. To add a format, add an ``OutputFormat`` member, a
module with a ``format_<name>(report, options) -> str`` function, and a ``FORMATTERS`` entry;
``tests/test_formatters.py`` fails until all three exist.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from mtqa.formatters.html import format_html
from mtqa.formatters.json_format import format_json
from mtqa.formatters.options import FormatOptions
from mtqa.formatters.text import format_text
from mtqa.types import Report

__all__ = ["FORMATTERS", "FormatOptions", "Formatter", "OutputFormat", "render"]


class OutputFormat(str, Enum):
    """The values ``--format`` accepts; the value is also the file extension of written reports."""

    TEXT = "text"
    JSON = "json"
    HTML = "html"


Formatter = Callable[[Report, FormatOptions], str]

FORMATTERS: dict[OutputFormat, Formatter] = {
    OutputFormat.TEXT: format_text,
    OutputFormat.JSON: format_json,
    OutputFormat.HTML: format_html,
}


def render(report: Report, fmt: OutputFormat | str, options: FormatOptions | None = None) -> str:
    """Format ``report``; a plain string ``fmt`` is accepted so callers need not import the enum."""
    return FORMATTERS[OutputFormat(fmt)](report, options or FormatOptions())
