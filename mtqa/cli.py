"""The command line: options, wiring and exit codes, nothing else.

Heavy modules are imported inside the commands that need them, so ``mtqa --help``, ``rules``
and ``explain`` start instantly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from mtqa import __version__
from mtqa.cli_options import AnalysisFlags, GateFlags, InputFlags, with_groups
from mtqa.errors import MtqaError, UsageError
from mtqa.gate import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_PASSED

if TYPE_CHECKING:
    from mtqa.config import Config
    from mtqa.settings import Settings
    from mtqa.types import Document, Report

app = typer.Typer(
    name="mtqa",
    help="Machine-translation quality checker: flags suspect words, suggests fixes, scores fluency, gates CI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
models_app = typer.Typer(help="List and prepare the built-in language models.", invoke_without_command=True)
app.add_typer(models_app, name="models")
cache_app = typer.Typer(help="Show or empty the score cache, which spares re-checks the model.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    from mtqa.readers.display import safe_text

    typer.echo(f"mtqa: error: {safe_text(message)}", err=True)  # one line, whatever a file name holds
    raise typer.Exit(code)


def _split_list(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(p.strip() for p in value.split(",") if p.strip())


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class _Progress:
    """A one-line progress counter on stderr, only on a terminal and only for long runs."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 128:
            return
        self.shown = True
        sys.stderr.write(f"\rmtqa: scored {done}/{total} segments")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


@app.command()
@with_groups(inputs=InputFlags, analysis=AnalysisFlags, gate=GateFlags)
def check(
    files: Annotated[list[Path], typer.Argument(help="Files or folders to check.", show_default=False)],
    inputs: InputFlags,
    analysis: AnalysisFlags,
    gate: GateFlags,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the (single) format to this file.")] = None,
    no_reports: Annotated[bool, typer.Option("--no-reports", help="With --format text, write no report files.")] = False,
    changed_since: Annotated[
        str | None, typer.Option(help="Only files changed since this git ref (merge base), plus untracked ones.")
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Check translated files and report suspect words, suggestions and fluency."""
    _guarded(lambda: _run_check(files, inputs, analysis, gate, output, no_reports, changed_since), debug)


@app.command()
@with_groups(inputs=InputFlags, analysis=AnalysisFlags)
def baseline(
    files: Annotated[list[Path], typer.Argument(help="Files or folders to record.", show_default=False)],
    inputs: InputFlags,
    analysis: AnalysisFlags,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Baseline file (default: the config's baseline, else .mtqa-baseline.json)."),
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Record today's findings, so that 'check --baseline' fails only on new ones."""
    _guarded(lambda: _run_baseline(files, inputs, analysis, output), debug)


@app.command()
@with_groups(inputs=InputFlags, analysis=AnalysisFlags)
def fix(
    files: Annotated[list[Path], typer.Argument(help="Files or folders to correct.", show_default=False)],
    inputs: InputFlags,
    analysis: AnalysisFlags,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the corrected copy here (one file only).")] = None,
    suffix: Annotated[
        str | None, typer.Option(help="Write each corrected copy next to its file, e.g. .fixed: seed.po → seed.fixed.po.")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite the files, keeping a backup.")] = False,
    backup_suffix: Annotated[str, typer.Option(help="With --in-place: the backup's suffix.")] = ".orig",
    min_confidence: Annotated[float, typer.Option(help="Apply a top suggestion only at or above this confidence.")] = 0.5,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Apply the top suggestions to a copy of each file and print a unified diff.

    Nothing is written without --output, --suffix or --in-place; everything but the corrected
    words stays byte for byte as it was.
    """
    targets = FixTargets(output, suffix, in_place, backup_suffix)
    _guarded(lambda: _run_fix(files, inputs, analysis, targets, min_confidence), debug)


@app.command("config")
@with_groups(analysis=AnalysisFlags, gate=GateFlags)
def config_command(analysis: AnalysisFlags, gate: GateFlags) -> None:
    """Print the effective settings, where each came from, and the config file in use."""
    from mtqa.settings import describe

    try:
        settings = _settings(analysis, gate)
    except MtqaError as exc:
        _fail(str(exc))
    typer.echo(describe(settings), nl=False)


def _guarded(run: Callable[[], int], debug: bool) -> NoReturn:
    """Run a command body: mtqa errors become one line and exit 2, with tracebacks only for --debug."""
    try:
        code = run()
    except MtqaError as exc:
        if debug:
            raise
        _fail(str(exc))
    except KeyboardInterrupt:
        typer.echo("mtqa: interrupted", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except typer.Exit:
        raise
    except Exception as exc:
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
    raise typer.Exit(code)


def _settings(analysis: AnalysisFlags, gate: GateFlags | None = None) -> Settings:
    from mtqa.settings import resolve

    flags = analysis.overrides() | (gate.overrides() if gate is not None else {})
    return resolve(flags, config_file=analysis.config, isolated=analysis.isolated)


def _check_input_format(value: str | None) -> None:
    from mtqa.readers.registry import FORMATS

    if value is not None and value not in FORMATS:
        raise UsageError(f"--input-format must be one of {', '.join(FORMATS)}, not {value!r}")


def _run_check(
    files: list[Path],
    inputs: InputFlags,
    analysis: AnalysisFlags,
    gate: GateFlags,
    output: Path | None,
    no_reports: bool,
    changed_since: str | None,
) -> int:
    from mtqa.formatters import FormatOptions, OutputFormat, render
    from mtqa.gate import exit_code
    from mtqa.output import write_atomic

    config = _settings(analysis, gate).config
    formats = _parse_formats(config.output_format)
    output_dir = config.output_dir
    if output is not None and len(formats) != 1:
        raise UsageError("--output takes exactly one --format; use --output-dir for several")
    _check_input_format(config.input_format)
    notes: list[str] = []
    _, report = _read_and_check(_changed_only(files, changed_since, notes), inputs, config, notes)

    options = FormatOptions(color=_use_color(sys.stdout), fail_on=config.fail_on.value)
    file_options = FormatOptions(color=False, fail_on=config.fail_on.value)
    if output is not None:
        write_atomic(output, render(report, formats[0], file_options))
    elif formats == [OutputFormat.TEXT]:
        typer.echo(render(report, OutputFormat.TEXT, options), nl=False)
        if not no_reports:
            for fmt in (OutputFormat.JSON, OutputFormat.HTML):
                write_atomic(output_dir / f"mtqa-report.{fmt.extension}", render(report, fmt, file_options))
    elif len(formats) == 1:
        typer.echo(render(report, formats[0], options if formats[0] is OutputFormat.TEXT else file_options), nl=False)
    else:
        for fmt in formats:
            write_atomic(output_dir / f"mtqa-report.{fmt.extension}", render(report, fmt, file_options))
    return exit_code(report)


def _read_and_check(
    files: Sequence[Path],
    inputs: InputFlags,
    config: Config,
    notes: list[str],
    before_check: Callable[[list[Document]], None] | None = None,
) -> tuple[list[Document], Report]:
    """Read the inputs and check them, as check, baseline and fix all do; reader notes go to
    stderr. ``before_check`` lets a command refuse its arguments before the model loads."""
    from mtqa.deadline import FileClock
    from mtqa.engine import Engine, read_inputs

    clock = FileClock(config.timeout)
    documents = read_inputs(files, config, notes, inputs.source, inputs.ref, clock)
    if before_check is not None:
        before_check(documents)
    for note in notes:
        typer.echo(f"mtqa: {note}", err=True)
    progress = _Progress()
    try:
        report = Engine(config, progress=progress, clock=clock).check(documents, notes)
    finally:
        progress.close()
    return documents, report


def _changed_only(files: list[Path], changed_since: str | None, notes: list[str]) -> Sequence[Path]:
    """With --changed-since, the given files and folders narrowed to those git says changed."""
    if changed_since is None:
        return files
    from mtqa.changed import changed_files, keep_changed
    from mtqa.readers import expand_paths

    changed = changed_files(changed_since)
    expanded = expand_paths(files, notes)
    kept = keep_changed(expanded, changed)
    notes.append(f"--changed-since {changed_since}: checking {len(kept)} of {len(expanded)} file(s)")
    return kept


def _run_baseline(files: list[Path], inputs: InputFlags, analysis: AnalysisFlags, output: Path | None) -> int:
    from mtqa.baseline import DEFAULT_BASELINE, from_report, write_baseline
    from mtqa.readers import display_path

    settings = _settings(analysis)
    # Record every finding: an existing baseline must not hide any, and suggestions are not recorded.
    config = replace(settings.config, baseline=None, suggest=False)
    _check_input_format(config.input_format)
    target = output or settings.config.baseline or DEFAULT_BASELINE
    _, report = _read_and_check(files, inputs, config, [])
    recorded = from_report(report)
    write_baseline(target, recorded)
    shown = display_path(target)
    typer.echo(f"mtqa: recorded {len(recorded.entries)} finding(s) from {report.summary.documents} document(s) in {shown}")
    return EXIT_PASSED


@dataclass(frozen=True)
class FixTargets:
    """Where ``mtqa fix`` writes; at most one of the three ways may be chosen."""

    output: Path | None
    suffix: str | None
    in_place: bool
    backup_suffix: str

    def validate(self, file_count: int) -> None:
        ways = (("--output", self.output), ("--suffix", self.suffix), ("--in-place", self.in_place))
        chosen = [name for name, on in ways if on]
        if len(chosen) > 1:
            raise UsageError(f"{' and '.join(chosen)} contradict each other; choose one")
        if self.output is not None and file_count != 1:
            raise UsageError(f"--output takes exactly one input file, not {file_count}; use --suffix or --in-place")
        if self.in_place and not self.backup_suffix:
            raise UsageError("--backup-suffix must not be empty: --in-place always keeps a backup")

    def destination(self, path: Path) -> Path | None:
        from mtqa.fix import suffixed

        if self.output is not None:
            return self.output
        if self.suffix:
            return suffixed(path, self.suffix)
        return path if self.in_place else None


def _run_fix(files: list[Path], inputs: InputFlags, analysis: AnalysisFlags, targets: FixTargets, min_confidence: float) -> int:
    from mtqa.fix import FIXABLE_FORMATS, apply_edits, describe, plan_edits, unified_diff
    from mtqa.output import write_atomic_bytes

    if not 0.0 <= min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, not {min_confidence:g}")
    config = replace(_settings(analysis).config, suggest=True)
    _check_input_format(config.input_format)
    documents, report = _read_and_check(files, inputs, config, [], before_check=lambda docs: targets.validate(len(docs)))
    changed_files = fixed_words = 0
    for document, result in zip(documents, report.documents):
        escape = FIXABLE_FORMATS.get(document.input_format)
        if escape is None:
            typer.echo(f"mtqa: {document.path}: {document.input_format} findings have no exact positions; not fixed", err=True)
            continue
        path = Path(document.path)
        try:
            original = path.read_bytes()
        except OSError as error:  # e.g. a name shown with escapes (display_path) is not the real one
            typer.echo(f"mtqa: {document.path}: cannot read it again to fix it ({error.strerror or error}); not fixed", err=True)
            continue
        fixed = apply_edits(original, plan_edits(result, min_confidence), escape)
        for edit, reason in fixed.skipped:
            typer.echo(f"mtqa: {document.path}:{edit.line}:{edit.column}: not fixed: {reason}", err=True)
        if not fixed.applied:
            continue
        typer.echo(unified_diff(original, fixed.data, document.path), nl=False)
        for line in describe(fixed.applied):
            typer.echo(f"mtqa: {document.path}:{line}", err=True)
        changed_files += 1
        fixed_words += len(fixed.applied)
        destination = targets.destination(path)
        if destination is None:
            continue
        mode = path.stat().st_mode & 0o7777
        if targets.in_place:
            write_atomic_bytes(path.with_name(path.name + targets.backup_suffix), original, mode)
        write_atomic_bytes(destination, fixed.data, mode if destination == path else None)
    dry_run = not (targets.output or targets.suffix or targets.in_place)
    written = " (nothing written: use --output, --suffix or --in-place)" if dry_run else ""
    typer.echo(f"mtqa: {fixed_words} fix(es) in {changed_files} file(s){written}", err=True)
    return EXIT_PASSED


def _parse_formats(value: str) -> list:  # type: ignore[type-arg]
    from mtqa.formatters import OutputFormat

    formats = []
    for name in _split_list(value) or ("text",):
        try:
            formats.append(OutputFormat(name))
        except ValueError:
            choices = ", ".join(f.value for f in OutputFormat)
            raise UsageError(f"unknown --format {name!r}; choose from {choices}") from None
    return formats


@models_app.callback()
def models(ctx: typer.Context) -> None:
    """List the built-in models, their licences and whether they are ready to use."""
    if ctx.invoked_subcommand is not None:
        return
    from mtqa.lm.registry import BUILTIN_MODELS, DEFAULT_MODEL, is_materialized, package_version

    for alias, spec in BUILTIN_MODELS.items():
        version = package_version(spec.package)
        if version is None:
            state = f"not installed ({spec.install_hint})"
        elif is_materialized(alias):
            state = f"ready ({spec.package} {version})"
        else:
            state = f"installed ({spec.package} {version}); prepared on first use or by 'mtqa models prefetch'"
        default = " (default)" if alias == DEFAULT_MODEL else ""
        typer.echo(f"{alias}{default}: {spec.description}\n  licence: {spec.licence}\n  state: {state}")
    typer.echo("Any Hugging Face causal LM id or local folder also works with --model, where it is available.")


@models_app.command("prefetch")
def prefetch(aliases: Annotated[list[str] | None, typer.Argument(help="Aliases (default: the default model).")] = None) -> None:
    """Convert built-in weights once into the cache, so later runs start in seconds.

    The word-frequency index that foreignness reads is built here too, so that an offline or
    CI machine prepared by this command computes nothing but scores on its first check."""
    from mtqa.frequency_index import FrequencyIndex, foreign_frequencies, index_path
    from mtqa.lexicon import FOREIGN_CANDIDATES
    from mtqa.lm.registry import BUILTIN_MODELS, DEFAULT_MODEL, materialize

    for alias in aliases or [DEFAULT_MODEL]:
        if alias not in BUILTIN_MODELS:
            _fail(f"unknown model alias {alias!r}; known: {', '.join(BUILTIN_MODELS)}")
        try:
            folder = materialize(alias)
        except MtqaError as exc:
            _fail(str(exc))
        typer.echo(f"{alias}: ready in {folder}")
    if isinstance(foreign_frequencies(FOREIGN_CANDIDATES), FrequencyIndex):
        typer.echo(f"word frequencies: ready in {index_path()}")
    else:
        typer.echo(f"word frequencies: cannot write {index_path()}; wordfreq's tables will be loaded on each run")


@cache_app.command("info")
def cache_info() -> None:
    """Print where the score cache is, its size, and the models it holds scores for."""
    from mtqa.lm.cache import cache_info as read_info
    from mtqa.lm.cache import describe

    try:
        typer.echo(describe(read_info()), nl=False)
    except MtqaError as exc:
        _fail(str(exc))


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cached score; the next checks score afresh."""
    from mtqa.lm.cache import clear_cache, default_path

    try:
        dropped = clear_cache()
    except MtqaError as exc:
        _fail(str(exc))
    typer.echo(f"mtqa: cleared {dropped} cached score(s) from {default_path()}")


@app.command()
def rules() -> None:
    """List every check code with its default severity and summary."""
    from mtqa.checks import ALL_CHECKS

    for check_class in ALL_CHECKS:
        typer.echo(f"{check_class.code}  {check_class.severity.value:<7}  {check_class.name:<24} {check_class.summary()}")


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A check code, e.g. MT201.")]) -> None:
    """Explain what a check finds, why it matters, and an example."""
    from mtqa.checks import CHECKS_BY_CODE

    check_class = CHECKS_BY_CODE.get(code.upper())
    if check_class is None:
        _fail(f"unknown code {code!r}; 'mtqa rules' lists them")
    typer.echo(f"{check_class.code} {check_class.name} (default severity: {check_class.severity.value})\n")
    typer.echo(check_class.explanation())


@app.command()
def version() -> None:
    """Print the mtqa version."""
    typer.echo(f"mtqa {__version__}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
