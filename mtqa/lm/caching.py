"""A Scorer that answers from the score cache and loads the model only for what it lacks.

The signature comes from ``mtqa.lm.signature`` without importing torch, so a re-check of
unchanged files finds every score (and every correction's log-prob) in the cache and never
loads the model. Misses go to the real scorer in one batch, in request order, and identical
requests in a batch are scored once. Only LM outputs are cached: the QE head, features and
fluency are cheap and are recomputed from them, so the report is the same as an uncached run's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mtqa.lm.base import Continuation, Scorer, ScoreRequest, SegmentScores
from mtqa.lm.cache import ScoreCache
from mtqa.lm.codec import continuation_key, decode_logprob, decode_scores, encode_scores, request_key
from mtqa.lm.signature import Expected, expected


@dataclass(frozen=True)
class _LoadTransformers:
    """The real scorer, built on first need (a picklable callable, unlike a lambda)."""

    spec: str
    dtype: str

    def __call__(self) -> Scorer:
        from mtqa.lm.transformers_scorer import TransformersScorer

        return TransformersScorer.load(self.spec, dtype=self.dtype)


class CachingScorer:
    """Implements the Scorer protocol over a lazily loaded scorer and a ScoreCache."""

    def __init__(self, load: Callable[[], Scorer], cache: ScoreCache, expect: Expected | None) -> None:
        self._load = load
        self._cache = cache
        self._expected = expect
        self._inner: Scorer | None = None
        self.hits = 0
        self.misses = 0

    @property
    def cache(self) -> ScoreCache:
        return self._cache

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    @property
    def signature(self) -> str:
        if self._inner is None and self._expected is not None:
            return self._expected.signature
        return self._scorer().signature

    @property
    def conditions_on_source(self) -> bool:
        if self._inner is None and self._expected is not None:
            return self._expected.multilingual
        return self._scorer().conditions_on_source

    def score(self, requests: Sequence[ScoreRequest]) -> list[SegmentScores]:
        signature = self.signature
        keys = [request_key(signature, r) for r in requests]
        found = self._cache.get_many(keys)
        results: dict[bytes, SegmentScores] = {}
        for key, blob in found.items():
            try:
                results[key] = decode_scores(blob)
            except ValueError:
                continue  # something else in the row: recompute and leave it
        missing = {key: request for key, request in zip(keys, requests) if key not in results}
        self.hits += sum(1 for key in keys if key in results)
        self.misses += len(keys) - sum(1 for key in keys if key in results)
        if missing:
            computed = self._scorer().score(list(missing.values()))
            fresh = dict(zip(missing, computed))
            results.update(fresh)
            self._cache.put_many(signature, [(key, encode_scores(value)) for key, value in fresh.items()])
        return [results[key] for key in keys]

    def score_continuations(self, items: Sequence[Continuation]) -> list[float]:
        signature = self.signature
        keys = [continuation_key(signature, item) for item in items]
        found = self._cache.get_many(keys)
        results: dict[bytes, float] = {}
        for key, value in found.items():
            try:
                results[key] = decode_logprob(value)
            except ValueError:
                continue
        missing = {key: item for key, item in zip(keys, items) if key not in results}
        self.hits += sum(1 for key in keys if key in results)
        self.misses += len(keys) - sum(1 for key in keys if key in results)
        if missing:
            computed = self._scorer().score_continuations(list(missing.values()))
            fresh = dict(zip(missing, computed))
            results.update(fresh)
            # SQLite stores NaN as NULL; a NaN log-prob is recomputed each time instead.
            self._cache.put_many(signature, [(k, float(v)) for k, v in fresh.items() if not math.isnan(v)])
        return [results[key] for key in keys]

    def _scorer(self) -> Scorer:
        if self._inner is None:
            inner = self._load()
            if self._expected is not None and inner.signature != self._expected.signature:
                # A bug, but not worth a failed check: stop trusting keys made with the guess.
                self._cache.disable(f"the model's signature {inner.signature} is not the expected {self._expected.signature}")
            self._inner = inner
        return self._inner


def caching_scorer(spec: str, dtype: str, cache: ScoreCache | None = None) -> CachingScorer:
    """The scorer ``mtqa check`` uses: ``TransformersScorer.load(spec, dtype)`` behind the cache."""
    return CachingScorer(_LoadTransformers(spec, dtype), cache or ScoreCache(), expected(spec, dtype))
