"""The effective configuration: defaults < config file < MTQA_* environment variables < flags.

Frozen, so one Config describes one run from start to finish. ``KEYS`` is the single list of
settings a user can change from outside: config files (mtqa.config.files), the environment
(here) and ``mtqa config`` (mtqa.config.layering) all read it, so a new setting is added in one place.
Where each value came from is kept by mtqa.config.layering, next to the Config rather than inside it,
so that two runs with the same values compare equal however they were configured.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from mtqa.config.selection import PerFileIgnore
from mtqa.errors import UsageError
from mtqa.lm.registry import DEFAULT_MODEL
from mtqa.types import FailOn, Severity

DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_MAX_WORDS = 500_000
DEFAULT_MAX_SEGMENT_WORDS = 1_000
DEFAULT_OUTPUT_DIR = Path("reports")
DTYPES = ("auto", "fp32", "bf16")


@dataclass(frozen=True)
class Config:
    model: str = DEFAULT_MODEL
    dtype: str = "auto"
    lang: str | None = None
    source_lang: str | None = None
    fail_on: FailOn = FailOn.ERROR
    min_fluency: float | None = None
    min_segment_fluency: float | None = None
    min_segment_chrf: float | None = None
    min_chrf: float | None = None
    min_bleu: float | None = None
    max_ter: float | None = None
    """Reference-metric thresholds (MT501–MT504); they apply only where a reference is given."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    allowed_terms: frozenset[str] = frozenset()
    """Terms never flagged, lower-cased; a glossary file adds to them."""
    glossary: Path | None = None
    baseline: Path | None = None
    input_format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_words: int = DEFAULT_MAX_WORDS
    """Per-file budget of words (the units the report lists); a file with more is an input error."""
    max_segment_words: int = DEFAULT_MAX_SEGMENT_WORDS
    """The language model scores at most this many words of a segment (and 8 characters a
    word); the rest of a longer segment gets rule checks only, and an MT003 finding says so."""
    timeout: float | None = None
    """Seconds of work allowed per file (``--timeout``); see mtqa.pipeline.deadline."""
    suggest: bool = True
    fast: bool = False
    """Rule checks only (the ``--fast`` profile): the model never loads, so no fluency, P(BAD)
    or suggestions; for pre-commit hooks and editors."""
    cache: bool = True
    """Reuse and keep LM scores in the score cache (mtqa.lm.cache); off, every run scores afresh."""
    output_format: str = "text"
    """Comma-separated output formats, as ``--format`` takes them."""
    output_dir: Path = DEFAULT_OUTPUT_DIR

    def with_overrides(self, **values: Any) -> Config:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


class Kind(str, Enum):
    """The type of a setting's value; the value is how error messages name it."""

    TEXT = "a string"
    CODES = "a list of code prefixes"
    NUMBER = "a number"
    COUNT = "a positive integer"
    BOOLEAN = "true or false"
    CHOICE = "one of"
    PATH = "a path"
    FORMATS = "a format name or a list of them"
    SEVERITIES = "a table of code = severity"
    PER_FILE = "a table of glob = [code prefixes]"


@dataclass(frozen=True)
class Key:
    """One setting: its kebab-case name in config files and the Config field it sets."""

    name: str
    field: str
    kind: Kind
    choices: tuple[str, ...] = ()

    @property
    def env(self) -> str | None:
        """The MTQA_* variable that sets it; tables have none (they don't fit in a string)."""
        if self.kind in (Kind.SEVERITIES, Kind.PER_FILE):
            return None
        return "MTQA_" + self.name.upper().replace("-", "_")

    def expected(self) -> str:
        if self.kind is Kind.CHOICE:
            return f"one of {', '.join(self.choices)}"
        return self.kind.value


KEYS: tuple[Key, ...] = (
    Key("select", "select", Kind.CODES),
    Key("ignore", "ignore", Kind.CODES),
    Key("extend-select", "extend_select", Kind.CODES),
    Key("per-file-ignores", "per_file_ignores", Kind.PER_FILE),
    Key("severity", "severity", Kind.SEVERITIES),
    Key("fail-on", "fail_on", Kind.CHOICE, tuple(f.value for f in FailOn)),
    Key("min-fluency", "min_fluency", Kind.NUMBER),
    Key("min-segment-fluency", "min_segment_fluency", Kind.NUMBER),
    Key("min-segment-chrf", "min_segment_chrf", Kind.NUMBER),
    Key("min-chrf", "min_chrf", Kind.NUMBER),
    Key("min-bleu", "min_bleu", Kind.NUMBER),
    Key("max-ter", "max_ter", Kind.NUMBER),
    Key("model", "model", Kind.TEXT),
    Key("dtype", "dtype", Kind.CHOICE, DTYPES),
    Key("lang", "lang", Kind.TEXT),
    Key("source-lang", "source_lang", Kind.TEXT),
    Key("glossary", "glossary", Kind.PATH),
    Key("baseline", "baseline", Kind.PATH),
    Key("input-format", "input_format", Kind.TEXT),
    Key("format", "output_format", Kind.FORMATS),
    Key("output-dir", "output_dir", Kind.PATH),
    Key("suggest", "suggest", Kind.BOOLEAN),
    Key("fast", "fast", Kind.BOOLEAN),
    Key("max-bytes", "max_bytes", Kind.COUNT),
    Key("max-words", "max_words", Kind.COUNT),
    Key("max-segment-words", "max_segment_words", Kind.COUNT),
    Key("timeout", "timeout", Kind.NUMBER),
    Key("cache", "cache", Kind.BOOLEAN),
)
KEYS_BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
KEYS_BY_FIELD: dict[str, Key] = {key.field: key for key in KEYS}

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def finite(number: float) -> float:
    """A threshold must be a real number: every comparison with NaN is false, so
    ``--min-fluency nan`` would pass any document, and an infinite one fails or passes all."""
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"expected a finite number, not {number}")
    return number


def typed_value(key: Key, value: Any) -> Any:
    """The Config value for an already type-checked setting (choices become enums)."""
    if key.field == "fail_on":
        return FailOn(value)
    return value


def parse_env(key: Key, raw: str) -> Any:
    """The value of an MTQA_* variable; ValueError says what was expected."""
    if key.kind is Kind.CODES:
        return tuple(p.strip() for p in raw.split(",") if p.strip())
    if key.kind is Kind.NUMBER:
        return finite(float(raw))
    if key.kind is Kind.COUNT:
        number = int(raw)
        if number < 1:
            raise ValueError(f"expected {key.expected()}")
        return number
    if key.kind is Kind.BOOLEAN:
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise ValueError("expected true or false")
    if key.kind is Kind.CHOICE:
        if raw not in key.choices:
            raise ValueError(f"expected {key.expected()}")
        return typed_value(key, raw)
    if key.kind is Kind.PATH:
        return Path(raw).expanduser()
    return raw


def environment_values(environ: Mapping[str, str] | None = None) -> dict[str, tuple[Any, str]]:
    """Config field → (value, variable name) for every MTQA_* setting that is set and not empty."""
    environ = os.environ if environ is None else environ
    values: dict[str, tuple[Any, str]] = {}
    for key in KEYS:
        name = key.env
        raw = environ.get(name) if name else None
        if name is None or raw is None or raw == "":
            continue
        try:
            values[key.field] = (parse_env(key, raw), name)
        except ValueError as exc:
            raise UsageError(f"{name}={raw!r}: {exc}") from exc
    return values
