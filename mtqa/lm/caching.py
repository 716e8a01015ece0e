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
from typing import Any, TypeVar

from mtqa.lm.base import Continuation, Scorer, ScoreRequest, SegmentScores
from mtqa.lm.cache import ScoreCache
from mtqa.lm.codec import continuation_key, decode_logprob, decode_scores, encode_scores, request_key
from mtqa.lm.signature import Expected, expected

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(frozen=True)
class _LoadTransformers:
    """The real scorer, built on first need (a picklable callable, unlike a lambda)."""

    spec: str
    dtype: str

    def __call__(self) -> Scorer:
        from mtqa.lm.load import load_transformers

        return load_transformers(self.spec, self.dtype)


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
        return self._through_cache(
            signature,
            [request_key(signature, r) for r in requests],
            requests,
            decode_scores,
            lambda missing: self._scorer().score(missing),
            encode_scores,
        )

    def score_continuations(self, items: Sequence[Continuation]) -> list[float]:
        signature = self.signature
        return self._through_cache(
            signature,
            [continuation_key(signature, item) for item in items],
            items,
            decode_logprob,
            lambda missing: self._scorer().score_continuations(missing),
            # SQLite stores NaN as NULL; a NaN log-prob is recomputed each time instead.
            lambda value: None if math.isnan(value) else float(value),
        )

    def _through_cache(
        self,
        signature: str,
        keys: list[bytes],
        inputs: Sequence[In],
        decode: Callable[[Any], Out],
        compute: Callable[[list[In]], Sequence[Out]],
        encode: Callable[[Out], object | None],
    ) -> list[Out]:
        """Each input's value: stored ones decoded, the rest computed in one batch and stored.

        A stored value that does not decode is treated as missing: recomputed and left as is.
        ``encode`` returning None keeps a value out of the cache.
        """
        results: dict[bytes, Out] = {}
        for key, stored in self._cache.get_many(keys).items():
            try:
                results[key] = decode(stored)
            except ValueError:
                continue
        missing = {key: item for key, item in zip(keys, inputs) if key not in results}
        hits = sum(1 for key in keys if key in results)
        self.hits += hits
        self.misses += len(keys) - hits
        if missing:
            fresh = dict(zip(missing, compute(list(missing.values()))))
            results.update(fresh)
            encoded = ((key, encode(value)) for key, value in fresh.items())
            self._cache.put_many(signature, [(key, blob) for key, blob in encoded if blob is not None])
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
