"""A scorer's signature, worked out without torch or transformers.

The score cache is looked up by signature, so the signature must be known before (and without)
loading the model: otherwise a re-check served entirely from the cache would still pay for the
imports and the load. ``TransformersScorer`` builds its signature with the same functions, so
the cached and the live scorer can never name the same numbers differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtqa.lm.prompt import PROMPT_VERSION
from mtqa.lm.registry import peek


def cpu_supports_bf16() -> bool:
    """bf16 autocast only pays off with native bf16 dot products (AVX512-BF16 or AMX)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            flags = handle.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def uses_bf16(dtype: str) -> bool:
    """Whether a scorer asked for ``dtype`` (auto, fp32 or bf16) computes in bf16."""
    return dtype == "bf16" or (dtype == "auto" and cpu_supports_bf16())


def scorer_signature(model_signature: str, bf16: bool) -> str:
    """Everything about the scorer that changes its numbers: weights, precision, prompt."""
    return f"model:{model_signature}|dtype:{'bf16' if bf16 else 'fp32'}|prompt:{PROMPT_VERSION}"


@dataclass(frozen=True)
class Expected:
    """What a scorer for a model spec will be, known before loading it."""

    signature: str
    multilingual: bool


def expected(spec: str, dtype: str) -> Expected | None:
    """The signature and language reach of the scorer ``TransformersScorer.load(spec, dtype)``
    would build, or None when only loading can tell (built-in weights not converted yet)."""
    resolved = peek(spec)
    if resolved is None:
        return None
    return Expected(scorer_signature(resolved.signature, uses_bf16(dtype)), resolved.multilingual)
