"""Where ``mtqa check`` puts its report: which formats go to which file or to stdout.

The decision is made once, from the options, before any input is read, so that a destination
the output gate refuses (an input, a device, a folder that is a file) fails the run before the
model loads; the same plan then writes the rendered report through the gate.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from mtqa.errors import UsageError
from mtqa.formatters import FormatOptions, OutputFormat, render
from mtqa.storage.output import STDOUT, Inputs, Write, commit, emit, resolve
from mtqa.types import Report

REPORT_STEM = "mtqa-report"
"""Report files are ``mtqa-report.<extension>``; folder walks skip such files (mtqa.readers.paths)."""


def parse_formats(value: str) -> tuple[OutputFormat, ...]:
    """``--format a,b``: each name must be a known format."""
    formats = []
    for name in (part.strip() for part in value.split(",")):
        if not name:
            continue
        try:
            formats.append(OutputFormat(name))
        except ValueError:
            choices = ", ".join(f.value for f in OutputFormat)
            raise UsageError(f"unknown --format {name!r}; choose from {choices}") from None
    return tuple(formats) or (OutputFormat.TEXT,)


@dataclass(frozen=True)
class ReportPlan:
    """The formats of a run and where each goes: a file, or stdout (None)."""

    destinations: tuple[tuple[OutputFormat, Path | None], ...]

    @classmethod
    def of(cls, formats: Sequence[OutputFormat], output: Path | None, output_dir: Path, no_reports: bool) -> ReportPlan:
        """As DESIGN.md says: ``-o`` takes one format (``-`` is stdout); text alone prints and
        writes the JSON and HTML reports unless ``--no-reports``; one other format prints;
        several go to ``output_dir``."""
        if output is not None:
            if len(formats) != 1:
                raise UsageError("--output takes exactly one --format; use --output-dir for several")
            return cls(((formats[0], None if str(output) == STDOUT else output),))
        if tuple(formats) == (OutputFormat.TEXT,):
            files = () if no_reports else (OutputFormat.JSON, OutputFormat.HTML)
            return cls(((OutputFormat.TEXT, None), *((fmt, _report_path(output_dir, fmt)) for fmt in files)))
        if len(formats) == 1:
            return cls(((formats[0], None),))
        return cls(tuple((fmt, _report_path(output_dir, fmt)) for fmt in formats))

    def files(self) -> list[Path]:
        return [path for _, path in self.destinations if path is not None]

    def check(self, _files: Sequence[Path], inputs: Inputs) -> None:
        """Refuse a bad destination now, before the model runs (``_files``: the inputs as
        given, which ``inputs`` already holds resolved)."""
        for path in self.files():
            resolve(path, inputs)

    def deliver(self, report: Report, inputs: Inputs, options: FormatOptions, color: bool) -> None:
        """Every report file (all or none), then what goes to stdout."""
        writes = [Write(path, render(report, fmt, options).encode("utf-8")) for fmt, path in self.destinations if path]
        commit(writes, inputs)
        for fmt, path in self.destinations:
            if path is None:
                if fmt is OutputFormat.TEXT:
                    emit(render(report, fmt, dataclasses.replace(options, color=color)))
                else:
                    emit(render(report, fmt, options).encode("utf-8"))


def _report_path(folder: Path, fmt: OutputFormat) -> Path:
    return folder / f"{REPORT_STEM}.{fmt.extension}"


def format_options(fail_on: str) -> FormatOptions:
    """What every formatter is handed besides the report: the rule table and the tool's URL, so
    that no formatter imports the check registry or reads package metadata itself."""
    from mtqa.checks import rule_table

    return FormatOptions(fail_on=fail_on, rules=rule_table(), information_uri=_information_uri())


def _information_uri() -> str | None:
    """The project URL the installed distribution declares, if any; SARIF wants one, and a
    made-up address would be worse than none."""
    try:
        meta = metadata.metadata("mtqa")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or ():
        _, _, url = entry.partition(",")
        if url.strip():
            return url.strip()
    home = (meta.get_all("Home-page") or [""])[0].strip()
    return home or None
