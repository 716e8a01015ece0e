"""The effective configuration: defaults < config file < MTQA_* environment variables < flags.

Frozen, so one Config describes one run from start to finish. Each field has one row in the
settings table (mtqa.config.keys), which every way of setting it reads. Where each value came
from is kept by mtqa.config.layering, next to the Config rather than inside it, so that two runs
with the same values compare equal however they were configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mtqa.config.selection import PerFileIgnore
from mtqa.lm.models import DEFAULT_MODEL
from mtqa.types import FailOn, Severity

DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_MAX_WORDS = 500_000
DEFAULT_MAX_SEGMENT_WORDS = 1_000
DEFAULT_CONTEXT_WORDS = 0
DEFAULT_OUTPUT_DIR = Path("reports")
DEFAULT_TIMEOUT = 3600.0
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
    context_words: int = DEFAULT_CONTEXT_WORDS
    """How many words of the preceding segments the target-only pass reads before a segment of
    running text (mtqa.pipeline.plan.DocumentContext); 0: each segment alone, as in catalogs."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds of work allowed per file (``--timeout``); see mtqa.pipeline.deadline. The default
    hour lets a 10,000-segment file through on a laptop CPU (about 35 minutes) but stops a
    pathological input, or a CI job fed far more than it should be, with a clear exit 2."""
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
