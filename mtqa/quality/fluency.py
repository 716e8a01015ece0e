"""Sentence and document fluency on the 0–100 scale of human direct assessment (DA).

A segment's fluency is a linear model over a few aggregates of its LM scores and word P(BAD),
fitted to the DA scores (``da_mean``) of the bench train splits and clipped to 0–100; the
coefficients live in a JSON file next to the heads. A document's fluency is the word-weighted
mean of its segments, so one long bad paragraph weighs more than a short bad heading.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mtqa.lm.base import SegmentScores
from mtqa.quality.features import WordFeatures

AGGREGATES = (
    "mean_surprisal",
    "max_surprisal",
    "mean_cond_surprisal",
    "mean_pmi",
    "mean_p_bad",
    "max_p_bad",
    "share_flagged",
    "log_words",
)
WORD_AGGREGATES = (
    "word_mean_surprisal",
    "word_max_surprisal",
    "word_mean_cond_surprisal",
    "word_max_cond_surprisal",
    "word_mean_pmi",
    "word_min_pmi",
    "word_mean_zipf",
    "word_min_zipf",
    "word_mean_entropy",
    "word_mean_log_rank",
)
ALL_AGGREGATES = AGGREGATES + WORD_AGGREGATES


def word_aggregates(features: WordFeatures) -> dict[str, float]:
    """Summaries of the per-word features; without a source the source ones repeat the target."""
    if features.matrix.shape[0] == 0:
        return {name: 0.0 for name in WORD_AGGREGATES}
    surprisal = features.column("surprisal")
    with_source = "cond_surprisal" in features.names
    cond = features.column("cond_surprisal") if with_source else surprisal
    pmi = features.column("pmi") if with_source else np.zeros_like(surprisal)
    zipf = features.column("zipf")
    return {
        "word_mean_surprisal": float(surprisal.mean()),
        "word_max_surprisal": float(surprisal.max()),
        "word_mean_cond_surprisal": float(cond.mean()),
        "word_max_cond_surprisal": float(cond.max()),
        "word_mean_pmi": float(pmi.mean()),
        "word_min_pmi": float(pmi.min()),
        "word_mean_zipf": float(zipf.mean()),
        "word_min_zipf": float(zipf.min()),
        "word_mean_entropy": float(features.column("entropy").mean()),
        "word_mean_log_rank": float(features.column("log_rank").mean()),
    }


def aggregates(scores: SegmentScores, p_bad: np.ndarray, threshold: float, n_words: int) -> dict[str, float]:
    """Segment-level summaries; source ones fall back to the target pass when there is no source."""
    target = np.asarray(scores.target.token_surprisals, dtype=np.float64)
    mean_target = float(target.mean()) if target.size else 0.0
    if scores.conditioned is not None and scores.conditioned.token_surprisals:
        cond = np.asarray(scores.conditioned.token_surprisals, dtype=np.float64)
        mean_cond = float(cond.mean())
    else:
        mean_cond = mean_target
    return {
        "mean_surprisal": mean_target,
        "max_surprisal": float(target.max()) if target.size else 0.0,
        "mean_cond_surprisal": mean_cond,
        "mean_pmi": mean_target - mean_cond,
        "mean_p_bad": float(p_bad.mean()) if p_bad.size else 0.0,
        "max_p_bad": float(p_bad.max()) if p_bad.size else 0.0,
        "share_flagged": float((p_bad >= threshold).mean()) if p_bad.size else 0.0,
        "log_words": math.log1p(n_words),
    }


@dataclass(frozen=True)
class LinearMap:
    coef: tuple[float, ...]
    intercept: float


@dataclass(frozen=True)
class FluencyModel:
    """A linear map from aggregates to 0–100, with optional per-source-language maps.

    DA scores are collected per language pair by different annotators, so a map fitted on one
    pair's train split fits that pair best; other languages use the pooled map.
    """

    name: str
    version: str
    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    by_language: Mapping[str, LinearMap] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        return f"{self.name}@{self.version}"

    def predict(self, values: dict[str, float], source_lang: str | None = None) -> float:
        chosen = self.by_language.get(source_lang or "", LinearMap(self.coef, self.intercept))
        raw = chosen.intercept + sum(c * values[n] for c, n in zip(chosen.coef, self.features))
        return float(min(100.0, max(0.0, raw)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FluencyModel:
        return cls(
            name=str(data["name"]),
            version=str(data["version"]),
            features=tuple(data["features"]),
            coef=tuple(float(c) for c in data["coef"]),
            intercept=float(data["intercept"]),
            by_language={
                lang: LinearMap(tuple(float(c) for c in m["coef"]), float(m["intercept"]))
                for lang, m in data.get("by_language", {}).items()
            },
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "features": list(self.features),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "by_language": {
                lang: {"coef": list(m.coef), "intercept": m.intercept} for lang, m in sorted(self.by_language.items())
            },
        }


def document_fluency(fluencies: Sequence[float], word_counts: Sequence[int]) -> float | None:
    total = sum(word_counts)
    if not fluencies:
        return None
    if total == 0:
        return float(sum(fluencies) / len(fluencies))
    return float(sum(f * n for f, n in zip(fluencies, word_counts)) / total)
