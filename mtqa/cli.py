"""The command line: options, wiring and exit codes, nothing else.

Heavy modules are imported inside the commands that need them, so ``mtqa --help``, ``rules``
and ``explain`` start instantly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from mtqa import __version__
from mtqa.errors import MtqaError, UsageError
from mtqa.gate import EXIT_ERROR, EXIT_INTERRUPTED
from mtqa.types import FailOn

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

DEFAULT_OUTPUT_DIR = Path("reports")


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.echo(f"mtqa: error: {message}", err=True)
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
def check(
    files: Annotated[list[Path], typer.Argument(help="Files or folders to check.", show_default=False)],
    source: Annotated[Path | None, typer.Option("--source", "-s", help="Source text, line-aligned with a text target.")] = None,
    ref: Annotated[Path | None, typer.Option("--ref", "-r", help="Reference translation, line-aligned.")] = None,
    lang: Annotated[str | None, typer.Option(help="Target language (default: detected).")] = None,
    source_lang: Annotated[str | None, typer.Option(help="Source language (default: detected).")] = None,
    model: Annotated[str | None, typer.Option(help="Built-in alias, Hugging Face id or local folder.")] = None,
    dtype: Annotated[str | None, typer.Option(help="auto, fp32 or bf16.")] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json, html, sarif, junit, github or markdown; several with commas.")
    ] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the (single) format to this file.")] = None,
    output_dir: Annotated[Path, typer.Option(help="Folder for mtqa-report.* files.")] = DEFAULT_OUTPUT_DIR,
    no_reports: Annotated[bool, typer.Option("--no-reports", help="With --format text, write no report files.")] = False,
    fail_on: Annotated[FailOn | None, typer.Option(help="Lowest severity that fails the gate.")] = None,
    min_fluency: Annotated[float | None, typer.Option(help="Fail when a document's fluency is below this.")] = None,
    min_segment_fluency: Annotated[float | None, typer.Option(help="Report MT402 for segments below this.")] = None,
    select: Annotated[str | None, typer.Option(help="Only these code prefixes, e.g. MT2,MT301.")] = None,
    ignore: Annotated[str | None, typer.Option(help="Skip these code prefixes.")] = None,
    input_format: Annotated[str | None, typer.Option(help="text, markdown, jsonl or tsv (default: by extension).")] = None,
    no_suggest: Annotated[bool, typer.Option("--no-suggest", help="Skip corrections (faster).")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Check translated files and report suspect words, suggestions and fluency."""
    try:
        code = _run_check(
            files,
            source,
            ref,
            lang,
            source_lang,
            model,
            dtype,
            output_format,
            output,
            output_dir,
            no_reports,
            fail_on,
            min_fluency,
            min_segment_fluency,
            select,
            ignore,
            input_format,
            no_suggest,
        )
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


def _run_check(
    files: list[Path],
    source: Path | None,
    ref: Path | None,
    lang: str | None,
    source_lang: str | None,
    model: str | None,
    dtype: str | None,
    output_format: str,
    output: Path | None,
    output_dir: Path,
    no_reports: bool,
    fail_on: FailOn | None,
    min_fluency: float | None,
    min_segment_fluency: float | None,
    select: str | None,
    ignore: str | None,
    input_format: str | None,
    no_suggest: bool,
) -> int:
    from mtqa.config import from_environment
    from mtqa.engine import Engine, read_inputs
    from mtqa.formatters import FormatOptions, OutputFormat, render
    from mtqa.gate import exit_code
    from mtqa.output import write_atomic

    formats = _parse_formats(output_format)
    if output is not None and len(formats) != 1:
        raise UsageError("--output takes exactly one --format; use --output-dir for several")
    if dtype is not None and dtype not in ("auto", "fp32", "bf16"):
        raise UsageError(f"--dtype must be auto, fp32 or bf16, not {dtype!r}")
    config = from_environment().with_overrides(
        model=model,
        dtype=dtype,
        lang=lang,
        source_lang=source_lang,
        fail_on=fail_on,
        min_fluency=min_fluency,
        min_segment_fluency=min_segment_fluency,
        select=_split_list(select),
        ignore=_split_list(ignore),
        input_format=input_format,
        suggest=False if no_suggest else None,
    )
    if config.input_format is not None and config.input_format not in ("text", "markdown", "jsonl", "tsv"):
        raise UsageError(f"--input-format must be text, markdown, jsonl or tsv, not {config.input_format!r}")
    notes: list[str] = []
    documents = read_inputs(files, config, notes, source, ref)
    for note in notes:
        typer.echo(f"mtqa: {note}", err=True)
    progress = _Progress()
    try:
        report = Engine(config, progress=progress).check(documents, notes)
    finally:
        progress.close()

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
    """Convert built-in weights once into the cache, so later runs start in seconds."""
    from mtqa.lm.registry import BUILTIN_MODELS, DEFAULT_MODEL, materialize

    for alias in aliases or [DEFAULT_MODEL]:
        if alias not in BUILTIN_MODELS:
            _fail(f"unknown model alias {alias!r}; known: {', '.join(BUILTIN_MODELS)}")
        try:
            folder = materialize(alias)
        except MtqaError as exc:
            _fail(str(exc))
        typer.echo(f"{alias}: ready in {folder}")


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
