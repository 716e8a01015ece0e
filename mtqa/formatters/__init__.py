"""Output formats: pure functions from a Report to a string.

Only the CLI decides where the string goes. To add a format, add an ``OutputFormat`` member, a
module with a ``format_<name>(report, options) -> str`` function, a ``FORMATTERS`` entry and
an ``_EXTENSIONS`` entry;
``tests/test_formatters.py`` fails until all three exist.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from mtqa.formatters.github import format_github
from mtqa.formatters.html import format_html
from mtqa.formatters.json_format import format_json
from mtqa.formatters.junit import format_junit
from mtqa.formatters.markdown import format_markdown
from mtqa.formatters.options import FormatOptions
from mtqa.formatters.sarif import format_sarif
from mtqa.formatters.text import format_text
from mtqa.types import Report

__all__ = ["FORMATTERS", "FormatOptions", "Formatter", "OutputFormat", "render"]


class OutputFormat(str, Enum):
    """The values ``--format`` accepts."""

    TEXT = "text"
    JSON = "json"
    HTML = "html"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    MARKDOWN = "markdown"

    @property
    def extension(self) -> str:
        """What ``mtqa-report.<extension>`` files get: the one tools look for (upload-sarif
        wants ``.sarif``, JUnit collectors ``.xml``). GitHub annotations act when a workflow
        step prints them; as a file (to ``cat`` in a later step) they get ``github.txt``, so
        they never collide with the text summary's ``txt``."""
        return _EXTENSIONS[self]


_EXTENSIONS: dict[OutputFormat, str] = {
    OutputFormat.TEXT: "txt",
    OutputFormat.JSON: "json",
    OutputFormat.HTML: "html",
    OutputFormat.SARIF: "sarif",
    OutputFormat.JUNIT: "xml",
    OutputFormat.GITHUB: "github.txt",
    OutputFormat.MARKDOWN: "md",
}


Formatter = Callable[[Report, FormatOptions], str]

FORMATTERS: dict[OutputFormat, Formatter] = {
    OutputFormat.TEXT: format_text,
    OutputFormat.JSON: format_json,
    OutputFormat.HTML: format_html,
    OutputFormat.SARIF: format_sarif,
    OutputFormat.JUNIT: format_junit,
    OutputFormat.GITHUB: format_github,
    OutputFormat.MARKDOWN: format_markdown,
}


def render(report: Report, fmt: OutputFormat | str, options: FormatOptions | None = None) -> str:
    """Format ``report``; a plain string ``fmt`` is accepted so callers need not import the enum."""
    return FORMATTERS[OutputFormat(fmt)](report, options or FormatOptions())
