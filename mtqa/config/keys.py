"""The settings table: one ``Key`` row per setting, read by every way of setting it.

As flake8 registers an option once for its command line and its config files, a row here is
the only place a setting is declared: its name in config files, its flag and help, its
``MTQA_*`` variable, how its text is parsed and how its value is validated. The command line's
option groups (mtqa.cli.options), config files (mtqa.config.files), the environment, ``mtqa
config`` (mtqa.config.layering) and the Ray integration are all derived from it, so adding a
setting is one row plus its use.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from mtqa.config.model import DTYPES, Config
from mtqa.config.selection import PerFileIgnore, unknown_prefixes
from mtqa.errors import UsageError
from mtqa.types import FailOn, Severity


class Kind(str, Enum):
    """The type of a setting's value; the value is how error messages name it."""

    TEXT = "a string"
    CODES = "a list of code prefixes"
    TERMS = "a list of terms"
    NUMBER = "a number"
    COUNT = "a positive integer"
    SIZE = "a whole number (0 turns it off)"
    BOOLEAN = "true or false"
    CHOICE = "one of"
    PATH = "a path"
    FORMATS = "a format name or a list of them"
    SEVERITIES = "a table of code = severity"
    PER_FILE = "a table of glob = [code prefixes]"


class Group(str, Enum):
    """Which commands take a setting's flag: analysis settings change what is found (check,
    baseline, fix, config); gate settings decide pass or fail and where reports go (check, config)."""

    ANALYSIS = "analysis"
    GATE = "gate"


class Invalid(ValueError):
    """What is wrong with a value, phrased by whoever reports it: ``file: key: expected X, found
    Y`` for files and variables, ``--flag must be X, not Y`` for flags."""

    def __init__(self, expected: str = "", found: str = "", *, detail: str = "", joiner: str = "found") -> None:
        self.expected, self.found, self.detail, self.joiner = expected, found, detail, joiner
        super().__init__(self.as_problem())

    def as_problem(self) -> str:
        return self.detail or f"expected {self.expected}, {self.joiner} {self.found}"

    def for_flag(self, flag: str) -> str:
        return f"{flag}: {self.detail}" if self.detail else f"{flag} must be {self.expected}, not {self.found}"


@dataclass(frozen=True)
class Key:
    """One setting: file name, Config field, kind, flag and help; ``env`` follows from the name."""

    name: str
    field: str
    kind: Kind
    help: str
    group: Group = Group.ANALYSIS
    choices: tuple[str, ...] = ()
    flag: str = ""
    """The flag's spelling when it is not ``--<name>`` (``--format``, ``--no-suggest``)."""
    short: str | None = None
    switch: bool | None = None
    """For true/false settings: the value the flag sets (``--no-suggest`` sets False)."""
    enum: type[Enum] | None = None
    """The Config value's type for a choice, which the CLI also shows as the flag's choices."""
    extra_check: Callable[[Any], None] | None = None
    """A check of the value beyond its kind (known input formats), raising Invalid."""

    @property
    def option(self) -> str:
        return self.flag or "--" + self.name

    @property
    def env(self) -> str:
        return "MTQA_" + self.name.upper().replace("-", "_")

    def expected(self) -> str:
        if self.kind is Kind.CHOICE:
            return f"one of {', '.join(self.choices)}"
        return self.kind.value

    def parse(self, raw: str, base: Path | None = None) -> Any:
        """The value of a flag or variable written as text; Invalid says what was expected."""
        kind = self.kind
        if kind in (Kind.CODES, Kind.TERMS):
            return self.check(comma_list(raw), base)
        if kind is Kind.NUMBER:
            try:
                number = float(raw)
            except ValueError:
                raise Invalid(self.expected(), repr(raw)) from None
            return self.check(number, base)
        if kind in (Kind.COUNT, Kind.SIZE):
            try:
                return self.check(int(raw), base)
            except ValueError as exc:
                raise exc if isinstance(exc, Invalid) else Invalid(self.expected(), repr(raw)) from None
        if kind is Kind.BOOLEAN:
            if raw.lower() in _TRUE or raw.lower() in _FALSE:
                return raw.lower() in _TRUE
            raise Invalid(detail="expected true or false")
        if kind is Kind.SEVERITIES:
            pairs = [item.partition("=") for item in comma_list(raw)]
            return self.check({code.strip(): level.strip() for code, _, level in pairs}, base)
        if kind is Kind.PER_FILE:
            entries = [item.rpartition(":") for item in raw.split()]
            return self.check({glob: comma_list(codes) for glob, _, codes in entries}, base)
        if kind is Kind.PATH:
            return self.check(Path(raw).expanduser(), base)
        return self.check(raw, base)

    def check(self, value: Any, base: Path | None = None) -> Any:
        """The Config value for a value of the right shape, whatever set it; Invalid if it is wrong.

        ``base`` is where relative paths and per-file globs start: the config file's folder for
        a file, the working directory otherwise.
        """
        kind = self.kind
        if kind is Kind.CODES:
            unknown = unknown_prefixes(value)
            if unknown:
                raise Invalid(detail=f"unknown code prefix {unknown[0]!r} ('mtqa rules' lists the codes)")
            value = tuple(value)
        elif kind is Kind.TERMS:
            value = frozenset(value)
        elif kind is Kind.NUMBER:
            if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                raise Invalid("a finite number", f"{value}", joiner="not")
            value = float(value)
        elif (kind is Kind.COUNT and value < 1) or (kind is Kind.SIZE and value < 0):
            raise Invalid(self.expected(), f"{value}")
        elif kind is Kind.CHOICE:
            if isinstance(value, Enum):
                value = value.value
            if value not in self.choices:
                raise Invalid(self.expected(), repr(value))
            value = self.enum(value) if self.enum else value
        elif kind is Kind.FORMATS:
            value = _formats(value)
        elif kind is Kind.SEVERITIES:
            value = _severities(value)
        elif kind is Kind.PER_FILE:
            value = tuple(PerFileIgnore(glob, self.check_codes(codes, glob), base or Path.cwd()) for glob, codes in value.items())
        if self.extra_check is not None and value is not None:
            self.extra_check(value)
        return value

    def check_codes(self, codes: Any, label: str) -> tuple[str, ...]:
        unknown = unknown_prefixes(codes)
        if unknown:
            raise Invalid(detail=f"{label!r}: unknown code prefix {unknown[0]!r} ('mtqa rules' lists the codes)")
        return tuple(codes)


def comma_list(raw: str) -> tuple[str, ...]:
    """``"MT2, MT301,"`` → ``("MT2", "MT301")``: the one parser of comma-separated settings."""
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _formats(value: str | list[str] | tuple[str, ...]) -> str:
    from mtqa.formatters import OutputFormat  # only when a format is set: it loads jinja2

    names = comma_list(value) if isinstance(value, str) else tuple(value)
    known = [f.value for f in OutputFormat]
    for item in names:
        if item not in known:
            raise Invalid(detail=f"unknown format {item!r}; choose from {', '.join(known)}")
    return ",".join(names)


def _severities(value: Mapping[str, Any]) -> dict[str, Severity]:
    from mtqa.checks import CHECKS_BY_CODE

    out: dict[str, Severity] = {}
    levels = {s.value for s in Severity}
    for code, level in value.items():
        if code not in CHECKS_BY_CODE:
            raise Invalid(detail=f"unknown check code {code!r} ('mtqa rules' lists the codes)")
        level = level.value if isinstance(level, Severity) else level
        if not isinstance(level, str) or level not in levels:
            raise Invalid(detail=f"{code}: expected one of {', '.join(s.value for s in Severity)}, found {level!r}")
        out[code] = Severity(level)
    return out


def _input_format(value: str) -> None:
    from mtqa.readers.registry import FORMATS

    if value not in FORMATS:
        raise Invalid(f"one of {', '.join(FORMATS)}", repr(value))


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
G = Group.GATE

KEYS: tuple[Key, ...] = (
    Key("select", "select", Kind.CODES, "Only these code prefixes, e.g. MT2,MT301."),
    Key("ignore", "ignore", Kind.CODES, "Skip these code prefixes."),
    Key("extend-select", "extend_select", Kind.CODES, "Add these code prefixes to the selection."),
    Key("per-file-ignores", "per_file_ignores", Kind.PER_FILE, "Skip codes in matching files: 'docs/*:MT3,MT4 tests/*:MT1'."),
    Key("severity", "severity", Kind.SEVERITIES, "Change codes' severities: 'MT303=info,MT301=error'."),
    Key("allowed-terms", "allowed_terms", Kind.TERMS, "Terms no check may flag (comma-separated), besides the glossary's."),
    Key(
        "fail-on",
        "fail_on",
        Kind.CHOICE,
        "Lowest severity that fails the gate.",
        G,
        tuple(f.value for f in FailOn),
        enum=FailOn,
    ),
    Key("min-fluency", "min_fluency", Kind.NUMBER, "Fail when a document's fluency is below this.", G),
    Key("min-segment-fluency", "min_segment_fluency", Kind.NUMBER, "Report MT402 for segments below this."),
    Key("min-segment-chrf", "min_segment_chrf", Kind.NUMBER, "With a reference: MT501 for segments below this chrF."),
    Key("min-chrf", "min_chrf", Kind.NUMBER, "With a reference: MT502 when document chrF is below this."),
    Key("min-bleu", "min_bleu", Kind.NUMBER, "With a reference: MT503 when document BLEU is below this."),
    Key("max-ter", "max_ter", Kind.NUMBER, "With a reference: MT504 when document TER is above this."),
    Key("model", "model", Kind.TEXT, "Built-in alias, Hugging Face id or local folder."),
    Key("dtype", "dtype", Kind.CHOICE, "auto, fp32 or bf16.", choices=DTYPES),
    Key("lang", "lang", Kind.TEXT, "Target language (default: detected)."),
    Key("source-lang", "source_lang", Kind.TEXT, "Source language (default: detected)."),
    Key("glossary", "glossary", Kind.PATH, "Allowed terms, one a line, and source<TAB>target requirements."),
    Key("baseline", "baseline", Kind.PATH, "Accept the findings recorded in this baseline file.", G),
    Key(
        "input-format",
        "input_format",
        Kind.TEXT,
        "text, markdown, jsonl, tsv, po, xliff, json or srt (default: by extension).",
        extra_check=_input_format,
    ),
    Key(
        "format",
        "output_format",
        Kind.FORMATS,
        "text, json, html, sarif, junit, github or markdown; several with commas.",
        G,
        short="-f",
    ),
    Key("output-dir", "output_dir", Kind.PATH, "Folder for mtqa-report.* files (default: reports).", G),
    Key("suggest", "suggest", Kind.BOOLEAN, "Skip corrections (faster).", flag="--no-suggest", switch=False),
    Key(
        "fast", "fast", Kind.BOOLEAN, "Rule checks only: never loads the model (no fluency, P(bad) or suggestions).", switch=True
    ),
    Key("max-bytes", "max_bytes", Kind.COUNT, "Largest input file read, in bytes."),
    Key("max-words", "max_words", Kind.COUNT, "Per-file budget of words; a file with more is an input error."),
    Key("max-segment-words", "max_segment_words", Kind.COUNT, "Words of a segment the model reads; the rest get rule checks."),
    Key(
        "context-words",
        "context_words",
        Kind.SIZE,
        "Words of the preceding text the model reads before each sentence of running text (text, Markdown, SRT).",
    ),
    Key("timeout", "timeout", Kind.NUMBER, "Exit 2 when one file takes longer than this (seconds)."),
    Key("cache", "cache", Kind.BOOLEAN, "Neither read nor write the score cache.", flag="--no-cache", switch=False),
)
KEYS_BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
KEYS_BY_FIELD: dict[str, Key] = {key.field: key for key in KEYS}


def coerced(field_name: str, value: Any) -> Any:
    """A plain Python value for a Config field (the Python API, Ray) as its row wants it.

    Text is parsed as a flag's would be (``select="MT2,MT3"``); lists, tables and paths are
    checked by the same validator. Raises Invalid.
    """
    key = KEYS_BY_FIELD[field_name]
    if isinstance(value, str) and key.kind not in (Kind.TEXT, Kind.CHOICE, Kind.FORMATS):
        return key.parse(value)
    if key.kind is Kind.PER_FILE and not isinstance(value, Mapping):
        return tuple(value)  # already PerFileIgnore rules
    if key.kind is Kind.PATH:
        value = Path(value)
    return key.check(value)


def validate_config(config: Config) -> Config:
    """``config`` if every field passes its row's validator, else a UsageError naming the field.

    The command line validates as it parses; a Config built in Python is checked here, once.
    """
    for key in KEYS:
        value = getattr(config, key.field)
        if value is not None:
            try:
                coerced(key.field, value)
            except Invalid as exc:
                raise UsageError(exc.for_flag(key.field)) from None
    return config


def environment_values(environ: Mapping[str, str] | None = None) -> dict[str, tuple[Any, str]]:
    """Config field → (value, variable name) for every MTQA_* setting that is set and not empty."""
    environ = os.environ if environ is None else environ
    values: dict[str, tuple[Any, str]] = {}
    for key in KEYS:
        raw = environ.get(key.env)
        if raw is None or raw == "":
            continue
        try:
            values[key.field] = (key.parse(raw), key.env)
        except Invalid as exc:
            raise UsageError(f"{key.env}={raw!r}: {exc.as_problem()}") from None
    return values
