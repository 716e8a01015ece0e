"""The effective configuration: defaults < MTQA_* environment variables < command-line flags.

Frozen, so one Config describes one run from start to finish. Where each value came from is
kept for ``mtqa config``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from mtqa.errors import UsageError
from mtqa.lm.registry import DEFAULT_MODEL
from mtqa.types import FailOn, Severity

DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Config:
    model: str = DEFAULT_MODEL
    dtype: str = "auto"
    lang: str | None = None
    source_lang: str | None = None
    fail_on: FailOn = FailOn.ERROR
    min_fluency: float | None = None
    min_segment_fluency: float | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    allowed_terms: frozenset[str] = frozenset()
    input_format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    suggest: bool = True

    def with_overrides(self, **values: Any) -> Config:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _parse(name: str, raw: str) -> Any:
    kinds = {f.name: f for f in fields(Config)}
    if name in ("min_fluency", "min_segment_fluency"):
        return float(raw)
    if name == "max_bytes":
        return int(raw)
    if name == "fail_on":
        return FailOn(raw)
    if name in ("select", "ignore", "extend_select"):
        return tuple(p.strip() for p in raw.split(",") if p.strip())
    if name == "suggest":
        return raw.lower() in ("1", "true", "yes", "on")
    if name in kinds:
        return raw
    raise KeyError(name)


def from_environment(base: Config | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Apply MTQA_* variables (MTQA_MODEL, MTQA_FAIL_ON, MTQA_MIN_FLUENCY, …) to ``base``."""
    environ = os.environ if environ is None else environ
    config = base or Config()
    names = {f.name for f in fields(Config)} - {"severity", "allowed_terms"}
    values: dict[str, Any] = {}
    for name in names:
        raw = environ.get(f"MTQA_{name.upper()}")
        if raw is None or raw == "":
            continue
        try:
            values[name] = _parse(name, raw)
        except (ValueError, KeyError) as exc:
            raise UsageError(f"MTQA_{name.upper()}={raw!r}: {exc}") from exc
    return replace(config, **values)
