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
from mtqa.ci.gate import EXIT_INTERRUPTED, EXIT_PASSED
from mtqa.cli.models import cache_app, models_app
from mtqa.cli.models import fail as _fail
from mtqa.cli.options import AnalysisFlags, GateFlags, InputFlags, with_groups
from mtqa.cli.progress import Progress
from mtqa.errors import MtqaError, UsageError

if TYPE_CHECKING:
    from mtqa.config.layering import Settings
    from mtqa.config.model import Config
    from mtqa.corrections.targets import FixTargets
    from mtqa.storage.output import Inputs
    from mtqa.types import Document, Report

app = typer.Typer(
    name="mtqa",
    help="Machine-translation quality checker: flags suspect words, suggests fixes, scores fluency, gates CI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(models_app, name="models")
app.add_typer(cache_app, name="cache")


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


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
    force: Annotated[bool, typer.Option("--force", help="With --in-place: rewrite read-only files too.")] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            help="Apply a top suggestion only at or above this confidence. Default: the shipped calibration's, "
            "where top suggestions matched human post-edits 80% of the time.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Apply the top suggestions to a copy of each file and print a unified diff.

    Nothing is written without --output, --suffix or --in-place; everything but the corrected
    words stays byte for byte as it was.
    """
    from mtqa.corrections.targets import FixTargets

    targets = FixTargets(output, suffix, in_place, backup_suffix, force)
    _guarded(lambda: _run_fix(files, inputs, analysis, targets, min_confidence), debug)


@app.command("config")
@with_groups(analysis=AnalysisFlags, gate=GateFlags)
def config_command(analysis: AnalysisFlags, gate: GateFlags) -> None:
    """Print the effective settings, where each came from, and the config file in use."""
    from mtqa.config.layering import describe

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
    from mtqa.config.layering import resolve

    flags = analysis.overrides() | (gate.overrides() if gate is not None else {})
    return resolve(flags, config_file=analysis.config, isolated=analysis.isolated)


def _run_check(
    files: list[Path],
    inputs: InputFlags,
    analysis: AnalysisFlags,
    gate: GateFlags,
    output: Path | None,
    no_reports: bool,
    changed_since: str | None,
) -> int:
    from mtqa.ci.gate import exit_code
    from mtqa.cli.report_plan import ReportPlan, format_options, parse_formats

    settings = _settings(analysis, gate)
    config = settings.config
    plan = ReportPlan.of(parse_formats(config.output_format), output, config.output_dir, no_reports)
    notes: list[str] = []
    run = _read_and_check(_changed_only(files, changed_since, notes), inputs, settings, notes, plan.check)
    plan.deliver(run.report, run.protected, format_options(config.fail_on.value), color=_use_color(sys.stdout))
    return exit_code(run.report)


@dataclass(frozen=True)
class _Checked:
    """What a command's run read and found, and the files no output of it may replace."""

    paths: list[Path]
    documents: list[Document]
    report: Report
    protected: Inputs


def _read_and_check(
    files: Sequence[Path],
    inputs: InputFlags,
    settings: Settings,
    notes: list[str],
    before_check: Callable[[Sequence[Path], Inputs], None] | None = None,
    config: Config | None = None,
) -> _Checked:
    """Read the inputs and check them, as check, baseline and fix all do; reader notes go to
    stderr. ``before_check`` lets a command refuse its destinations before the model loads,
    given every file the run reads (inputs, source, reference, glossary, baseline, config)."""
    from mtqa.pipeline.deadline import FileClock
    from mtqa.pipeline.engine import Engine, read_inputs
    from mtqa.readers import expand_paths
    from mtqa.storage.output import Inputs

    config = config or settings.config
    paths = expand_paths(files, notes)
    side = (inputs.source, inputs.ref, settings.config.glossary, settings.config.baseline, settings.file)
    protected = Inputs.of([*paths, *side])
    if before_check is not None:
        before_check(paths, protected)
    clock = FileClock(config.timeout)
    documents = read_inputs(paths, config, notes, inputs.source, inputs.ref, clock)
    for note in notes:
        typer.echo(f"mtqa: {note}", err=True)
    progress = Progress()
    try:
        report = Engine(config, progress=progress, clock=clock).check(documents, notes)
    finally:
        progress.close()
    return _Checked(paths, documents, report, protected)


def _changed_only(files: list[Path], changed_since: str | None, notes: list[str]) -> Sequence[Path]:
    """With --changed-since, the given files and folders narrowed to those git says changed."""
    if changed_since is None:
        return files
    from mtqa.ci.changed import changed_files, keep_changed
    from mtqa.readers import expand_paths

    changed = changed_files(changed_since)
    expanded = expand_paths(files, notes)
    kept = keep_changed(expanded, changed)
    notes.append(f"--changed-since {changed_since}: checking {len(kept)} of {len(expanded)} file(s)")
    return kept


def _run_baseline(files: list[Path], inputs: InputFlags, analysis: AnalysisFlags, output: Path | None) -> int:
    from mtqa.ci.baseline import DEFAULT_BASELINE, dumps, from_report
    from mtqa.readers import display_path
    from mtqa.storage.output import STDOUT, Write, commit, emit, resolve

    settings = _settings(analysis)
    # Record every finding: an existing baseline must not hide any, and suggestions are not recorded.
    config = replace(settings.config, baseline=None, suggest=False)
    target = output or settings.config.baseline or DEFAULT_BASELINE
    to_stdout = str(target) == STDOUT
    # The baseline being refreshed is this command's output, not an input it must protect.
    settings = replace(settings, config=config)

    def check_target(paths: Sequence[Path], protected: Inputs) -> None:
        if not to_stdout:
            resolve(target, protected)

    run = _read_and_check(files, inputs, settings, [], check_target)
    recorded = from_report(run.report)
    data = dumps(recorded).encode("utf-8")
    if to_stdout:
        emit(data)
        return EXIT_PASSED
    commit([Write(target, data)], run.protected)
    shown = display_path(target)
    typer.echo(f"mtqa: recorded {len(recorded.entries)} finding(s) from {run.report.summary.documents} document(s) in {shown}")
    return EXIT_PASSED


def _run_fix(
    files: list[Path], inputs: InputFlags, analysis: AnalysisFlags, targets: FixTargets, min_confidence: float | None
) -> int:
    from mtqa.corrections.confidence import fix_default
    from mtqa.corrections.targets import FixRun

    if min_confidence is None:
        min_confidence = fix_default()
        if min_confidence >= 1.0:
            typer.echo(
                "mtqa: no suggestion confidence reached 80% precision against human post-edits, so by default "
                "fix applies nothing; choose a threshold with --min-confidence (BENCHMARKS.md shows what each buys)",
                err=True,
            )
    if not 0.0 <= min_confidence <= 1.0:  # also NaN
        raise UsageError(f"--min-confidence must be between 0 and 1, not {min_confidence:g}")
    targets.validate_options()
    settings = _settings(analysis)
    config = replace(settings.config, suggest=True)
    run = _read_and_check(files, inputs, settings, [], targets.validate_files, config)
    note = lambda line: typer.echo(line, err=True)  # noqa: E731
    FixRun(targets, run.protected, min_confidence, config.max_bytes, note).fix_all(run.paths, run.documents, run.report.documents)
    return EXIT_PASSED


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
