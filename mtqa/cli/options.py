"""Command-line options shared by several commands, declared once.

``check``, ``baseline`` and ``config`` take the same settings flags. Each group is a frozen
dataclass whose fields carry their Typer declaration; ``with_groups`` splices the fields into a
command's signature and hands the command one instance per group, so the long option list is
written once and every command spells and documents an option the same way.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from mtqa.types import FailOn

F = TypeVar("F", bound=Callable[..., Any])


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(p.strip() for p in value.split(",") if p.strip())


@dataclass(frozen=True)
class InputFlags:
    """What to pair with the files being checked."""

    source: Annotated[Path | None, typer.Option("--source", "-s", help="Source text, line-aligned with a text target.")] = None
    ref: Annotated[Path | None, typer.Option("--ref", "-r", help="Reference translation, line-aligned.")] = None


@dataclass(frozen=True)
class AnalysisFlags:
    """Settings that change what is found; they also select the config file."""

    config: Annotated[
        Path | None, typer.Option("--config", help="Use this config file instead of searching for one.", dir_okay=False)
    ] = None
    isolated: Annotated[bool, typer.Option("--isolated", "--no-config", help="Ignore config files.")] = False
    lang: Annotated[str | None, typer.Option(help="Target language (default: detected).")] = None
    source_lang: Annotated[str | None, typer.Option(help="Source language (default: detected).")] = None
    model: Annotated[str | None, typer.Option(help="Built-in alias, Hugging Face id or local folder.")] = None
    dtype: Annotated[str | None, typer.Option(help="auto, fp32 or bf16.")] = None
    select: Annotated[str | None, typer.Option(help="Only these code prefixes, e.g. MT2,MT301.")] = None
    ignore: Annotated[str | None, typer.Option(help="Skip these code prefixes.")] = None
    extend_select: Annotated[str | None, typer.Option(help="Add these code prefixes to the selection.")] = None
    glossary: Annotated[Path | None, typer.Option(help="Allowed terms, one a line, and source<TAB>target requirements.")] = None
    min_segment_fluency: Annotated[float | None, typer.Option(help="Report MT402 for segments below this.")] = None
    min_segment_chrf: Annotated[float | None, typer.Option(help="With a reference: MT501 for segments below this chrF.")] = None
    min_chrf: Annotated[float | None, typer.Option(help="With a reference: MT502 when document chrF is below this.")] = None
    min_bleu: Annotated[float | None, typer.Option(help="With a reference: MT503 when document BLEU is below this.")] = None
    max_ter: Annotated[float | None, typer.Option(help="With a reference: MT504 when document TER is above this.")] = None
    input_format: Annotated[
        str | None, typer.Option(help="text, markdown, jsonl, tsv, po, xliff, json or srt (default: by extension).")
    ] = None
    no_suggest: Annotated[bool, typer.Option("--no-suggest", help="Skip corrections (faster).")] = False
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the score cache.")] = False
    fast: Annotated[
        bool, typer.Option("--fast", help="Rule checks only: never loads the model (no fluency, P(bad) or suggestions).")
    ] = False
    timeout: Annotated[float | None, typer.Option(help="Exit 2 when one file takes longer than this (seconds).")] = None

    def overrides(self) -> dict[str, tuple[Any, str]]:
        """Config field → (value, flag) for mtqa.config.layering.resolve; unset flags are None."""
        return {
            "lang": (self.lang, "--lang"),
            "source_lang": (self.source_lang, "--source-lang"),
            "model": (self.model, "--model"),
            "dtype": (self.dtype, "--dtype"),
            "select": (_codes(self.select), "--select"),
            "ignore": (_codes(self.ignore), "--ignore"),
            "extend_select": (_codes(self.extend_select), "--extend-select"),
            "glossary": (self.glossary, "--glossary"),
            "min_segment_fluency": (self.min_segment_fluency, "--min-segment-fluency"),
            "min_segment_chrf": (self.min_segment_chrf, "--min-segment-chrf"),
            "min_chrf": (self.min_chrf, "--min-chrf"),
            "min_bleu": (self.min_bleu, "--min-bleu"),
            "max_ter": (self.max_ter, "--max-ter"),
            "input_format": (self.input_format, "--input-format"),
            "suggest": (False if self.no_suggest else None, "--no-suggest"),
            "cache": (False if self.no_cache else None, "--no-cache"),
            "fast": (True if self.fast else None, "--fast"),
            "timeout": (self.timeout, "--timeout"),
        }


@dataclass(frozen=True)
class GateFlags:
    """Settings that decide pass or fail and where reports go."""

    fail_on: Annotated[FailOn | None, typer.Option(help="Lowest severity that fails the gate.")] = None
    min_fluency: Annotated[float | None, typer.Option(help="Fail when a document's fluency is below this.")] = None
    baseline: Annotated[Path | None, typer.Option(help="Accept the findings recorded in this baseline file.")] = None
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="text, json, html, sarif, junit, github or markdown; several with commas."),
    ] = None
    output_dir: Annotated[Path | None, typer.Option(help="Folder for mtqa-report.* files (default: reports).")] = None

    def overrides(self) -> dict[str, tuple[Any, str]]:
        return {
            "fail_on": (self.fail_on, "--fail-on"),
            "min_fluency": (self.min_fluency, "--min-fluency"),
            "baseline": (self.baseline, "--baseline"),
            "output_format": (self.output_format, "--format"),
            "output_dir": (self.output_dir, "--output-dir"),
        }


def with_groups(**groups: type) -> Callable[[F], F]:
    """Replace each ``name: Group`` parameter of a command with the group's options.

    Typer reads ``__signature__``, so the options appear in ``--help`` and parse as usual; the
    wrapper gathers them back into one frozen instance per group before calling the command.
    """

    def decorate(command: F) -> F:
        own = [p for name, p in inspect.signature(command, eval_str=True).parameters.items() if name not in groups]
        spliced: dict[str, list[str]] = {}
        parameters = list(own)
        for group_name, group in groups.items():
            hints = typing.get_type_hints(group, include_extras=True)
            spliced[group_name] = []
            for item in fields(group):
                if item.name in {p.name for p in parameters}:
                    raise TypeError(f"option {item.name!r} of {group.__name__} clashes with {command.__name__}")
                default = item.default if item.default is not MISSING else inspect.Parameter.empty
                parameters.append(
                    inspect.Parameter(item.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hints[item.name])
                )
                spliced[group_name].append(item.name)

        @functools.wraps(command)
        def wrapper(**values: Any) -> Any:
            for group_name, group in groups.items():
                values[group_name] = group(**{name: values.pop(name) for name in spliced[group_name]})
            return command(**values)

        signature = inspect.Signature(parameters)
        wrapper.__signature__ = signature  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return typing.cast(F, wrapper)

    return decorate
