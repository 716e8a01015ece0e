"""Command-line options shared by several commands, derived from the settings table.

``check``, ``baseline``, ``fix`` and ``config`` take the same settings flags. Each group is a
frozen dataclass built from the rows of mtqa.config.keys (one field per row, carrying its Typer
declaration); ``with_groups`` splices the fields into a command's signature and hands the
command one instance per group, so every command spells and documents a flag the same way, and
a new row is a new flag with no code here.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar

import typer

from mtqa.config.keys import KEYS, Group, Key, Kind

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class InputFlags:
    """What to pair with the files being checked."""

    source: Annotated[Path | None, typer.Option("--source", "-s", help="Source text, line-aligned with a text target.")] = None
    ref: Annotated[Path | None, typer.Option("--ref", "-r", help="Reference translation, line-aligned.")] = None


def _flag_type(key: Key) -> Any:
    if key.kind is Kind.BOOLEAN:
        return bool
    if key.enum is not None:
        return key.enum | None
    types = {Kind.NUMBER: float | None, Kind.COUNT: int | None, Kind.SIZE: int | None, Kind.PATH: Path | None}
    return types.get(key.kind, str | None)


def _flag_field(key: Key) -> tuple[str, Any, Any]:
    names = [key.option, *([key.short] if key.short else [])]
    annotation: Any = Annotated[_flag_type(key), typer.Option(*names, help=key.help, show_default=False)]  # type: ignore[valid-type]
    return (key.field, annotation, dataclasses.field(default=False if key.kind is Kind.BOOLEAN else None))


def _overrides(self: Any) -> dict[str, tuple[Any, str]]:
    """Config field → (value, flag) for mtqa.config.layering.resolve; unset flags are None."""
    out: dict[str, tuple[Any, str]] = {}
    for key in self.KEYS:
        value = getattr(self, key.field)
        if key.switch is not None:
            value = key.switch if value else None
        out[key.field] = (value, key.option)
    return out


def _flag_group(name: str, group: Group, doc: str, extra: list[tuple[str, Any, Any]]) -> type:
    """A frozen dataclass of the group's flags, one field per row of the settings table."""
    keys = tuple(key for key in KEYS if key.group is group)
    cls = dataclasses.make_dataclass(
        name,
        [*extra, *(_flag_field(key) for key in keys)],
        frozen=True,
        namespace={"KEYS": keys, "overrides": _overrides, "__doc__": doc},
    )
    cls.__module__ = __name__  # so help and reprs name this module, not dataclasses
    return cls


class SettingFlags:
    """What the generated flag groups offer besides their flags, for type checkers."""

    KEYS: ClassVar[tuple[Key, ...]]

    def overrides(self) -> dict[str, tuple[Any, str]]:
        raise NotImplementedError  # every generated group binds _overrides


if TYPE_CHECKING:

    class AnalysisFlags(SettingFlags):
        config: Path | None
        isolated: bool

    class GateFlags(SettingFlags): ...

else:
    AnalysisFlags = _flag_group(
        "AnalysisFlags",
        Group.ANALYSIS,
        "Settings that change what is found; they also select the config file.",
        [
            (
                "config",
                Annotated[
                    Path | None,
                    typer.Option("--config", help="Use this config file instead of searching for one.", dir_okay=False),
                ],
                dataclasses.field(default=None),
            ),
            (
                "isolated",
                Annotated[bool, typer.Option("--isolated", "--no-config", help="Ignore config files.")],
                dataclasses.field(default=False),
            ),
        ],
    )
    GateFlags = _flag_group("GateFlags", Group.GATE, "Settings that decide pass or fail and where reports go.", [])


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
