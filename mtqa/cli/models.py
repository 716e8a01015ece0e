"""``mtqa models`` and ``mtqa cache``: the commands about what lies in the user cache.

Kept apart from mtqa.cli.app so that the main command module stays about checking; ``fail`` lives
here because both modules print errors the same way.
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from mtqa.ci.gate import EXIT_ERROR
from mtqa.errors import MtqaError
from mtqa.storage.paths import safe_text

models_app = typer.Typer(help="List and prepare the built-in language models.", invoke_without_command=True)
cache_app = typer.Typer(help="Show or empty the score cache, which spares re-checks the model.", no_args_is_help=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr, whatever a file name in ``message`` holds, then exit ``code``."""
    typer.echo(f"mtqa: error: {safe_text(message)}", err=True)
    raise typer.Exit(code)


@models_app.callback()
def models(ctx: typer.Context) -> None:
    """List the built-in models, their licences and whether they are ready to use."""
    if ctx.invoked_subcommand is not None:
        return
    from mtqa.lm.materialize import model_state
    from mtqa.lm.models import BUILTIN_MODELS, DEFAULT_MODEL, package_version

    for alias, spec in BUILTIN_MODELS.items():
        version = package_version(spec.package)
        trouble = model_state(alias) if version is not None else None
        if version is None:
            state = f"not installed ({spec.install_hint})"
        elif trouble is None:
            state = f"ready ({spec.package} {version})"
        elif trouble.startswith("broken"):
            state = f"{safe_text(trouble)}; 'mtqa models prefetch {alias}' converts it again"
        else:
            state = f"installed ({spec.package} {version}); prepared on first use or by 'mtqa models prefetch'"
        default = " (default)" if alias == DEFAULT_MODEL else ""
        typer.echo(f"{alias}{default}: {spec.description}\n  licence: {spec.licence}\n  state: {state}")
    typer.echo("Any Hugging Face causal LM id or local folder also works with --model, where it is available.")


@models_app.command("verify")
def verify_models(
    aliases: Annotated[list[str] | None, typer.Argument(help="Aliases (default: every converted one).")] = None,
) -> None:
    """Check the full sha256 of every converted file against the conversion's record (exit 2 if any differs)."""
    from mtqa.lm.materialize import is_materialized, model_state
    from mtqa.lm.models import BUILTIN_MODELS

    chosen = aliases or [alias for alias in BUILTIN_MODELS if is_materialized(alias)]
    broken = []
    for alias in chosen:
        if alias not in BUILTIN_MODELS:
            fail(f"unknown model alias {alias!r}; known: {', '.join(BUILTIN_MODELS)}")
        trouble = model_state(alias, full=True)
        if trouble is None:
            typer.echo(f"{alias}: intact")
        else:
            broken.append(f"{alias}: {trouble}")
    if broken:
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        fail(f"{broken[0]}; 'mtqa models prefetch' converts it again{more}")


@models_app.command("prefetch")
def prefetch(aliases: Annotated[list[str] | None, typer.Argument(help="Aliases (default: the default model).")] = None) -> None:
    """Convert built-in weights once into the cache, so later runs start in seconds.

    A converted folder is verified in full, and converted again if it is damaged. The
    word-frequency index that foreignness reads is built here too, so that an offline or CI
    machine prepared by this command computes nothing but scores on its first check."""
    from mtqa.lexicon.frequency import FOREIGN_CANDIDATES
    from mtqa.lexicon.frequency_index import FrequencyIndex, index_path, open_foreign_frequencies
    from mtqa.lm.materialize import materialize
    from mtqa.lm.models import BUILTIN_MODELS, DEFAULT_MODEL

    for alias in aliases or [DEFAULT_MODEL]:
        if alias not in BUILTIN_MODELS:
            fail(f"unknown model alias {alias!r}; known: {', '.join(BUILTIN_MODELS)}")
        try:
            folder = materialize(alias, full_check=True, repair=True)
        except MtqaError as exc:
            fail(str(exc))
        typer.echo(f"{alias}: ready in {folder}")
    frequencies = open_foreign_frequencies(FOREIGN_CANDIDATES)
    frequencies.close()
    if isinstance(frequencies, FrequencyIndex):
        typer.echo(f"word frequencies: ready in {index_path()}")
    else:
        typer.echo(f"word frequencies: cannot write {index_path()}; wordfreq's tables will be loaded on each run")


@cache_app.command("info")
def cache_info() -> None:
    """Print where the score cache is, its size, and the models it holds scores for."""
    from mtqa.lm.cache_admin import cache_info as read_info
    from mtqa.lm.cache_admin import describe

    try:
        typer.echo(describe(read_info()), nl=False)
    except MtqaError as exc:
        fail(str(exc))


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cached score; the next checks score afresh."""
    from mtqa.lm.cache import default_path
    from mtqa.lm.cache_admin import clear_cache

    try:
        dropped = clear_cache()
    except MtqaError as exc:
        fail(str(exc))
    typer.echo(f"mtqa: cleared {dropped} cached score(s) from {default_path()}")
