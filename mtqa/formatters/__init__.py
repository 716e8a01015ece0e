"""Output formats: pure functions from a Report (and FormatOptions) to a string.

Only the CLI decides where the string goes. Each format is one ``Format`` row: its name, the
extension of its report file and its function. To add one, write a module with a
``format_<name>(report, options) -> str`` function, add its row to ``FORMATS`` and its member
to ``OutputFormat`` (the choices ``--format`` shows); ``tests/test_formatters.py`` fails until
every member has a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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

__all__ = ["FORMATS", "FORMATTERS", "Format", "FormatOptions", "Formatter", "OutputFormat", "render"]


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
        return FORMATS_BY_NAME[self.value].extension


Formatter = Callable[[Report, FormatOptions], str]


@dataclass(frozen=True)
class Format:
    """One output format. ``extension`` is what ``mtqa-report.<extension>`` files get: the one
    tools look for (upload-sarif wants ``.sarif``, JUnit collectors ``.xml``). GitHub annotations
    act when a workflow step prints them; as a file (to ``cat`` in a later step) they get
    ``github.txt``, so they never collide with the text summary's ``txt``."""

    name: str
    extension: str
    render: Formatter


FORMATS: tuple[Format, ...] = (
    Format("text", "txt", format_text),
    Format("json", "json", format_json),
    Format("html", "html", format_html),
    Format("sarif", "sarif", format_sarif),
    Format("junit", "xml", format_junit),
    Format("github", "github.txt", format_github),
    Format("markdown", "md", format_markdown),
)
FORMATS_BY_NAME: dict[str, Format] = {fmt.name: fmt for fmt in FORMATS}
FORMATTERS: dict[OutputFormat, Formatter] = {OutputFormat(fmt.name): fmt.render for fmt in FORMATS}
"""The same table keyed by the enum, for callers that hold an OutputFormat."""


def render(report: Report, fmt: OutputFormat | str, options: FormatOptions | None = None) -> str:
    """Format ``report``; a plain string ``fmt`` is accepted so callers need not import the enum."""
    return FORMATS_BY_NAME[OutputFormat(fmt).value].render(report, options or FormatOptions())
